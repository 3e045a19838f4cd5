package org.lnteller.app.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.lnteller.app.config.Config;
import org.lnteller.app.config.ConfigException;
import org.lnteller.app.config.Failures;
import org.lnteller.app.logging.ExceptionSummary;
import org.lnteller.app.server.AdminTokenFile;
import org.lnteller.codec.bolt11.Bolt11;
import org.lnteller.codec.bolt11.InvalidInvoice;
import org.lnteller.ports.model.PaymentHash;

/**
 * {@code pay <invoice|payment hash>}: settles an invoice of a running server's simulated backend,
 * as a customer's wallet would, through {@code POST /api/dev/invoices/{hash}/pay}.
 */
public final class PayCommand implements Command {
    private final Map<String, String> environment;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public PayCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public String name() {
        return "pay";
    }

    @Override
    public String arguments() {
        return "<invoice|payment hash> [--server URL]";
    }

    @Override
    public String summary() {
        return "pay an invoice of a running server's simulated backend (no real funds)";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.size() != 1 && !(args.size() == 3 && args.get(1).equals("--server"))) {
            err.println("usage: lnteller " + name() + " " + arguments());
            return ExitCode.USAGE;
        }
        PaymentHash hash;
        try {
            hash = hashOf(args.get(0).strip());
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return ExitCode.REFUSED;
        }
        Config config;
        try {
            config = Config.from(Environment.load(environment));
        } catch (ConfigException e) {
            err.println("error: " + e.getMessage());
            return ExitCode.REFUSED;
        }
        String server;
        String serverSetting;
        if (args.size() == 3) {
            server = args.get(2).strip().replaceAll("/+$", "");
            serverSetting = "--server";
            if (!isHttpUrl(server)) {
                err.println("error: --server must be the server's http(s) URL, like http://localhost:8080, not '"
                        + args.get(2) + "'");
                return ExitCode.REFUSED;
            }
        } else {
            server = "http://localhost:" + config.httpPort();
            serverSetting = "HTTP_PORT, or --server";
        }
        Optional<String> token = config.adminToken().or(() -> readToken(config.dataDir()));
        if (token.isEmpty()) {
            err.println("error: no admin token: set ADMIN_TOKEN or run where the server's data folder is ("
                    + config.dataDir().resolve(AdminTokenFile.FILE) + ")");
            return ExitCode.REFUSED;
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(server + "/api/dev/invoices/" + hash.hex() + "/pay"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token.get())
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        try {
            HttpResponse<String> response =
                    http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() == 200) {
                out.println("paid " + hash.hex());
                return ExitCode.OK;
            }
            err.println("error: the server answered " + response.statusCode() + ": " + response.body());
            return ExitCode.REFUSED;
        } catch (IOException e) {
            err.println("error: cannot reach the server at " + server + " (" + serverSetting + "): "
                    + Failures.describe(e));
            if (ExceptionSummary.debug()) e.printStackTrace(err);
            return ExitCode.REFUSED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("error: interrupted while waiting for " + server);
            return ExitCode.REFUSED;
        }
    }

    /** An absolute http or https URL with a host, and nothing after the authority but a path. */
    private static boolean isHttpUrl(String text) {
        try {
            URI uri = new URI(text);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    && uri.getHost() != null
                    && uri.getRawQuery() == null
                    && uri.getRawFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static PaymentHash hashOf(String text) {
        if (text.matches("[0-9a-fA-F]{64}")) return PaymentHash.fromHex(text.toLowerCase(Locale.ROOT));
        try {
            String invoice = text.toLowerCase(Locale.ROOT).startsWith("lightning:") ? text.substring(10) : text;
            return PaymentHash.of(Bolt11.decode(invoice).paymentHash().toArray());
        } catch (InvalidInvoice e) {
            throw new IllegalArgumentException("not an invoice or a 64-hex payment hash: " + e.getMessage());
        }
    }

    private static Optional<String> readToken(Path dataDir) {
        try {
            return Optional.of(
                    Files.readString(dataDir.resolve(AdminTokenFile.FILE)).strip());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
