package org.lnteller.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class MachineDateTest {
    @Test
    void aMachinesIsoDateAndAnHttpDateAreBothRead() {
        assertThat(MachinePort.parseDate("2026-01-02T03:04:05.678Z"))
                .contains(Instant.parse("2026-01-02T03:04:05.678Z"));
        assertThat(MachinePort.parseDate("Fri, 02 Jan 2026 03:04:05 GMT"))
                .contains(Instant.parse("2026-01-02T03:04:05Z"));
    }

    @Test
    void anUnreadableDateCountsAsAbsentAsLamassuServerDoes() {
        assertThat(MachinePort.parseDate("yesterday")).isEmpty();
    }
}
