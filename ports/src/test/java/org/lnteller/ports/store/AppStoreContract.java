package org.lnteller.ports.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lnteller.ports.store.AppFixtures.app;
import static org.lnteller.ports.store.AppFixtures.appId;
import static org.lnteller.ports.store.AppFixtures.appWithEverything;
import static org.lnteller.ports.store.AppFixtures.tokenHash;
import static org.lnteller.ports.store.AppFixtures.withCassettes;
import static org.lnteller.ports.store.AppFixtures.withCreatedAt;
import static org.lnteller.ports.store.AppFixtures.withTokenHash;
import static org.lnteller.ports.store.TransactionFixtures.T0;
import static org.lnteller.ports.store.TransactionFixtures.usd;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lnteller.ports.model.App;
import org.lnteller.ports.model.AppStatus;
import org.lnteller.ports.model.Cassette;
import org.lnteller.ports.model.FiatAmount;
import org.lnteller.ports.model.TxId;
import org.lnteller.ports.tx.DispenseLine;

/**
 * What every {@link AppStore} must do. An implementation's test extends this class and implements
 * {@link #newStore()}; resources it opens are registered with {@link #closeAfterEach(AutoCloseable)}.
 */
public abstract class AppStoreContract extends StoreContractSupport {

    /** The store under test. */
    protected AppStore store;

    /** A fresh, empty store. Called before each test. */
    protected abstract AppStore newStore() throws Exception;

    @BeforeEach
    protected final void openStore() throws Exception {
        store = newStore();
        if (store instanceof AutoCloseable closeable) closeAfterEach(closeable);
    }

    @Test
    void anUnknownAppIsNotThere() {
        assertThat(store.find(appId(1))).isEmpty();
        assertThat(store.findByTokenHash(tokenHash("nobody"))).isEmpty();
        assertThat(store.list()).isEmpty();
    }

    @Test
    void anAppKeepsEveryField() {
        App app = appWithEverything(1);
        store.create(app);

        assertThat(store.find(app.id())).contains(app);
        assertThat(store.findByTokenHash(app.tokenHash())).contains(app);
    }

    @Test
    void anAppWithNothingOptionalKeepsItsEmptyParts() {
        App app = app(1);
        store.create(app);

        App found = store.find(app.id()).orElseThrow();

        assertThat(found).isEqualTo(app);
        assertThat(found.pubkey()).isEmpty();
        assertThat(found.expiresAt()).isEmpty();
        assertThat(found.cassettes()).isEmpty();
    }

    @Test
    void aTokenHashFindsOnlyItsOwnApp() {
        store.create(app(1));
        store.create(app(2));

        assertThat(store.findByTokenHash(app(2).tokenHash())).contains(app(2));
        assertThat(store.findByTokenHash(tokenHash("app-3"))).isEmpty();
    }

    @Test
    void aSecondAppWithTheSameIdIsRefused() {
        store.create(app(1));

        assertThatThrownBy(() -> store.create(withTokenHash(appWithEverything(1), tokenHash("fresh"))))
                .isInstanceOf(AlreadyExists.class);

        assertThat(store.find(appId(1))).contains(app(1));
        assertThat(store.findByTokenHash(tokenHash("fresh"))).isEmpty();
    }

    @Test
    void aSecondAppWithTheSameTokenHashIsRefused() {
        store.create(app(1));

        assertThatThrownBy(() -> store.create(withTokenHash(app(2), app(1).tokenHash())))
                .isInstanceOf(AlreadyExists.class);

        assertThat(store.find(appId(2))).isEmpty();
        assertThat(store.list()).containsExactly(app(1));
    }

    @Test
    void appsAreListedOldestFirstWithTiesBrokenById() {
        store.create(withCreatedAt(app(3), T0.plusSeconds(50)));
        store.create(app(1));
        store.create(withCreatedAt(app(4), T0.plusSeconds(20)));
        store.create(withCreatedAt(app(2), T0.plusSeconds(20)));

        assertThat(store.list()).extracting(App::id).containsExactly(appId(1), appId(2), appId(4), appId(3));
    }

    @Test
    void theCassettesBecomeWhatTheChangeReturnsForTheCurrentOnes() {
        App app = appWithEverything(1);
        store.create(app);
        AtomicReference<List<Cassette>> seen = new AtomicReference<>();
        List<Cassette> refilled = List.of(
                new Cassette(1, usd(2000), 500),
                new Cassette(3, usd(500), 42),
                new Cassette(4, FiatAmount.ofMinor("EUR", 5000), 7));

        App written = store.updateCassettes(app.id(), current -> {
            seen.set(current);
            return refilled;
        });

        assertThat(seen.get()).isEqualTo(app.cassettes());
        assertThat(written).isEqualTo(withCassettes(app, refilled));
        assertThat(store.find(app.id())).contains(written);
    }

    @Test
    void cassettesComeBackInPositionOrder() {
        App shuffled = withCassettes(
                app(1),
                List.of(new Cassette(3, usd(500), 1), new Cassette(1, usd(2000), 2), new Cassette(2, usd(1000), 3)));
        store.create(shuffled);
        List<Cassette> ordered =
                List.of(new Cassette(1, usd(2000), 2), new Cassette(2, usd(1000), 3), new Cassette(3, usd(500), 1));

        assertThat(store.find(shuffled.id()).orElseThrow().cassettes()).isEqualTo(ordered);
        assertThat(store.updateCassettes(
                                shuffled.id(), current -> List.of(current.get(2), current.get(0), current.get(1)))
                        .cassettes())
                .isEqualTo(ordered);
        assertThat(store.find(shuffled.id()).orElseThrow().cassettes()).isEqualTo(ordered);
    }

    @Test
    void everyCassetteCanBeRemovedAndAddedAgain() {
        App app = appWithEverything(1);
        store.create(app);

        store.updateCassettes(app.id(), current -> List.of());
        assertThat(store.find(app.id()).orElseThrow().cassettes()).isEmpty();

        store.updateCassettes(app.id(), current -> List.of(new Cassette(2, usd(100), 1)));
        assertThat(store.find(app.id()).orElseThrow().cassettes()).containsExactly(new Cassette(2, usd(100), 1));
    }

    @Test
    void cassettesThatBreakTheRulesAreNotWritten() {
        App app = appWithEverything(1);
        store.create(app);

        assertThatThrownBy(() -> store.updateCassettes(
                        app.id(), current -> List.of(new Cassette(1, usd(100), 1), new Cassette(1, usd(500), 1))))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(store.find(app.id())).contains(app);
    }

    @Test
    void changingAnUnknownAppIsNotFound() {
        store.create(app(1));

        assertThatThrownBy(() -> store.updateCassettes(appId(2), current -> current))
                .isInstanceOf(NotFound.class);
        assertThatThrownBy(() -> store.setStatus(appId(2), AppStatus.DISABLED)).isInstanceOf(NotFound.class);
        assertThatThrownBy(() -> store.setExpiry(appId(2), Optional.of(T0))).isInstanceOf(NotFound.class);
        assertThat(store.list()).containsExactly(app(1));
    }

    @Test
    void anAppCanBeDisabledAndEnabledAgainKeepingEverythingElse() {
        App app = appWithEverything(1);
        store.create(app);

        App disabled = store.setStatus(app.id(), AppStatus.DISABLED);
        App enabled = store.setStatus(app.id(), AppStatus.ACTIVE);

        assertThat(disabled.status()).isEqualTo(AppStatus.DISABLED);
        assertThat(enabled)
                .isEqualTo(new App(
                        app.id(),
                        app.name(),
                        app.tokenHash(),
                        app.pubkey(),
                        AppStatus.ACTIVE,
                        app.createdAt(),
                        app.expiresAt(),
                        app.cassettes(),
                        app.maxPerTx()));
        assertThat(store.find(app.id())).contains(enabled);
    }

    @Test
    void aReplacedTokenHashFindsTheAppAndTheOldOneNoLonger() {
        App app = appWithEverything(1);
        store.create(app);

        App rotated = store.replaceTokenHash(app.id(), tokenHash("rotated"));

        assertThat(rotated).isEqualTo(withTokenHash(app, tokenHash("rotated")));
        assertThat(store.findByTokenHash(tokenHash("rotated"))).contains(rotated);
        assertThat(store.findByTokenHash(app.tokenHash())).isEmpty();
        assertThat(store.find(app.id())).contains(rotated);
    }

    @Test
    void aTokenHashOfAnotherAppIsNotTakenAndNothingIsWritten() {
        store.create(app(1));
        store.create(app(2));
        long before = store.revocations();

        assertThatThrownBy(() -> store.replaceTokenHash(app(1).id(), app(2).tokenHash()))
                .isInstanceOf(AlreadyExists.class);
        assertThatThrownBy(() -> store.replaceTokenHash(appId(3), tokenHash("x")))
                .isInstanceOf(NotFound.class);

        assertThat(store.list()).containsExactly(app(1), app(2));
        assertThat(store.revocations()).isEqualTo(before);
    }

    @Test
    void revocationsGrowWithEveryStatusOrTokenChangeAndNotWithOtherWrites() {
        App app = appWithEverything(1);
        long start = store.revocations();
        store.create(app);
        store.updateCassettes(app.id(), current -> List.of());
        assertThat(store.revocations()).as("create and cassettes").isEqualTo(start);

        store.setStatus(app.id(), AppStatus.DISABLED);
        long afterDisable = store.revocations();
        store.replaceTokenHash(app.id(), tokenHash("rotated"));
        long afterRotate = store.revocations();
        store.setStatus(app.id(), AppStatus.DELETED);
        long afterDelete = store.revocations();

        assertThat(afterDisable).isGreaterThan(start);
        assertThat(afterRotate).isGreaterThan(afterDisable);
        assertThat(afterDelete).isGreaterThan(afterRotate);
    }

    @Test
    void aDeletedAppKeepsItsRowWithStatusDeleted() {
        App app = appWithEverything(1);
        store.create(app);

        App deleted = store.setStatus(app.id(), AppStatus.DELETED);

        assertThat(deleted).isEqualTo(app.withStatus(AppStatus.DELETED));
        assertThat(store.find(app.id())).contains(deleted);
        assertThat(store.findByTokenHash(app.tokenHash())).contains(deleted);
    }

    @Test
    void anExpiryCanBeSetAndCleared() {
        App app = app(1);
        store.create(app);
        Instant expiry = Instant.parse("2025-12-31T23:59:59.999999Z");

        App expiring = store.setExpiry(app.id(), Optional.of(expiry));
        assertThat(expiring.expiresAt()).contains(expiry);
        assertThat(store.find(app.id())).contains(expiring);

        App forever = store.setExpiry(app.id(), Optional.empty());
        assertThat(forever).isEqualTo(app);
        assertThat(store.find(app.id())).contains(app);
    }

    @Test
    void racingCassetteChangesAreAllApplied() throws Exception {
        App app = appWithEverything(1);
        store.create(app);

        Race.run(
                16,
                Race.times(
                        64,
                        () -> store.updateCassettes(
                                app.id(),
                                current -> current.stream()
                                        .map(c -> c.position() == 1
                                                ? new Cassette(1, c.denomination(), c.count() - 1)
                                                : c)
                                        .toList())));

        assertThat(store.find(app.id()).orElseThrow().cassettes())
                .containsExactly(
                        new Cassette(1, usd(2000), 150 - 64),
                        new Cassette(2, usd(1000), 0),
                        new Cassette(3, usd(500), 42));
    }

    // ---------------------------------------------------------------- notes for cash-outs

    private static Optional<List<DispenseLine>> twoTwenties(List<Cassette> cassettes) {
        return Optional.of(List.of(new DispenseLine(1, usd(2000), 2, OptionalInt.empty(), OptionalInt.empty())));
    }

    @Test
    void notesAreWithdrawnOncePerCashOutAndARepeatGetsTheSameNotes() {
        App app = appWithEverything(1);
        store.create(app);
        AtomicInteger plans = new AtomicInteger();

        Optional<List<DispenseLine>> first = store.withdrawNotes(app.id(), TxId.of("tx-1"), c -> {
            plans.incrementAndGet();
            return twoTwenties(c);
        });
        Optional<List<DispenseLine>> again = store.withdrawNotes(app.id(), TxId.of("tx-1"), c -> {
            plans.incrementAndGet();
            return twoTwenties(c);
        });

        assertThat(first).isEqualTo(twoTwenties(List.of()));
        assertThat(again).isEqualTo(first);
        assertThat(plans).hasValue(1);
        assertThat(store.find(app.id()).orElseThrow().cassettes().get(0).count())
                .isEqualTo(150 - 2);
    }

    @Test
    void aPlanThatFindsNoNotesWritesNothing() {
        App app = appWithEverything(1);
        store.create(app);
        assertThat(store.withdrawNotes(app.id(), TxId.of("tx-1"), c -> Optional.empty()))
                .isEmpty();
        assertThat(store.find(app.id())).contains(app);
        assertThat(store.withdrawNotes(app.id(), TxId.of("tx-1"), AppStoreContract::twoTwenties))
                .isPresent();
    }

    @Test
    void aPlanThatTakesMoreNotesThanACassetteHoldsIsRefusedAndWritesNothing() {
        App app = appWithEverything(1);
        store.create(app);
        assertThatThrownBy(() -> store.withdrawNotes(
                        app.id(),
                        TxId.of("tx-1"),
                        c -> Optional.of(List.of(
                                new DispenseLine(1, usd(2000), 151, OptionalInt.empty(), OptionalInt.empty())))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.withdrawNotes(
                        app.id(),
                        TxId.of("tx-1"),
                        c -> Optional.of(
                                List.of(new DispenseLine(9, usd(2000), 1, OptionalInt.empty(), OptionalInt.empty())))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.withdrawNotes(
                        app.id(),
                        TxId.of("tx-1"),
                        c -> Optional.of(
                                List.of(new DispenseLine(1, usd(5000), 1, OptionalInt.empty(), OptionalInt.empty())))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.find(app.id())).contains(app);
    }

    @Test
    void withdrawingFromAnUnknownAppIsNotFound() {
        assertThatThrownBy(() -> store.withdrawNotes(appId(9), TxId.of("tx-1"), AppStoreContract::twoTwenties))
                .isInstanceOf(NotFound.class);
    }

    @Test
    void racingWithdrawalsForOneCashOutTakeItsNotesOnce() throws Exception {
        App app = appWithEverything(1);
        store.create(app);
        Race.run(
                8, Race.times(32, () -> store.withdrawNotes(app.id(), TxId.of("tx-1"), AppStoreContract::twoTwenties)));
        assertThat(store.find(app.id()).orElseThrow().cassettes().get(0).count())
                .isEqualTo(150 - 2);
    }

    @Test
    void racingCashOutsNeverTakeMoreNotesThanTheCassetteHolds() throws Exception {
        App app = withCassettes(app(1), List.of(new Cassette(1, usd(2000), 5)));
        store.create(app);
        AtomicInteger tx = new AtomicInteger();
        List<Optional<List<DispenseLine>>> results = Race.run(
                8,
                Race.times(
                        20,
                        () -> store.withdrawNotes(
                                app.id(),
                                TxId.of("tx-" + tx.incrementAndGet()),
                                cassettes -> cassettes.get(0).count() == 0
                                        ? Optional.empty()
                                        : Optional.of(List.of(new DispenseLine(
                                                1, usd(2000), 1, OptionalInt.empty(), OptionalInt.empty()))))));
        assertThat(results.stream().filter(Optional::isPresent).count()).isEqualTo(5);
        assertThat(store.find(app.id()).orElseThrow().cassettes().get(0).count())
                .isZero();
    }
}
