package org.lnteller.app.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lnteller.app.server.ServerHarness.cassette;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lnteller.adapter.rates.standin.TickerStandIn;
import org.lnteller.adapter.rates.standin.TickerStandIn.Exchange;
import org.lnteller.app.server.ServerHarness.Answer;
import org.lnteller.ports.lightning.SettableClock;

/**
 * The server priced by EXCHANGE_RATES=kraken,bitstamp,coinbase, each a stand-in on loopback:
 * machines get the median, a lying source changes nothing, and with no fresh source they are
 * refused a quote (503 rateUnavailable), never given an old price.
 */
class PricesEndToEndTest {
    @TempDir
    Path data;

    private final SettableClock clock = new SettableClock(Instant.now());
    private final TickerStandIn kraken =
            TickerStandIn.of(Exchange.KRAKEN, clock).price("USD", "60000");
    private final TickerStandIn bitstamp =
            TickerStandIn.of(Exchange.BITSTAMP, clock).price("USD", "60100");
    private final TickerStandIn coinbase =
            TickerStandIn.of(Exchange.COINBASE, clock).price("USD", "60200");
    private ServerHarness server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
        for (TickerStandIn t : List.of(kraken, bitstamp, coinbase)) {
            assertThat(t.violations()).as(t.toString()).isEmpty();
            t.close();
        }
    }

    private ServerHarness serve(Clock serverClock, String... more) {
        Map<String, String> env = new HashMap<>(Map.of(
                "EXCHANGE_RATES",
                "kraken,bitstamp,coinbase",
                "EXCHANGE_RATES_KRAKEN_URL",
                kraken.baseUrl().toString(),
                "EXCHANGE_RATES_BITSTAMP_URL",
                bitstamp.baseUrl().toString(),
                "EXCHANGE_RATES_COINBASE_URL",
                coinbase.baseUrl().toString(),
                "EXCHANGE_RATES_TIMEOUT_MS",
                "500"));
        for (int i = 0; i < more.length; i += 2) env.put(more[i], more[i + 1]);
        server = new ServerHarness(data, env, serverClock);
        return server;
    }

    private String addApp() {
        return server.addApp("corner-shop", cassette(20, 500))
                .path("credentials")
                .path("token")
                .asText();
    }

    @Test
    void machinesAreQuotedTheMedianOfThePublicTickersAndALiarChangesNothing() {
        coinbase.lieBy(20);
        serve(clock);
        String token = addApp();
        int fetches = kraken.requests() + bitstamp.requests() + coinbase.requests();

        Answer rates = null;
        for (int i = 0; i < 50; i++) rates = server.get("/rates", token);

        assertThat(rates.status()).as(rates.raw()).isEqualTo(200);
        assertThat(rates.body().path("rates").get(0).path("marketPrice").decimalValue())
                .isEqualByComparingTo("60050");
        assertThat(rates.body().path("rates").get(0).path("source").asText()).isEqualTo("median of bitstamp,kraken");
        assertThat(server.banner()).contains("prices:    kraken,bitstamp,coinbase");
        // 50 polls, no fetch: the rates come from memory
        assertThat(kraken.requests() + bitstamp.requests() + coinbase.requests())
                .isEqualTo(fetches);
    }

    @Test
    void whenTheLastAnswersAgePastTheMaximumMachinesAreRefusedAQuote() {
        serve(clock);
        String token = addApp();
        assertThat(server.get("/rates", token).status()).isEqualTo(200);
        // the first round of fetches must be over before the sources go down: an answer of that round
        // arriving after the clock jumps below would be dated after the jump (Kraken's carries no time)
        awaitSource(token, "median of bitstamp,coinbase,kraken");
        kraken.status(503);
        bitstamp.status(503);
        coinbase.close();

        // the refresh keeps failing (every 30 s) and the last answers age past 180 s
        clock.advance(Duration.ofSeconds(181));

        Answer rates = server.get("/rates", token);
        assertThat(rates.status()).as(rates.raw()).isEqualTo(503);
        assertThat(rates.body().path("code").asText()).isEqualTo("rateUnavailable");
    }

    @Test
    void withNoFreshSourceAPriceCheckedCashOutIsRefusedWith503Not403() {
        // every ticker down from the start: no background round can make a source fresh meanwhile.
        // (Under the default CASH_OUT_PRICE_CHECK=warn the core lets a cash-out at the machine's own
        // price through.)
        kraken.status(503);
        bitstamp.status(503);
        coinbase.status(503);
        serve(Clock.systemUTC(), "CASH_OUT_PRICE_CHECK", "enforce");
        String token = addApp();

        Answer cashOut = server.post(
                "/tx",
                token,
                "{\"id\":\"6a0f1b8e-1c2d-4e5f-8a9b-0c1d2e3f4a5b\",\"direction\":\"cashOut\",\"cryptoCode\":\"LN\",\"fiat\":\"20\","
                        + "\"cryptoAtoms\":40000,\"txVersion\":1}");
        assertThat(cashOut.status()).as(cashOut.raw()).isEqualTo(503);
        assertThat(cashOut.body().path("code").asText()).isEqualTo("rateUnavailable");
    }

    @Test
    void aServerStartedWhileEveryTickerIsDownStartsAndRefusesQuotesUntilOneAnswers() {
        kraken.status(503);
        bitstamp.status(503);
        coinbase.status(503);
        serve(Clock.systemUTC());
        String token = addApp();

        assertThat(server.get("/rates", token).status()).isEqualTo(503);
    }

    private void awaitSource(String token, String source) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        String seen = "";
        while (System.nanoTime() < deadline) {
            Answer rates = server.get("/rates", token);
            seen = rates.body().path("rates").get(0).path("source").asText();
            if (source.equals(seen)) return;
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("the rates never came from " + source + ", last: " + seen);
    }
}
