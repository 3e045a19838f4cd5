package org.lnteller.codec.bolt11;

import java.util.List;

/**
 * One BOLT #11 {@code r} field: the ordered hops from a public node to the payee.
 * An invoice may offer several, most preferred first.
 *
 * @param hops at least one, in forward order
 */
public record RouteHint(List<RouteHop> hops) {
    public RouteHint {
        hops = List.copyOf(hops);
        if (hops.isEmpty()) throw new IllegalArgumentException("a route hint has at least one hop");
    }
}
