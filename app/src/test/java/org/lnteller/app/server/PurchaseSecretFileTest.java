package org.lnteller.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PurchaseSecretFileTest {
    @TempDir
    Path data;

    @Test
    void withoutATM_PURCHASE_SECRETOneIsGeneratedOnceOwnerOnlyAndKeptAcrossRestarts() throws Exception {
        byte[] first = PurchaseSecretFile.resolve(Optional.empty(), data, new SecureRandom());
        byte[] again = PurchaseSecretFile.resolve(Optional.empty(), data, new SecureRandom());
        assertThat(first).hasSizeGreaterThanOrEqualTo(32).isEqualTo(again);
        Path file = data.resolve(PurchaseSecretFile.FILE);
        if (data.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void aConfiguredSecretWinsAndWritesNoFile() {
        String secret = "shared-by-every-instance-0123456789abcdef";
        assertThat(PurchaseSecretFile.resolve(Optional.of(secret), data, new SecureRandom()))
                .isEqualTo(secret.getBytes(StandardCharsets.UTF_8));
        assertThat(data.resolve(PurchaseSecretFile.FILE)).doesNotExist();
    }
}
