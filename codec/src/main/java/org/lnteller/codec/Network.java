package org.lnteller.codec;

import java.util.Arrays;
import java.util.Optional;

/** A Bitcoin network, named by the BOLT11 human-readable prefix after "ln". */
public enum Network {
    MAINNET("bc"),
    TESTNET("tb"),
    SIGNET("tbs"),
    REGTEST("bcrt");

    private final String bolt11Prefix;

    Network(String bolt11Prefix) {
        this.bolt11Prefix = bolt11Prefix;
    }

    /** "bc", "tb", "tbs" or "bcrt": what follows "ln" in an invoice. */
    public String bolt11Prefix() {
        return bolt11Prefix;
    }

    public static Optional<Network> fromBolt11Prefix(String prefix) {
        return Arrays.stream(values())
                .filter(n -> n.bolt11Prefix.equals(prefix))
                .findFirst();
    }

    /** Accepts a name ("regtest") or a prefix ("bcrt"), any case. */
    public static Network parse(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        for (Network n : values()) {
            if (n.name().toLowerCase(java.util.Locale.ROOT).equals(t) || n.bolt11Prefix.equals(t)) return n;
        }
        throw new IllegalArgumentException("unknown network '" + text + "' (mainnet, testnet, signet, regtest)");
    }
}
