package org.lnteller.app.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.lnteller.adapter.jdbc.StatementCounts;

/**
 * What the stores sent to the database, in {@code /metrics}:
 * {@code lnteller_jdbc_statements_total{kind="select|insert|update|delete|other"}} (each row of a
 * batch counts), {@code lnteller_jdbc_executions_total} (statement round trips, a batch counted
 * once) and {@code lnteller_jdbc_transaction_calls_total} (commits, rollbacks, isolation-level
 * reads and changes). The benchmark reads them around single requests for statements per request.
 */
public final class StatementMetrics {
    private StatementMetrics() {}

    public static void bind(StatementCounts counts, MeterRegistry registry) {
        for (StatementCounts.Kind kind : StatementCounts.Kind.values()) {
            FunctionCounter.builder("lnteller.jdbc.statements", counts, c -> c.statements(kind))
                    .description("SQL statements sent by the stores, each row of a batch counted")
                    .tag("kind", kind.tag())
                    .register(registry);
        }
        FunctionCounter.builder("lnteller.jdbc.executions", counts, StatementCounts::executions)
                .description("SQL statement executions (round trips), a batch counted once")
                .register(registry);
        FunctionCounter.builder("lnteller.jdbc.transaction.calls", counts, StatementCounts::transactionCalls)
                .description("commits, rollbacks and isolation-level reads and changes")
                .register(registry);
    }
}
