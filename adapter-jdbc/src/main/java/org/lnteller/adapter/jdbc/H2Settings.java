package org.lnteller.adapter.jdbc;

import java.util.Locale;

/** What an H2 database needs to be this server's store. */
final class H2Settings {
    /**
     * {@code WRITE_DELAY=0}: by default H2 writes committed changes to its file up to 500 ms later,
     * so a process killed in that window loses transactions it already answered for (a cash-in
     * paid, its confirmation gone). With no delay every commit reaches the file before the commit
     * returns.
     */
    static final String WRITE_DELAY = "WRITE_DELAY=0";
    /**
     * {@code DB_CLOSE_ON_EXIT=FALSE}: H2's own shutdown hook would close the database while the
     * server's shutdown still uses it (releasing job leases, recording payments in flight). The
     * server closes its pool last, and the database closes with the pool's last connection.
     */
    static final String CLOSE_ON_EXIT = "DB_CLOSE_ON_EXIT=FALSE";
    /**
     * {@code TRACE_LEVEL_FILE=4}: H2's errors go to the application's log (SLF4J, logger
     * {@code h2database}) instead of a {@code .trace.db} file that H2 would create beside the
     * database with the process's default permissions.
     */
    static final String TRACE_TO_LOG = "TRACE_LEVEL_FILE=4";

    /** The PostgreSQL mode the one schema is written for, and the three settings above. */
    static final String SETTINGS = "MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;" + WRITE_DELAY
            + ";" + CLOSE_ON_EXIT + ";" + TRACE_TO_LOG;

    private H2Settings() {}

    /**
     * An H2 URL with {@link #WRITE_DELAY}, {@link #CLOSE_ON_EXIT} and {@link #TRACE_TO_LOG} added,
     * each unless the URL sets it itself (an operator's own choice stands); other URLs as given.
     */
    static String durable(String url) {
        if (!url.startsWith("jdbc:h2:")) return url;
        String upper = url.toUpperCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(url);
        for (String setting : new String[] {WRITE_DELAY, CLOSE_ON_EXIT, TRACE_TO_LOG}) {
            String name = setting.substring(0, setting.indexOf('='));
            if (!upper.contains(";" + name + "=")) out.append(';').append(setting);
        }
        return out.toString();
    }
}
