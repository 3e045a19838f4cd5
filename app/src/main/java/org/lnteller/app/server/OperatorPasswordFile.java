package org.lnteller.app.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import org.lnteller.adapter.http.OperatorPassword;
import org.lnteller.app.files.PrivateFiles;

/**
 * The operator console's password: its Argon2id PHC string in {@code <data>/operator-password},
 * owner-only, written by {@code lnteller password} and read by the server at each sign-in (so a
 * new password takes effect without a restart). While the file is absent the admin token signs
 * in to the console.
 */
public final class OperatorPasswordFile {
    public static final String FILE = "operator-password";

    private OperatorPasswordFile() {}

    /** Hashes {@code password} and replaces the file atomically, the data folder made owner-only first. */
    public static Path write(Path dataDir, char[] password, SecureRandom random) throws IOException {
        String hash = OperatorPassword.hash(password, random);
        PrivateFiles.secureFolder(dataDir);
        Path file = dataDir.resolve(FILE);
        PrivateFiles.writeAtomically(file, (hash + "\n").getBytes(StandardCharsets.US_ASCII));
        return file;
    }

    /** The stored hash, or empty when no password is set. */
    public static Optional<String> read(Path dataDir) {
        try {
            String text = Files.readString(dataDir.resolve(FILE), StandardCharsets.US_ASCII)
                    .strip();
            return text.isEmpty() ? Optional.empty() : Optional.of(text);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the operator password in " + dataDir.resolve(FILE), e);
        }
    }
}
