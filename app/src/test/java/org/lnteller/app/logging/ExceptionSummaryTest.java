package org.lnteller.app.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A logged exception: its messages on the log line; its stack trace only under --debug. */
class ExceptionSummaryTest {
    private final LoggerContext context = new LoggerContext();

    @AfterEach
    void debugOff() {
        System.clearProperty(ExceptionSummary.DEBUG_PROPERTY);
    }

    @Test
    void aLoggedExceptionIsItsMessageChainOnTheSameLine() {
        String column =
                summary().convert(event(new UncheckedIOException("cannot write", new IOException("disk\nfull"))));

        assertThat(column).isEqualTo(" [UncheckedIOException: cannot write; caused by IOException: disk full]");
    }

    @Test
    void underDebugTheStackTraceFollowsOnTheLinesBelow() {
        System.setProperty(ExceptionSummary.DEBUG_PROPERTY, "true");
        String column = summary().convert(event(new IllegalStateException("broken")));

        assertThat(column)
                .startsWith(System.lineSeparator() + "java.lang.IllegalStateException: broken")
                .contains("\tat ");
    }

    @Test
    void anEventWithoutAnExceptionAddsNothing() {
        assertThat(summary().convert(event(null))).isEmpty();
    }

    private ExceptionSummary summary() {
        ExceptionSummary summary = new ExceptionSummary();
        summary.setContext(context);
        summary.start();
        return summary;
    }

    private LoggingEvent event(Throwable thrown) {
        return new LoggingEvent(
                getClass().getName(), context.getLogger("test"), Level.WARN, "something failed", thrown, null);
    }
}
