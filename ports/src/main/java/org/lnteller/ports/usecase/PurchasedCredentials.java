package org.lnteller.ports.usecase;

import java.util.Objects;
import java.util.Optional;
import org.lnteller.ports.model.AppId;

/**
 * What the holder of a claim token gets, once, for a paid purchase: the app's bearer token and
 * the keypair it is bound to. Never logged ({@link #toString()} redacts the secrets).
 *
 * @param pubkey    the app's x-only secp256k1 key, 64 hex
 * @param npub      the same key as a NIP-19 {@code npub}
 * @param secretKey the keypair's secret when the server generated it; empty when the buyer gave the key
 */
public record PurchasedCredentials(
        AppId appId, String name, String token, String pubkey, String npub, Optional<GeneratedKey> secretKey) {

    /** A secret key the server generated: 64 hex and its NIP-19 {@code nsec}. */
    public record GeneratedKey(String hex, String nsec) {
        public GeneratedKey {
            Objects.requireNonNull(hex, "hex");
            Objects.requireNonNull(nsec, "nsec");
        }

        @Override
        public String toString() {
            return "GeneratedKey[<redacted>]";
        }
    }

    public PurchasedCredentials {
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(pubkey, "pubkey");
        Objects.requireNonNull(npub, "npub");
        Objects.requireNonNull(secretKey, "secretKey");
    }

    /**
     * The {@code .env} text an ATM (the kiosk) needs to connect to {@code serverUrl}: the variables of
     * {@link ProvisionedApp#envText(String)} plus the key, {@code LNTELLER_APP_PUBKEY} (npub) and,
     * when generated, {@code LNTELLER_APP_NSEC}.
     */
    public String envText(String serverUrl) {
        return "LNTELLER_SERVER_URL=" + serverUrl + "\n"
                + "LNTELLER_APP_ID=" + appId.value() + "\n"
                + "LNTELLER_APP_TOKEN=" + token + "\n"
                + "LNTELLER_APP_PUBKEY=" + npub + "\n"
                + secretKey.map(key -> "LNTELLER_APP_NSEC=" + key.nsec() + "\n").orElse("");
    }

    @Override
    public String toString() {
        return "PurchasedCredentials[" + appId + ", pubkey=" + pubkey + ", token=<redacted>"
                + secretKey.map(k -> ", secretKey=<redacted>").orElse("") + "]";
    }
}
