package org.lnteller.adapter.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Set;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A {@link DataSource} that counts what its connections send ({@link StatementCounts}): every
 * statement JDBI runs goes through {@link Connection#prepareStatement}, {@link
 * Connection#createStatement} or {@link Connection#prepareCall}, so wrapping the connection counts
 * all of them, batches included, whatever the caller. A thin layer of dynamic proxies that only
 * count and delegate.
 */
final class CountingDataSource implements DataSource {
    private static final Set<String> TRANSACTION_CALLS =
            Set.of("commit", "rollback", "setTransactionIsolation", "getTransactionIsolation");
    private static final Set<String> EXECUTIONS =
            Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate");
    private static final Set<String> BATCH_EXECUTIONS = Set.of("executeBatch", "executeLargeBatch");

    private final DataSource delegate;
    private final StatementCounts counts;

    CountingDataSource(DataSource delegate, StatementCounts counts) {
        this.delegate = delegate;
        this.counts = counts;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return counting(delegate.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return counting(delegate.getConnection(username, password));
    }

    private Connection counting(Connection connection) {
        return (Connection) Proxy.newProxyInstance(
                Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                new ConnectionHandler(connection));
    }

    private final class ConnectionHandler implements InvocationHandler {
        private final Connection connection;

        ConnectionHandler(Connection connection) {
            this.connection = connection;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (TRANSACTION_CALLS.contains(name)) counts.transactionCall();
            Object result = call(connection, method, args);
            if (result instanceof CallableStatement s) {
                return wrap(s, CallableStatement.class, sqlOf(args));
            } else if (result instanceof PreparedStatement s) {
                return wrap(s, PreparedStatement.class, sqlOf(args));
            } else if (result instanceof Statement s) {
                return wrap(s, Statement.class, null);
            }
            return result;
        }

        private static @Nullable String sqlOf(Object @Nullable [] args) {
            return args != null && args.length > 0 && args[0] instanceof String sql ? sql : null;
        }

        private <S extends Statement> S wrap(S statement, Class<S> type, @Nullable String preparedSql) {
            return type.cast(Proxy.newProxyInstance(
                    Connection.class.getClassLoader(),
                    new Class<?>[] {type},
                    new StatementHandler(
                            statement, preparedSql == null ? null : StatementCounts.Kind.of(preparedSql))));
        }
    }

    private final class StatementHandler implements InvocationHandler {
        private final Statement statement;
        /** The kind of a prepared statement's SQL; null for a plain statement, whose SQL comes with each call. */
        private final StatementCounts.@Nullable Kind prepared;

        StatementHandler(Statement statement, StatementCounts.@Nullable Kind prepared) {
            this.statement = statement;
            this.prepared = prepared;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (EXECUTIONS.contains(name)) {
                counts.execution();
                counts.statement(kindOf(args));
            } else if (BATCH_EXECUTIONS.contains(name)) {
                counts.execution();
            } else if (name.equals("addBatch")) {
                counts.statement(kindOf(args));
            }
            return call(statement, method, args);
        }

        private StatementCounts.Kind kindOf(Object[] args) {
            if (args != null && args.length > 0 && args[0] instanceof String sql) return StatementCounts.Kind.of(sql);
            return prepared == null ? StatementCounts.Kind.OTHER : prepared;
        }
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return delegate.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) return iface.cast(this);
        return delegate.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || delegate.isWrapperFor(iface);
    }
}
