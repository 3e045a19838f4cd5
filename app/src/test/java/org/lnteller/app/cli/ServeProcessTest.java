package org.lnteller.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lnteller.app.crash.JvmProcess;

/**
 * {@code lnteller serve} as an operator runs it: a process of its own, its output read back. A
 * failure to start is one {@code error:} line and exit 1; a stop by SIGTERM is clean and exit 0.
 */
class ServeProcessTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aTakenPortIsOneErrorLineAndNothingIsWrittenBeforeIt() throws Exception {
        Path data = dir.resolve("data");
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(0));
            int port = taken.getLocalPort();
            try (JvmProcess serve =
                    serve(Map.of("HTTP_PORT", String.valueOf(port), "LNTELLER_DATA_DIR", data.toString()))) {
                assertThat(serve.exitCode(PATIENCE)).isEqualTo(1);
                assertThat(serve.lines()).containsExactly("error: port " + port + " (HTTP_PORT) is already in use");
            }
        }
        assertThat(data).as("no database migrated, no admin token written").doesNotExist();
    }

    @Test
    void anUnreachableDatabaseIsOneErrorLineNamingLnTellerDbUrl() throws Exception {
        int closed = closedPort();
        try (JvmProcess serve = serve(Map.of(
                "HTTP_PORT",
                "0",
                "LNTELLER_DATA_DIR",
                dir.resolve("data").toString(),
                "LNTELLER_DB_URL",
                "jdbc:postgresql://127.0.0.1:" + closed
                        + "/lnteller?user=postgres&password=s3cret&connectTimeout=2"))) {
            assertThat(serve.exitCode(PATIENCE)).isEqualTo(1);
            assertThat(serve.lines())
                    .singleElement()
                    .satisfies(line -> assertThat(line)
                            .startsWith(
                                    "error: LNTELLER_DB_URL: cannot connect to jdbc:postgresql://127.0.0.1:" + closed)
                            .contains("refused")
                            .doesNotContain("s3cret"));
        }
    }

    @Test
    void aDataFolderThatCannotBeMadeIsOneErrorLineNamingLnTellerDataDir() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
        try (JvmProcess serve = serve(Map.of(
                "HTTP_PORT", "0", "LNTELLER_DATA_DIR", file.resolve("data").toString()))) {
            assertThat(serve.exitCode(PATIENCE)).isEqualTo(1);
            assertThat(serve.lines())
                    .containsExactly("error: LNTELLER_DATA_DIR: cannot use " + file.resolve("data")
                            + " as the data folder: " + file + ": not a folder");
        }
    }

    @Test
    void sigtermStopsTheServerInItsOwnOrderExitsZeroAndLeavesOnlyOwnerOnlyFiles() throws Exception {
        Path data = dir.resolve("data");
        try (JvmProcess serve = serve(Map.of(
                "HTTP_PORT",
                "0",
                "LNTELLER_DATA_DIR",
                data.toString(),
                "MONITOR_INTERVAL_MS",
                "50",
                "RECONCILE_INTERVAL_MS",
                "100"))) {
            serve.awaitLine("lightning:", PATIENCE);
            // background jobs are running against the database when the signal comes
            Thread.sleep(1_000);
            serve.terminate();

            assertThat(serve.exitCode(PATIENCE)).isZero();
            assertThat(serve.lines())
                    .contains("lnteller: stopped")
                    .noneMatch(line -> line.contains("already closed")
                            || line.contains("not released")
                            || line.contains("[shutdown]") && (line.contains(" WARN ") || line.contains(" ERROR ")));
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data)))
                .isEqualTo("rwx------");
        try (Stream<Path> files = Files.list(data)) {
            List<Path> all = files.toList();
            assertThat(all)
                    .extracting(p -> p.getFileName().toString())
                    .contains("lnteller.mv.db", "admin-token")
                    .noneMatch(name -> name.endsWith(".trace.db"));
            for (Path file : all) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                        .as(file.toString())
                        .isEqualTo("rw-------");
            }
        }
    }

    @Test
    void theBannerSaysWhichDotEnvWasReadTheOneInTheWorkingDirectory() throws Exception {
        Path work = Files.createDirectory(dir.resolve("work"));
        Files.writeString(work.resolve(".env"), "HTTP_PORT=0\nLNTELLER_DATA_DIR=" + dir.resolve("data") + "\n");
        try (JvmProcess serve =
                JvmProcess.start("org.lnteller.app.Main", List.of("serve"), Map.of(), dir.resolve("out.txt"), work)) {
            assertThat(serve.awaitLine("settings:", PATIENCE))
                    .isEqualTo("  settings:  " + work.resolve(".env") + " over which the environment wins");
        }
        assertThat(dir.resolve("data/admin-token"))
                .as("the settings of that file were used")
                .exists();
    }

    private JvmProcess serve(Map<String, String> env) {
        // a working folder of the test's own: no .env of anyone else's is read
        // no machine port: these tests are about the HTTP port, and 3000 may be taken
        Map<String, String> all = new java.util.HashMap<>(env);
        all.putIfAbsent("MACHINE_PORT", "off");
        return JvmProcess.start("org.lnteller.app.Main", List.of("serve"), all, dir.resolve("out.txt"), dir);
    }

    static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
