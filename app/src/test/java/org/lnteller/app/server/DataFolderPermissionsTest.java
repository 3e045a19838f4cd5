package org.lnteller.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The data folder holds preimages, token hashes and the wallet's key: it is the operator's alone,
 * 700 and every file in it 600, the H2 database included, however the process's umask is set.
 */
class DataFolderPermissionsTest {
    @TempDir
    Path dir;

    @Test
    void aNewDataFolderAndEveryFileInItAreOwnerOnlyTheH2DatabaseIncluded() throws Exception {
        Path data = dir.resolve("data");
        try (ServerHarness server = new ServerHarness(data, Map.of("ADMIN_TOKEN", ""));
                Stream<Path> files = Files.list(data)) {
            List<Path> all = files.toList();
            assertThat(all)
                    .extracting(p -> p.getFileName().toString())
                    .contains("lnteller.mv.db", "admin-token", "simulated-node.key", "simulated-wallet.mv.db");
            assertThat(mode(data)).isEqualTo("rwx------");
            for (Path file : all) assertThat(mode(file)).as(file.toString()).isEqualTo("rw-------");
        }
    }

    @Test
    void looserPermissionsFoundAtStartAreWarnedAboutAndFixed() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path stray = Files.writeString(data.resolve("notes.txt"), "left here by hand");
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(stray, PosixFilePermissions.fromString("rw-r--r--"));

        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        Logger logger = (Logger) LoggerFactory.getLogger(LntellerServer.class);
        logger.addAppender(logged);
        try (ServerHarness server = new ServerHarness(data, Map.of())) {
            assertThat(mode(data)).isEqualTo("rwx------");
            assertThat(mode(stray)).isEqualTo("rw-------");
            assertThat(logged.list)
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .anySatisfy(line -> assertThat(line)
                            .contains(data.toAbsolutePath() + " (was rwxr-xr-x)")
                            .contains("now owner-only"))
                    .anySatisfy(line -> assertThat(line).contains(stray.toAbsolutePath() + " (was rw-r--r--)"));
        } finally {
            logger.detachAppender(logged);
        }
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
