package org.lnteller.ports.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ConfigVersions} must do. An implementation's test extends this class and
 * implements {@link #newVersions()}; resources it opens are registered with
 * {@link #closeAfterEach(AutoCloseable)}.
 */
public abstract class ConfigVersionsContract extends StoreContractSupport {
    private static final String APP = "app:atm-1";
    private static final String OTHER_APP = "app:atm-2";
    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);
    private static final String C = "c".repeat(64);

    /** The versions under test. */
    protected ConfigVersions versions;

    /** Fresh versions, no scope known. Called before each test. */
    protected abstract ConfigVersions newVersions() throws Exception;

    @BeforeEach
    protected final void openVersions() throws Exception {
        versions = newVersions();
        if (versions instanceof AutoCloseable closeable) closeAfterEach(closeable);
    }

    @Test
    void aScopeSeenTheFirstTimeIsAtVersionOne() {
        assertThat(versions.versionOf(APP, A)).isEqualTo(1);
    }

    @Test
    void theSameConfigurationKeepsItsVersion() {
        versions.versionOf(APP, A);

        assertThat(versions.versionOf(APP, A)).isEqualTo(1);
        assertThat(versions.versionOf(APP, A)).isEqualTo(1);
    }

    @Test
    void eachChangeRaisesTheVersionByOne() {
        assertThat(versions.versionOf(APP, A)).isEqualTo(1);
        assertThat(versions.versionOf(APP, B)).isEqualTo(2);
        assertThat(versions.versionOf(APP, B)).isEqualTo(2);
        assertThat(versions.versionOf(APP, C)).isEqualTo(3);
    }

    @Test
    void goingBackToAnEarlierConfigurationIsANewVersion() {
        versions.versionOf(APP, A);
        versions.versionOf(APP, B);

        assertThat(versions.versionOf(APP, A)).isEqualTo(3);
        assertThat(versions.versionOf(APP, A)).isEqualTo(3);
    }

    @Test
    void eachScopeCountsItsOwnVersions() {
        versions.versionOf(APP, A);
        versions.versionOf(APP, B);

        assertThat(versions.versionOf(OTHER_APP, A)).isEqualTo(1);
        assertThat(versions.versionOf(APP, B)).isEqualTo(2);
    }

    @Test
    void malformedNamesAreRefused() {
        assertThatThrownBy(() -> versions.versionOf(" ", A)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> versions.versionOf("s".repeat(101), A)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> versions.versionOf(APP, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> versions.versionOf(APP, "f".repeat(65))).isInstanceOf(IllegalArgumentException.class);

        assertThat(versions.versionOf("s".repeat(100), "f".repeat(64))).isEqualTo(1);
        assertThat(versions.versionOf(APP, A)).as("the refusals wrote nothing").isEqualTo(1);
    }

    @Test
    void instancesRacingWithTheSameNewConfigurationAgreeOnOneNewVersion() throws Exception {
        versions.versionOf(APP, A);

        List<Integer> seen = Race.run(16, Race.times(16, () -> versions.versionOf(APP, B)));

        assertThat(seen).containsOnly(2);
        assertThat(versions.versionOf(APP, B)).isEqualTo(2);
    }

    @Test
    void racingDifferentConfigurationsEachGetAVersionAndTheLatestWins() throws Exception {
        versions.versionOf(APP, A);
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String fingerprint = Integer.toHexString(i).repeat(64);
            tasks.add(() -> versions.versionOf(APP, fingerprint));
        }

        List<Integer> seen = Race.run(8, tasks);

        // Serialised, each of the 8 changes is one step: versions 2 to 9, each handed out once.
        assertThat(seen).containsExactlyInAnyOrder(2, 3, 4, 5, 6, 7, 8, 9);
        String last = Integer.toHexString(seen.indexOf(9)).repeat(64);
        assertThat(versions.versionOf(APP, last)).isEqualTo(9);
    }
}
