package org.lnteller.ports.usecase;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.lnteller.ports.model.Cassette;
import org.lnteller.ports.model.Satoshi;

/**
 * An operator's request to provision an ATM. {@code pubkey}: 64-hex x-only key or npub, optional;
 * {@code maxPerTx}: the ATM's own per-transaction limit, optional.
 */
public record NewApp(String name, Optional<String> pubkey, List<Cassette> cassettes, Optional<Satoshi> maxPerTx) {
    public NewApp(String name, Optional<String> pubkey, List<Cassette> cassettes) {
        this(name, pubkey, cassettes, Optional.empty());
    }

    public NewApp {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pubkey, "pubkey");
        Objects.requireNonNull(maxPerTx, "maxPerTx");
        cassettes = List.copyOf(cassettes);
    }
}
