package org.lnteller.app.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.lnteller.adapter.simulated.SimulatedLightning;
import org.lnteller.app.bench.BenchHttp.Answer;
import org.lnteller.ports.model.Satoshi;

/**
 * The customers in front of the machines, as the Lightning network sees them: a wallet that pays
 * the invoice a cash-out shows, and a wallet that shows the invoice a cash-in pays. With the
 * simulated backend they are simulated nodes in the driver's process and the server's dev endpoint
 * pays for them; with LND, the stand-in node (which every server instance shares) issues their
 * invoices and settles the server's invoices through its control API, as a payer would.
 */
interface Customers {
    String DEV_PAY = "POST /api/dev/invoices/{hash}/pay (customer)";
    String LND_PAY = "POST /fake/invoices/{hash}/pay (customer)";

    /** The invoice the customer at {@code machine} shows for {@code sats}. */
    String invoice(int machine, long sats);

    /** The customer pays the cash-out invoice with {@code paymentHash}, through {@code http}. */
    Answer pay(BenchHttp http, String paymentHash);

    /** One simulated wallet per machine, so that no wallet's ledger grows with the whole run. */
    static Customers simulated(Path dir, int machines, String adminToken) {
        List<SimulatedLightning> wallets = LoadDriver.customerWallets(dir, machines);
        return new Customers() {
            @Override
            public String invoice(int machine, long sats) {
                return wallets.get(machine)
                        .createInvoice(Satoshi.of(sats), Duration.ofMinutes(10), "bench customer")
                        .bolt11();
            }

            @Override
            public Answer pay(BenchHttp http, String paymentHash) {
                return http.post(DEV_PAY, "/api/dev/invoices/" + paymentHash + "/pay", Optional.of(adminToken), "");
            }
        };
    }

    /** The LND stand-in's control API at {@code control} (http://127.0.0.1:port). */
    static Customers lnd(URI control, Errors errors) {
        BenchHttp own = new BenchHttp(control, BenchHttp.newClient(), new Latencies(), errors);
        return new Customers() {
            @Override
            public String invoice(int machine, long sats) {
                Answer a = own.post(
                        "POST /fake/foreign-invoices", "/fake/foreign-invoices?amount=" + sats, Optional.empty(), "");
                if (a.status() != 200) throw new IllegalStateException("the stand-in issued no invoice: " + a.raw());
                return a.text("bolt11");
            }

            @Override
            public Answer pay(BenchHttp http, String paymentHash) {
                // an absolute URL: the machine's timing, the node's address
                return http.post(
                        LND_PAY,
                        control.resolve("/fake/invoices/" + paymentHash + "/pay")
                                .toString(),
                        Optional.empty(),
                        "");
            }
        };
    }
}
