package org.lnteller.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lnteller.codec.Network;
import org.lnteller.ports.lightning.InMemoryLightningBackend;
import org.lnteller.ports.lnurl.InMemoryLnurlService;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.Cassette;
import org.lnteller.ports.model.Direction;
import org.lnteller.ports.model.FiatAmount;
import org.lnteller.ports.model.Satoshi;
import org.lnteller.ports.model.TxId;
import org.lnteller.ports.rates.FixedExchangeRates;
import org.lnteller.ports.store.InMemoryAppStore;
import org.lnteller.ports.store.InMemoryTransactionStore;
import org.lnteller.ports.store.TransactionQuery;
import org.lnteller.ports.tx.CashOutTransaction;
import org.lnteller.ports.tx.MachinePost;
import org.lnteller.ports.tx.MachineRequest;
import org.lnteller.ports.tx.Pricing;
import org.lnteller.ports.usecase.NewApp;
import org.lnteller.ports.usecase.PostResult;

/** The README's "Embed the core" example, as written there: it must keep compiling and working. */
class EmbedTheCoreTest {

    @Test
    void theReadmesExampleIssuesAnInvoiceForACashOut() {
        Clock clock = Clock.systemUTC();
        try (Lnteller lnteller = Lnteller.builder()
                .transactions(new InMemoryTransactionStore())
                .apps(new InMemoryAppStore()) // or JdbcStores.open(url)
                .lightning(new InMemoryLightningBackend(clock, new SecureRandom()))
                .exchangeRates(FixedExchangeRates.of(clock, "USD", "60000"))
                .lnurl(new InMemoryLnurlService()) // or new HttpLnurlService()
                .network(Network.REGTEST)
                .clock(clock)
                .random(new SecureRandom())
                .build()) {

            AppId atm = lnteller.apps()
                    .add(new NewApp(
                            "lobby", Optional.empty(), List.of(new Cassette(1, FiatAmount.ofMajor("USD", "20"), 50))))
                    .app()
                    .id();
            PostResult result = lnteller.machineTransactions()
                    .post(
                            atm,
                            new MachinePost(
                                    TxId.of("tx-1"),
                                    Direction.CASH_OUT,
                                    1,
                                    FiatAmount.ofMajor("USD", "20"),
                                    Satoshi.of(35_000),
                                    Optional.empty(),
                                    List.of(),
                                    new MachineRequest.Nothing(),
                                    Pricing.NONE));

            assertThat(result).isInstanceOf(PostResult.Accepted.class);
            assertThat(((PostResult.Accepted) result).transaction())
                    .isInstanceOfSatisfying(
                            CashOutTransaction.class,
                            tx -> assertThat(tx.wireStatus()).isEqualTo("notSeen"));
            assertThat(lnteller.invoiceMonitor().runOnce().checked()).isEqualTo(1);
            assertThat(lnteller.sendReconciler().runOnce().checked()).isZero();
            assertThat(lnteller.operator()
                            .transactions(TransactionQuery.all(10))
                            .items())
                    .hasSize(1);
        }
    }

    @Test
    void aBuilderMissingPortsNamesEachOneMissing() {
        assertThatThrownBy(() -> Lnteller.builder()
                        .clock(Clock.systemUTC())
                        .network(Network.REGTEST)
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContainingAll(
                        "transactions(TransactionStore)",
                        "apps(AppStore)",
                        "lightning(LightningBackend)",
                        "exchangeRates(ExchangeRates)",
                        "lnurl(LnurlService)",
                        "random(SecureRandom)")
                .hasMessageNotContaining("clock(Clock)")
                .hasMessageNotContaining("network(Network)");
    }
}
