package org.lnteller.adapter.jdbc;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the stores sent to the database since open, counted at the JDBC connection
 * ({@link CountingDataSource}): SQL statements by kind (a batch of n rows counts n), statement
 * executions (a batch counts once: the round trips of SQL), and the calls that control a
 * transaction (commit, rollback, reading or setting the isolation level), which drivers such as
 * PostgreSQL's answer over the network too. Flyway's migrations at open are not counted.
 * Thread-safe; the figures only grow.
 */
public final class StatementCounts {
    /** The kind of an SQL statement, by its first word. */
    public enum Kind {
        SELECT,
        INSERT,
        UPDATE,
        DELETE,
        OTHER;

        /** The metric tag: lower case. */
        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Kind of(String sql) {
            int i = 0;
            int n = sql.length();
            while (i < n) {
                char c = sql.charAt(i);
                if (Character.isWhitespace(c) || c == '(') {
                    i++;
                } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                    while (i < n && sql.charAt(i) != '\n') i++;
                } else {
                    break;
                }
            }
            int end = i;
            while (end < n && Character.isLetter(sql.charAt(end))) end++;
            String word = sql.substring(i, end).toUpperCase(Locale.ROOT);
            return switch (word) {
                case "SELECT", "WITH", "VALUES", "TABLE" -> SELECT;
                case "INSERT", "MERGE" -> INSERT;
                case "UPDATE" -> UPDATE;
                case "DELETE" -> DELETE;
                default -> OTHER;
            };
        }
    }

    private final Map<Kind, LongAdder> statements = new EnumMap<>(Kind.class);
    private final LongAdder executions = new LongAdder();
    private final LongAdder transactionCalls = new LongAdder();

    StatementCounts() {
        for (Kind kind : Kind.values()) statements.put(kind, new LongAdder());
    }

    /** SQL statements of {@code kind} sent so far; each row of a batch counts. */
    public long statements(Kind kind) {
        return counter(kind).sum();
    }

    /** Every kind has its counter from the start (the constructor). */
    private LongAdder counter(Kind kind) {
        return Objects.requireNonNull(statements.get(kind), "every kind is counted");
    }

    /** SQL statement executions so far, a batch counted once: the round trips that carry SQL. */
    public long executions() {
        return executions.sum();
    }

    /** Commits, rollbacks and isolation-level reads and changes so far. */
    public long transactionCalls() {
        return transactionCalls.sum();
    }

    void statement(Kind kind) {
        counter(kind).increment();
    }

    void execution() {
        executions.increment();
    }

    void transactionCall() {
        transactionCalls.increment();
    }
}
