package org.lnteller.app.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import org.lnteller.app.files.PrivateFiles;
import org.lnteller.core.apps.Tokens;

/**
 * The key purchased apps' tokens are derived under: {@code ATM_PURCHASE_SECRET} when set (what
 * several instances sharing one database must do), otherwise {@code <data>/purchase-secret},
 * generated with owner-only permissions on first start. Losing or changing it makes the
 * credentials of paid but unclaimed purchases impossible to release (the claim then fails
 * without using the claim up); apps already claimed keep working.
 */
final class PurchaseSecretFile {
    static final String FILE = "purchase-secret";

    private PurchaseSecretFile() {}

    /** @return the secret's bytes, at least 32 */
    static byte[] resolve(Optional<String> configured, Path dataDir, SecureRandom random) {
        if (configured.isPresent()) return configured.get().getBytes(StandardCharsets.UTF_8);
        Path file = dataDir.resolve(FILE);
        try {
            // 32 random bytes as base64url text: 43 characters, so 43 bytes of key
            return PrivateFiles.readOrCreate(file, () -> Tokens.newToken(random, "lps_"))
                    .value()
                    .getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the purchase secret in " + file, e);
        }
    }
}
