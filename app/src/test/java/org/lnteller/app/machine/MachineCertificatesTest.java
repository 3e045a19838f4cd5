package org.lnteller.app.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lnteller.ports.lightning.SettableClock;

class MachineCertificatesTest {
    @TempDir
    Path data;

    final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final SecureRandom random = new SecureRandom();

    @Test
    void theServerCertificateIsRenewedBeforeItEndsUnderTheSameCa() throws Exception {
        MachineCertificates.Material first =
                MachineCertificates.selfManaged(data, List.of("atm.example.com", "10.0.0.5"), clock, random);
        X509Certificate leaf = first.chain().get(0);
        leaf.verify(first.chain().get(1).getPublicKey());
        assertThat(leaf.getSubjectAlternativeNames().stream()
                        .map(san -> String.valueOf(san.get(1)))
                        .toList())
                .containsExactly("atm.example.com", "10.0.0.5");

        clock.advance(MachineCertificates.SERVER_VALIDITY
                .minus(MachineCertificates.RENEW_BEFORE)
                .minus(Duration.ofDays(1)));
        MachineCertificates.Material same =
                MachineCertificates.selfManaged(data, List.of("atm.example.com", "10.0.0.5"), clock, random);
        assertThat(same.chain().get(0)).as("not due yet").isEqualTo(leaf);

        clock.advance(Duration.ofDays(2));
        MachineCertificates.Material renewed =
                MachineCertificates.selfManaged(data, List.of("atm.example.com", "10.0.0.5"), clock, random);

        assertThat(renewed.chain().get(0)).isNotEqualTo(leaf);
        assertThat(renewed.serverNotAfter()).isAfter(first.serverNotAfter());
        assertThat(renewed.caPem())
                .as("machines pinned the CA: it never changes")
                .isEqualTo(first.caPem());
        renewed.chain().get(0).verify(first.chain().get(1).getPublicKey());
    }

    @Test
    void theCaFolderAndItsKeysAreTheOperatorsAlone() throws Exception {
        MachineCertificates.selfManaged(data, List.of("10.0.0.5"), clock, random);

        Path folder = data.resolve("machine-tls");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)))
                .isEqualTo("rwx------");
        try (var files = Files.list(folder)) {
            for (Path file : files.toList()) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                        .as(file.toString())
                        .isEqualTo("rw-------");
            }
        }
    }

    @Test
    void otherHostsGetANewServerCertificateUnderTheSameCa() {
        MachineCertificates.Material first = MachineCertificates.selfManaged(data, List.of("10.0.0.5"), clock, random);

        MachineCertificates.Material moved = MachineCertificates.selfManaged(data, List.of("10.0.0.6"), clock, random);

        assertThat(moved.chain().get(0)).isNotEqualTo(first.chain().get(0));
        assertThat(moved.caPem()).isEqualTo(first.caPem());
    }

    @Test
    void theOperatorsOwnFilesAreUsedAsGiven() throws Exception {
        Path theirs = data.resolve("theirs");
        MachineCertificates.Material made =
                MachineCertificates.selfManaged(theirs, List.of("atm.example.com"), clock, random);
        Path dir = theirs.resolve(MachineCertificates.FOLDER);

        MachineCertificates.Material own = MachineCertificates.own(
                new MachineCertificates.OwnFiles(
                        dir.resolve("ca.pem"), dir.resolve("server.pem"), dir.resolve("server-key.pem")),
                List.of("atm.example.com"));

        assertThat(own.caPem()).isEqualTo(Files.readString(dir.resolve("ca.pem")));
        assertThat(own.chain()).containsExactlyElementsOf(made.chain());
        Path other = data.resolve("other");
        MachineCertificates.selfManaged(other, List.of("atm.example.com"), clock, random);
        assertThatThrownBy(() -> MachineCertificates.own(
                        new MachineCertificates.OwnFiles(
                                other.resolve(MachineCertificates.FOLDER).resolve("ca.pem"),
                                dir.resolve("server.pem"),
                                dir.resolve("server-key.pem")),
                        List.of("x")))
                .as("a certificate another CA signed")
                .isInstanceOf(IllegalArgumentException.class);
    }
}
