package org.lnteller.ports.tx;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.Direction;
import org.lnteller.ports.model.FiatAmount;
import org.lnteller.ports.model.Satoshi;
import org.lnteller.ports.model.TxId;

/**
 * A machine transaction as it is stored: one immutable state. The rules that move it from state to
 * state live in the core; stores only keep states. {@link #lastPost()} is the fingerprint of the
 * last machine post applied, so that an exact re-send can be told apart from a stale one.
 */
public sealed interface Transaction permits CashInTransaction, CashOutTransaction {

    TxId id();

    AppId appId();

    Direction direction();

    /** The version of the last machine post applied; strictly increases per applied post. */
    long txVersion();

    FiatAmount fiat();

    Satoshi cryptoAtoms();

    Pricing pricing();

    /** Lamassu's status name of this state, e.g. "notSeen" or "confirmed". */
    String wireStatus();

    Optional<TxError> error();

    Instant createdAt();

    Instant updatedAt();

    /** Fingerprint of the last applied machine post (empty for none). */
    String lastPost();

    /**
     * One function per direction.
     * Exhaustive: a new kind of transaction adds a parameter, so no caller compiles until it handles it.
     */
    <R> R fold(
            Function<? super CashInTransaction, ? extends R> cashIn,
            Function<? super CashOutTransaction, ? extends R> cashOut);

    /** "LN": the only crypto code this server speaks. */
    default String cryptoCode() {
        return "LN";
    }
}
