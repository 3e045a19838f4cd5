package org.lnteller.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lnteller.app.crash.JvmProcess;

/** {@code pay}'s failures: each one {@code error:} line naming where the bad value came from, exit 1. */
class PayCommandTest {
    private static final String HASH = "ab".repeat(32);
    private static final Map<String, String> ENV = Map.of("ADMIN_TOKEN", "adm_test_token_0123456789");

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    @Test
    void aServerThatIsNotAUrlIsOneErrorLine() {
        int code = new PayCommand(ENV).run(List.of(HASH, "--server", "notaurl"), print(out), print(err));

        assertThat(code).isEqualTo(1);
        assertThat(text(err))
                .isEqualTo("error: --server must be the server's http(s) URL, like http://localhost:8080, not 'notaurl'"
                        + System.lineSeparator());
    }

    @Test
    void aClosedPortReadsConnectionRefusedAndNamesWhereTheAddressCameFrom() throws Exception {
        int closed = ServeProcessTest.closedPort();
        int code = new PayCommand(ENV)
                .run(List.of(HASH, "--server", "http://127.0.0.1:" + closed), print(out), print(err));

        assertThat(code).isEqualTo(1);
        assertThat(text(err))
                .isEqualTo("error: cannot reach the server at http://127.0.0.1:" + closed
                        + " (--server): connection refused" + System.lineSeparator());
    }

    @Test
    void aMalformedDotEnvInTheWorkingDirectoryIsOneErrorLineNamingFileAndLine() throws Exception {
        Files.writeString(dir.resolve(".env"), "HTTP_PORT=8080\nthis is not a setting\n");
        try (JvmProcess pay = JvmProcess.start(
                "org.lnteller.app.Main", List.of("pay", HASH), Map.of(), dir.resolve("out.txt"), dir)) {
            assertThat(pay.exitCode(Duration.ofSeconds(60))).isEqualTo(1);
            assertThat(pay.lines()).containsExactly("error: " + dir.resolve(".env") + " line 2: expected KEY=value");
        }
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
