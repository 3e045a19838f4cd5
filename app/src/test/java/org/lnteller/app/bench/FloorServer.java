package org.lnteller.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * The floor of the server's own stack: a bare Javalin handler on the same Jetty, Jackson, Hikari
 * (the same pool size, 10), JDBI and database, that parses a machine's POST /tx body and does one
 * INSERT in one SERIALIZABLE JDBI transaction (the isolation the server writes at), then answers a
 * small JSON. No auth, no rules, no Lightning: whatever the server costs above this is its own.
 *
 * <p>Run as its own JVM with the server's JVM flags: {@code FloorServer <port> <jdbc url>}; it
 * prints {@code floor listening on <port>} once it takes requests and stops on SIGTERM.
 */
final class FloorServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The server's pool size ({@code JdbcStores.Config.DEFAULT_POOL_SIZE}). */
    private static final int POOL_SIZE = 10;

    private final HikariDataSource dataSource;
    private final Javalin javalin;

    private FloorServer(String jdbcUrl, int port) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(jdbcUrl);
        hikari.setMaximumPoolSize(POOL_SIZE);
        hikari.setMinimumIdle(2);
        hikari.setPoolName("floor-db");
        dataSource = new HikariDataSource(hikari);
        Jdbi jdbi = Jdbi.create(dataSource);
        jdbi.useHandle(
                h -> h.execute(
                        "CREATE TABLE IF NOT EXISTS floor_tx (id VARCHAR(64) PRIMARY KEY, direction VARCHAR(16) NOT NULL,"
                                + " fiat VARCHAR(32) NOT NULL, crypto_atoms BIGINT NOT NULL, tx_version BIGINT NOT NULL, body TEXT NOT NULL)"));
        javalin = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
        });
        javalin.post("/tx", ctx -> {
            JsonNode body;
            try {
                body = JSON.readTree(ctx.bodyAsBytes());
            } catch (IOException e) {
                ctx.status(400).json("{\"error\":\"malformed\"}");
                return;
            }
            String id = body.path("id").asText();
            String raw = ctx.body();
            jdbi.useTransaction(
                    TransactionIsolationLevel.SERIALIZABLE,
                    h -> h.createUpdate(
                                    "INSERT INTO floor_tx (id, direction, fiat, crypto_atoms, tx_version, body) VALUES (?, ?, ?, ?, ?, ?)")
                            .bind(0, id)
                            .bind(1, body.path("direction").asText())
                            .bind(2, body.path("fiat").asText())
                            .bind(3, body.path("cryptoAtoms").asLong())
                            .bind(4, body.path("txVersion").asLong())
                            .bind(5, raw)
                            .execute());
            ObjectNode answer = JSON.createObjectNode().put("id", id).put("status", "stored");
            ctx.contentType("application/json").result(JSON.writeValueAsBytes(answer));
        });
        javalin.start("127.0.0.1", port);
    }

    static FloorServer start(String jdbcUrl, int port) {
        return new FloorServer(jdbcUrl, port);
    }

    int port() {
        return javalin.port();
    }

    @Override
    public void close() {
        javalin.stop();
        dataSource.close();
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2) {
            System.err.println("usage: FloorServer <port> <jdbc url>");
            System.exit(2);
        }
        FloorServer floor = start(args[1], Integer.parseInt(args[0]));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            floor.close();
            stopped.countDown();
        }));
        System.out.println("floor listening on " + floor.port());
        stopped.await();
    }
}
