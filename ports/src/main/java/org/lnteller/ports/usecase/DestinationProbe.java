package org.lnteller.ports.usecase;

import java.util.function.Function;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.tx.Rejection;

/** Driving port of {@code GET /probe?address=}. Implemented by the core. */
public interface DestinationProbe {

    /** The answer, or why the address cannot be paid at all. */
    sealed interface Answer {
        /**
         * One function per case.
         * Exhaustive: a new case adds a parameter, so no caller compiles until it handles it.
         */
        <R> R fold(Function<? super Probed, ? extends R> probed, Function<? super Refused, ? extends R> refused);

        record Probed(ProbeResult result) implements Answer {
            @Override
            public <R> R fold(
                    Function<? super Probed, ? extends R> probed, Function<? super Refused, ? extends R> refused) {
                return probed.apply(this);
            }
        }

        record Refused(Rejection rejection) implements Answer {
            @Override
            public <R> R fold(
                    Function<? super Probed, ? extends R> probed, Function<? super Refused, ? extends R> refused) {
                return refused.apply(this);
            }
        }
    }

    /**
     * Probes the seed's limits (200,000, 1,000,000 and 2,000,000 sats) to what the customer scanned,
     * and reads the balance. For an LNURL or Lightning address the pay request is fetched once and
     * the service's callback asked at most once per limit actually needed (within the server's
     * per-tx limit and the service's range), one request at a time, a few at most. Pays nothing;
     * may take a few seconds (bounded).
     */
    Answer probe(AppId app, String address);
}
