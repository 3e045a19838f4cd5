package org.lnteller.adapter.jdbc;

import java.util.Locale;

/** What an H2 database needs to be this server's store. */
final class H2Settings {
    /**
     * The PostgreSQL mode the one schema is written for, and {@code WRITE_DELAY=0}: by default H2
     * writes committed changes to its file up to 500 ms later, so a process killed in that window
     * loses transactions it already answered for (a cash-in paid, its confirmation gone). With no
     * delay every commit reaches the file before the commit returns.
     */
    static final String SETTINGS = "MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0";

    private H2Settings() {}

    /** An H2 URL made durable against a killed process, unless it sets WRITE_DELAY itself; other URLs as given. */
    static String durable(String url) {
        if (!url.startsWith("jdbc:h2:") || url.toUpperCase(Locale.ROOT).contains("WRITE_DELAY")) return url;
        return url + ";WRITE_DELAY=0";
    }
}
