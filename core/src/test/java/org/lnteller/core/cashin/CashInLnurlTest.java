package org.lnteller.core.cashin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lnteller.core.cashin.CashInWorld.ATM;
import static org.lnteller.core.cashin.CashInWorld.post;
import static org.lnteller.ports.tx.CashInFlags.sendConfirmed;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lnteller.codec.Network;
import org.lnteller.ports.lnurl.InMemoryLnurlService;
import org.lnteller.ports.lnurl.LnurlException;
import org.lnteller.ports.lnurl.LnurlException.Kind;
import org.lnteller.ports.model.MilliSatoshi;
import org.lnteller.ports.model.Satoshi;
import org.lnteller.ports.model.TxId;
import org.lnteller.ports.tx.CashInTransaction;
import org.lnteller.ports.tx.Rejection;
import org.lnteller.ports.usecase.DestinationProbe.Answer;
import org.lnteller.ports.usecase.PostResult;
import org.lnteller.ports.usecase.ProbeResult;

/** Cash-ins and probes to LNURL and Lightning address destinations: how often the wallet is asked, and what a machine is told. */
class CashInLnurlTest {
    private static final URI ALICE = URI.create("https://pay.example.com/.well-known/lnurlp/alice");
    private static final String ADDRESS = "alice@pay.example.com";
    private static final String METADATA = "[[\"text/plain\",\"alice\"]]";
    /** What an internal service behind a QR code might say: nothing of it may reach a machine. */
    private static final String INTERNAL = "ECONNREFUSED 10.0.0.7:5432 at db.internal, user postgres";

    private final InMemoryLnurlService lnurl = new InMemoryLnurlService();
    private CashInWorld world = new CashInWorld(CashInSettings.defaults(Network.REGTEST), lnurl);

    @AfterEach
    void close() {
        world.close();
    }

    /** A wallet service whose callback answers real invoices of the world's customer for the amount asked. */
    private void serveRealInvoices(MilliSatoshi max) {
        lnurl.register(ALICE, MilliSatoshi.of(1_000), max, METADATA, realInvoices());
    }

    private Function<MilliSatoshi, String> realInvoices() {
        return amount -> world.invoice(amount.truncateToSatoshi().sat()).text();
    }

    private ProbeResult probed(Answer answer) {
        assertThat(answer).isInstanceOf(Answer.Probed.class);
        return ((Answer.Probed) answer).result();
    }

    @Test
    void aProbeFetchesThePayRequestOnceAndAsksTheCallbackOncePerLimit() {
        serveRealInvoices(MilliSatoshi.of(2_000_000_000L));

        ProbeResult result = probed(world.cashIns.probe(ATM, ADDRESS));

        assertThat(lnurl.payRequestCalls()).isEqualTo(1);
        assertThat(lnurl.requestedAmounts())
                .containsExactlyInAnyOrder(
                        MilliSatoshi.of(200_000_000L),
                        MilliSatoshi.of(1_000_000_000L),
                        MilliSatoshi.of(2_000_000_000L));
        assertThat(result.routable())
                .containsExactly(Satoshi.of(200_000), Satoshi.of(1_000_000), Satoshi.of(2_000_000));
    }

    @Test
    void aProbeAsksTheCallbackOneRequestAtATime() {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Function<MilliSatoshi, String> invoices = realInvoices();
        lnurl.register(ALICE, MilliSatoshi.of(1_000), MilliSatoshi.of(2_000_000_000L), METADATA, amount -> {
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(50);
                return invoices.apply(amount);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            } finally {
                inFlight.decrementAndGet();
            }
        });

        probed(world.cashIns.probe(ATM, ADDRESS));

        assertThat(lnurl.invoiceRequests()).isEqualTo(3);
        assertThat(most.get()).isEqualTo(1);
    }

    @Test
    void aProbeDoesNotAskTheWalletForALimitNoCashInCanReach() {
        world.close();
        world = new CashInWorld(CashInSettings.defaults(Network.REGTEST), lnurl, Satoshi.of(1_000_000));
        serveRealInvoices(MilliSatoshi.of(2_000_000_000L));

        ProbeResult result = probed(world.cashIns.probe(ATM, ADDRESS));

        assertThat(lnurl.requestedAmounts())
                .containsExactlyInAnyOrder(MilliSatoshi.of(200_000_000L), MilliSatoshi.of(1_000_000_000L));
        assertThat(result.limits().get(2).reason())
                .hasValueSatisfying(r -> assertThat(r).contains("per-transaction limit"));
    }

    @Test
    void aProbeDoesNotAskTheWalletForAnAmountOutsideItsRange() {
        serveRealInvoices(MilliSatoshi.of(1_000_000_000L));

        probed(world.cashIns.probe(ATM, ADDRESS));

        assertThat(lnurl.requestedAmounts())
                .containsExactlyInAnyOrder(MilliSatoshi.of(200_000_000L), MilliSatoshi.of(1_000_000_000L));
    }

    @Test
    void aProbeStopsAskingAWalletThatDidNotAnswer() {
        lnurl.register(ALICE, MilliSatoshi.of(1_000), MilliSatoshi.of(2_000_000_000L), METADATA, amount -> {
            throw new LnurlException(
                    Kind.TIMEOUT, "The payment service pay.example.com did not answer within 5 seconds.");
        });

        ProbeResult result = probed(world.cashIns.probe(ATM, ADDRESS));

        assertThat(lnurl.invoiceRequests()).isEqualTo(1);
        assertThat(result.routable()).isEmpty();
        assertThat(result.limits())
                .allSatisfy(l ->
                        assertThat(l.reason()).contains(new Rejection.WalletServiceFailed(Kind.TIMEOUT).message()));
    }

    @Test
    void aWalletThatRefusesThePayRequestIsAnsweredWithAFixedTextNeverItsOwn() {
        serveRealInvoices(MilliSatoshi.of(2_000_000_000L));
        lnurl.refusePayRequest(ALICE, INTERNAL);

        Answer answer = world.cashIns.probe(ATM, ADDRESS);

        assertThat(answer).isEqualTo(new Answer.Refused(new Rejection.WalletServiceFailed(Kind.REFUSED)));
        Rejection rejection = ((Answer.Refused) answer).rejection();
        assertThat(rejection.code()).isEqualTo("walletRefused");
        assertThat(rejection.message()).doesNotContain("10.0.0.7").doesNotContain("ECONNREFUSED");
    }

    @Test
    void aWalletThatRefusesInvoicesIsNeverQuotedInAProbe() {
        serveRealInvoices(MilliSatoshi.of(2_000_000_000L));
        lnurl.refuseInvoices(ALICE, INTERNAL);

        ProbeResult result = probed(world.cashIns.probe(ATM, ADDRESS));

        assertThat(result.limits())
                .allSatisfy(l -> assertThat(l.reason())
                        .hasValueSatisfying(r -> assertThat(r)
                                .doesNotContain("10.0.0.7")
                                .doesNotContain("ECONNREFUSED")
                                .isEqualTo(new Rejection.WalletServiceFailed(Kind.REFUSED).message())));
    }

    @Test
    void aCashInToAWalletThatRefusesIsRefusedWithAFixedCodeAndTextAndStoresNoRemoteText() {
        serveRealInvoices(MilliSatoshi.of(2_000_000_000L));
        lnurl.refuseInvoices(ALICE, INTERNAL);

        world.machines.post(ATM, post("l1", 1, ADDRESS, List.of(20), false));
        PostResult result = world.machines.post(ATM, post("l1", 2, ADDRESS, List.of(20), true));

        assertThat(result).isEqualTo(new PostResult.Refused(new Rejection.WalletServiceFailed(Kind.REFUSED)));
        CashInTransaction tx =
                (CashInTransaction) world.transactions.find(TxId.of("l1")).orElseThrow();
        assertThat(tx.error()).hasValueSatisfying(e -> {
            assertThat(e.code()).isEqualTo("walletRefused");
            assertThat(e.message()).doesNotContain("10.0.0.7");
        });
        assertThat(lnurl.invoiceRequests()).isEqualTo(1);
    }

    @Test
    void aCashInToALightningAddressIsPaidWithOneFetchAndOneInvoiceRequest() {
        serveRealInvoices(MilliSatoshi.of(2_000_000_000L));

        world.machines.post(ATM, post("l2", 1, ADDRESS, List.of(20), false));
        PostResult result = world.machines.post(ATM, post("l2", 2, ADDRESS, List.of(20), true));

        assertThat(result).isInstanceOf(PostResult.Accepted.class);
        assertThat(sendConfirmed((CashInTransaction) ((PostResult.Accepted) result).transaction()))
                .isTrue();
        assertThat(lnurl.payRequestCalls()).isEqualTo(1);
        assertThat(lnurl.invoiceRequests()).isEqualTo(1);
        assertThat(Optional.of(lnurl.requestedAmounts().get(0)))
                .contains(Satoshi.of(40_000).toMilliSatoshi());
    }
}
