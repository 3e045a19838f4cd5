package org.lnteller.app.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Optional;
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
            if (Files.exists(file)) return Files.readString(file, StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8);
            Files.createDirectories(dataDir);
            // 32 random bytes as base64url text: 43 characters, so 43 bytes of key
            String secret = Tokens.newToken(random, "lps_");
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            }
            Files.writeString(file, secret + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            return secret.getBytes(StandardCharsets.UTF_8);
        } catch (FileAlreadyExistsException raced) {
            return resolve(configured, dataDir, random);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the purchase secret in " + file, e);
        }
    }
}
