package org.lnteller.app.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Creates and drops the PostgreSQL schema a benchmark run works in, so that a run starts empty and
 * leaves nothing behind: {@code BenchSchema create|drop <jdbc url> <schema>}. The schema name is
 * checked to be a plain identifier, since it is spliced into DDL.
 */
final class BenchSchema {
    private BenchSchema() {}

    public static void main(String[] args) throws SQLException {
        if (args.length != 3 || !args[2].matches("[a-z][a-z0-9_]{0,62}")) {
            System.err.println("usage: BenchSchema create|drop <jdbc url> <schema: lower-case letters, digits, _>");
            System.exit(2);
        }
        String sql = switch (args[0]) {
            case "create" -> "CREATE SCHEMA " + args[2];
            case "drop" -> "DROP SCHEMA IF EXISTS " + args[2] + " CASCADE";
            default -> throw new IllegalArgumentException("create or drop, not " + args[0]);
        };
        try (Connection c = DriverManager.getConnection(args[1]);
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
