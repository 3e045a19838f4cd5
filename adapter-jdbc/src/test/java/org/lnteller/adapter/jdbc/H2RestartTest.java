package org.lnteller.adapter.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lnteller.ports.store.AppFixtures.appWithEverything;
import static org.lnteller.ports.store.PurchaseFixtures.paidRenewal;
import static org.lnteller.ports.store.PurchaseFixtures.purchase;
import static org.lnteller.ports.store.TransactionFixtures.at;
import static org.lnteller.ports.store.TransactionFixtures.cashInWithEverything;
import static org.lnteller.ports.store.TransactionFixtures.cashOutWithEverything;
import static org.lnteller.ports.store.TransactionFixtures.txId;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lnteller.ports.model.App;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.Purchase;
import org.lnteller.ports.store.Decision;
import org.lnteller.ports.store.TransactionQuery;
import org.lnteller.ports.tx.Action;
import org.lnteller.ports.tx.Actor;
import org.lnteller.ports.tx.CashInTransaction;
import org.lnteller.ports.tx.CashOutTransaction;

/** The embedded database survives a restart: what was written is read back from the file. */
class H2RestartTest {
    @TempDir
    Path dir;

    @Test
    void everythingWrittenBeforeARestartIsThereAfterIt() {
        String url = JdbcStores.h2FileUrl(dir.resolve("lnteller"));
        CashInTransaction in = cashInWithEverything(txId(1));
        CashOutTransaction out = cashOutWithEverything(txId(2));
        List<Action> inLog = List.of(
                new Action(at(1), Actor.MACHINE, "created", "v1"),
                new Action(at(2), Actor.RECONCILER, "send-confirmed", "preimage known"));
        App app = appWithEverything(1);
        Purchase pending = purchase(1);
        Purchase renewal = paidRenewal(2, AppId.of("app-1"));

        try (JdbcStores stores = JdbcStores.open(url)) {
            stores.transactions().change(in.id(), c -> Decision.write(in, inLog, null));
            stores.transactions()
                    .change(out.id(), c -> Decision.write(out, new Action(at(3), Actor.MONITOR, "paid", ""), null));
            stores.apps().create(app);
            stores.purchases().create(pending);
            stores.purchases().create(renewal);
        }

        try (JdbcStores reopened = JdbcStores.open(url)) {
            assertThat(reopened.migrationsExecuted()).isZero();
            assertThat(reopened.transactions().find(in.id())).contains(in);
            assertThat(reopened.transactions().find(out.id())).contains(out);
            assertThat(reopened.transactions().findByPaymentHash(out.paymentHash()))
                    .contains(out);
            assertThat(reopened.transactions().actions(in.id())).isEqualTo(inLog);
            assertThat(reopened.transactions().actions(out.id()))
                    .extracting(Action::kind)
                    .containsExactly("paid");
            assertThat(reopened.transactions().list(TransactionQuery.all(10)).items())
                    .containsExactly(out, in);
            assertThat(reopened.apps().find(app.id())).contains(app);
            assertThat(reopened.apps().findByTokenHash(app.tokenHash())).contains(app);
            assertThat(reopened.purchases().find(pending.paymentHash())).contains(pending);
            assertThat(reopened.purchases().find(renewal.paymentHash())).contains(renewal);
            assertThat(reopened.purchases().list(Optional.empty(), 10)).containsExactly(renewal, pending);
        }
    }
}
