package org.lnteller.ports.usecase;

import java.util.Objects;
import java.util.Optional;

/**
 * Someone's request to buy an app by Lightning invoice, as read at the boundary: not yet checked.
 *
 * @param name   what the buyer calls the ATM (1-100 printable characters once stripped)
 * @param pubkey the x-only secp256k1 key (64 hex) or NIP-19 {@code npub} to bind the app to; empty
 *               to have the server generate a keypair
 */
public record PurchaseRequest(String name, Optional<String> pubkey) {
    public PurchaseRequest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pubkey, "pubkey");
    }
}
