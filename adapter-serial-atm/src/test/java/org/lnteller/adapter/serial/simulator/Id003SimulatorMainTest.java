package org.lnteller.adapter.serial.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.lnteller.ports.model.FiatAmount;

/** The simulator as a process: its command line, and the note script it takes. */
class Id003SimulatorMainTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void withoutAPortItPrintsUsage() {
        int exit =
                Id003Simulator.run(new String[] {"--notes", "20"}, new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("usage: Id003Simulator --port PATH");
    }

    @Test
    void aMissingPortIsNamed() {
        int exit = Id003Simulator.run(
                new String[] {"--port", "/dev/ttyLNTELLER-none"}, new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no serial port at /dev/ttyLNTELLER-none");
    }

    @Test
    void aNoteOutsideItsTableIsRefusedByTheScript() {
        int exit = Id003Simulator.run(
                new String[] {"--port", "/dev/null", "--notes", "20,3"},
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("3.00 USD is not in the simulator's currency table");
    }

    @Test
    void theDefaultTableHoldsTheSixUsNotesButNotTheTwo() {
        assertThat(Id003Simulator.usd().notes()).containsOnlyKeys(0x61, 0x63, 0x64, 0x65, 0x66, 0x67);
        assertThat(Id003Simulator.usd().notes().get(0x65)).isEqualTo(FiatAmount.ofMajor("USD", "20"));
        assertThatThrownBy(() -> Id003Simulator.usd().script("20,fifty")).hasMessageContaining("'fifty'");
    }

    @Test
    void aClosedSimulatorServesNothing() {
        Id003Simulator simulator = Id003Simulator.usd();
        simulator.close();

        assertThatThrownBy(() -> simulator.serve(
                        org.lnteller.adapter.serial.SerialLinks.pipe().device()))
                .isInstanceOf(IllegalStateException.class);
    }
}
