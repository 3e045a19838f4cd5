package org.lnteller.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The command dispatcher. */
class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void noArgumentsPrintsUsageAndSucceeds() {
        assertThat(Main.run(new String[0], print(out), print(err))).isZero();

        assertThat(text(out)).startsWith("usage: lnteller <command>").contains("decode").contains("help");
        assertThat(text(err)).isEmpty();
    }

    @Test
    void helpPrintsUsageAndHelpForACommandPrintsItsSynopsis() {
        assertThat(Main.run(new String[] {"help"}, print(out), print(err))).isZero();
        assertThat(Main.run(new String[] {"--help", "decode"}, print(out), print(err))).isZero();

        assertThat(text(out)).contains("usage: lnteller decode <invoice|lnurl|lightning address|bip21 uri>");
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        assertThat(Main.run(new String[] {"frobnicate"}, print(out), print(err))).isEqualTo(2);

        assertThat(text(err)).startsWith("error: unknown command 'frobnicate'").contains("usage:");
        assertThat(text(out)).isEmpty();
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
