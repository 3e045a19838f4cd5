package org.lnteller.app.logging;

import ch.qos.logback.classic.pattern.ThrowableHandlingConverter;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.CoreConstants;

/**
 * The log's exception column ({@code %summary} in {@code logback.xml}): a logged exception's
 * message chain on the log line itself ({@code  [IOException: x; caused by ...]}), so an operator
 * reads one line per event; the whole stack trace, on the lines below, only when the process runs
 * with {@code --debug} (system property {@value #DEBUG_PROPERTY}).
 */
public final class ExceptionSummary extends ThrowableHandlingConverter {
    /** Set to {@code true} by {@code --debug}. */
    public static final String DEBUG_PROPERTY = "lnteller.debug";

    /** Whether this process runs with {@code --debug}: commands then print the stack traces of the failures they report. */
    public static boolean debug() {
        return Boolean.getBoolean(DEBUG_PROPERTY);
    }

    private final ThrowableProxyConverter full = new ThrowableProxyConverter();

    @Override
    public void start() {
        full.setContext(getContext());
        full.start();
        super.start();
    }

    @Override
    public String convert(ILoggingEvent event) {
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown == null) return "";
        if (debug()) {
            String trace = full.convert(event);
            return CoreConstants.LINE_SEPARATOR + trace.stripTrailing();
        }
        StringBuilder line = new StringBuilder(" [");
        int depth = 0;
        for (IThrowableProxy t = thrown; t != null && depth < 5; t = t.getCause(), depth++) {
            if (depth > 0) line.append("; caused by ");
            String name = t.getClassName();
            line.append(name.substring(name.lastIndexOf('.') + 1));
            if (t.getMessage() != null) line.append(": ").append(t.getMessage().replaceAll("\\s+", " "));
        }
        return line.append(']').toString();
    }
}
