package org.lnteller.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.lnteller.core.apps.AppService;
import org.lnteller.core.cashin.CashInService;
import org.lnteller.core.cashin.CashInSettings;
import org.lnteller.core.cashin.SendReconciler;
import org.lnteller.core.machine.MachineService;
import org.lnteller.core.monitor.InvoiceMonitor;
import org.lnteller.core.pricing.PricePolicy;
import org.lnteller.core.pricing.PriceService;
import org.lnteller.ports.lightning.InMemoryLightningBackend;
import org.lnteller.ports.lightning.LightningBackend;
import org.lnteller.ports.lnurl.InMemoryLnurlService;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.Direction;
import org.lnteller.ports.model.FiatAmount;
import org.lnteller.codec.Network;
import org.lnteller.ports.model.Satoshi;
import org.lnteller.ports.model.TxId;
import org.lnteller.ports.rates.FixedExchangeRates;
import org.lnteller.ports.store.AppStore;
import org.lnteller.ports.model.Cassette;
import org.lnteller.ports.store.InMemoryAppStore;
import org.lnteller.ports.store.InMemoryTransactionStore;
import org.lnteller.ports.store.TransactionStore;
import org.lnteller.ports.tx.CashOutTransaction;
import org.lnteller.ports.tx.MachinePost;
import org.lnteller.ports.tx.MachineRequest;
import org.lnteller.ports.tx.Pricing;
import org.lnteller.ports.usecase.MachineTransactions;
import org.lnteller.ports.usecase.NewApp;
import org.lnteller.ports.usecase.PostResult;

/** The README's "Embed the core" example, as written there: it must keep compiling and working. */
class EmbedTheCoreTest {

    @Test
    void theReadmesExampleIssuesAnInvoiceForACashOut() {
        Clock clock = Clock.systemUTC();
        TransactionStore txs = new InMemoryTransactionStore();          // or JdbcStores.open(url).transactions()
        AppStore apps = new InMemoryAppStore();
        LightningBackend lightning = new InMemoryLightningBackend(clock, new SecureRandom());
        PriceService prices = new PriceService(FixedExchangeRates.of(clock, "USD", "60000"),
                new PricePolicy(List.of(Currency.getInstance("USD")), new BigDecimal("5"), new BigDecimal("5"),
                        FiatAmount.ofMajor("USD", "0"), Satoshi.of(2_000_000), PricePolicy.CashOutPriceCheck.WARN), clock);
        CashInService cashIns = new CashInService(txs, lightning, new InMemoryLnurlService(), prices,   // or new HttpLnurlService()
                CashInSettings.defaults(Network.REGTEST), clock, Executors.newCachedThreadPool());
        MachineTransactions machines = new MachineService(txs, apps, lightning, prices, cashIns,
                new MachineService.Settings(Duration.ofMinutes(30), PricePolicy.CashOutPriceCheck.WARN), clock);

        AppId atm = new AppService(apps, new SecureRandom(), clock, Optional.empty())
                .add(new NewApp("lobby", Optional.empty(), List.of(new Cassette(1, FiatAmount.ofMajor("USD", "20"), 50))))
                .app().id();
        PostResult result = machines.post(atm, new MachinePost(TxId.of("tx-1"), Direction.CASH_OUT, 1,
                FiatAmount.ofMajor("USD", "20"), Satoshi.of(35_000), Optional.empty(), List.of(),
                new MachineRequest.Nothing(), Pricing.NONE));

        assertThat(result).isInstanceOf(PostResult.Accepted.class);
        assertThat(((PostResult.Accepted) result).transaction()).isInstanceOfSatisfying(CashOutTransaction.class,
                tx -> assertThat(tx.wireStatus()).isEqualTo("notSeen"));
        assertThat(new InvoiceMonitor(txs, lightning, clock, 100).runOnce().checked()).isEqualTo(1);
        assertThat(new SendReconciler(txs, lightning, CashInSettings.defaults(Network.REGTEST), clock, 100).runOnce().checked()).isZero();
    }
}
