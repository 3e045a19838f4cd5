package org.lnteller.adapter.galoy;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Keeps every log event of the test JVM as text: logger, formatted message, MDC, and every
 * throwable in the chain with its message and stack. Configured in logback-test.xml.
 */
public final class CapturedLogs extends AppenderBase<ILoggingEvent> {
    private static final ConcurrentLinkedQueue<String> LINES = new ConcurrentLinkedQueue<>();

    @Override
    protected void append(ILoggingEvent event) {
        StringBuilder b = new StringBuilder();
        b.append(event.getLevel())
                .append(' ')
                .append(event.getLoggerName())
                .append(" - ")
                .append(event.getFormattedMessage());
        if (!event.getMDCPropertyMap().isEmpty()) b.append(" mdc=").append(event.getMDCPropertyMap());
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
            b.append("\n  ").append(t.getClassName()).append(": ").append(t.getMessage());
            for (StackTraceElementProxy s : t.getStackTraceElementProxyArray())
                b.append("\n    ").append(s.getSTEAsString());
        }
        LINES.add(b.toString());
    }

    /** Every event so far. */
    public static List<String> lines() {
        return List.copyOf(LINES);
    }
}
