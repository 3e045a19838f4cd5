package org.lnteller.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which {@code .env} the commands read. */
class EnvironmentTest {
    @Test
    void theWorkingDirectorysDotEnvComesFirstThenTheOneBesideTheJar() {
        Path work = Path.of("/srv/atm");
        Path jar = Path.of("/opt/lnteller");

        assertThat(Environment.dotEnvCandidates(work, Optional.of(jar)))
                .containsExactly(work.resolve(".env"), jar.resolve(".env"));
        assertThat(Environment.dotEnvCandidates(work, Optional.empty())).containsExactly(work.resolve(".env"));
        assertThat(Environment.dotEnvCandidates(jar, Optional.of(jar)))
                .as("run beside the jar: one file, read once")
                .containsExactly(jar.resolve(".env"));
    }
}
