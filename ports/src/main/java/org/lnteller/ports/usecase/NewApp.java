package org.lnteller.ports.usecase;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.lnteller.ports.store.Cassette;

/** An operator's request to provision an ATM. {@code pubkey}: 64-hex x-only key or npub, optional. */
public record NewApp(String name, Optional<String> pubkey, List<Cassette> cassettes) {
    public NewApp {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pubkey, "pubkey");
        cassettes = List.copyOf(cassettes);
    }
}
