package org.lnteller.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lnteller.app.config.Config;
import org.lnteller.app.config.ConfigException;
import org.lnteller.app.server.AdminTokenFile;

/**
 * {@code pair <app-id> [--host H] [--server URL]}: asks a running server for a pairing of the app
 * (through the admin API, so the server's CA and database stay the server's alone) and prints its
 * QR code in the terminal, for a Lamassu machine's camera, with the totem text and its expiry.
 */
public final class PairCommand implements Command {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Dark modules in the terminal; a light background is assumed, the quiet zone is spaces. */
    private static final String FULL = "\u2588";

    private static final String UPPER = "\u2580";
    private static final String LOWER = "\u2584";
    static final int QUIET_ZONE = 2;

    private final Map<String, String> environment;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public PairCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public String name() {
        return "pair";
    }

    @Override
    public String arguments() {
        return "<app-id> [--host HOST] [--server URL]";
    }

    @Override
    public String summary() {
        return "print a QR code that pairs a Lamassu machine to an app (single use, valid one hour)";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || args.size() % 2 == 0) return usage(err);
        String app = args.get(0);
        Optional<String> host = Optional.empty();
        Optional<String> server = Optional.empty();
        for (int i = 1; i < args.size(); i += 2) {
            switch (args.get(i)) {
                case "--host" -> host = Optional.of(args.get(i + 1));
                case "--server" -> server = Optional.of(args.get(i + 1));
                default -> {
                    return usage(err);
                }
            }
        }
        Config config;
        try {
            config = Config.from(Environment.load(environment));
        } catch (ConfigException e) {
            err.println("error: " + e.getMessage());
            return ExitCode.REFUSED;
        }
        String base = server.orElse("http://localhost:" + config.httpPort());
        Optional<String> token = config.adminToken().or(() -> readToken(config.dataDir()));
        if (token.isEmpty()) {
            err.println("error: no admin token: set ADMIN_TOKEN or run where the server's data folder is ("
                    + config.dataDir().resolve(AdminTokenFile.FILE) + ")");
            return ExitCode.REFUSED;
        }
        if (!app.matches("[A-Za-z0-9_-]{1,64}")) {
            err.println("error: not an app id: " + app);
            return ExitCode.REFUSED;
        }
        ObjectNode body = JSON.createObjectNode();
        host.ifPresent(h -> body.put("host", h));
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/admin/apps/" + app + "/pairings"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token.get())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        try {
            HttpResponse<String> response =
                    http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() != 201) {
                err.println("error: the server answered " + response.statusCode() + ": " + response.body());
                return ExitCode.REFUSED;
            }
            JsonNode pairing = JSON.readTree(response.body());
            String totem = pairing.path("totem").asText();
            for (String line : terminalQr(totem)) out.println(line);
            out.println();
            out.println("Scan this with the Lamassu machine's camera to pair it to app " + app + ".");
            out.println(
                    "It calls https://" + pairing.path("host").asText() + ":3000 (port 3000 must reach this server).");
            out.println("Single use, valid until " + pairing.path("expires_at").asText()
                    + ". Totem text (for --mockPair):");
            out.println(totem);
            return ExitCode.OK;
        } catch (IOException e) {
            err.println("error: cannot reach " + base + ": " + e.getMessage());
            return ExitCode.REFUSED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCode.REFUSED;
        }
    }

    /**
     * The QR code of {@code text} in Unicode half blocks: each character is two modules stacked,
     * so the code keeps its square shape in a terminal. Dark modules are drawn, light ones blank.
     */
    static List<String> terminalQr(String text) {
        ByteMatrix m;
        try {
            m = Encoder.encode(text, ErrorCorrectionLevel.M, Map.of(EncodeHintType.CHARACTER_SET, "ISO-8859-1"))
                    .getMatrix();
        } catch (WriterException e) {
            throw new IllegalArgumentException("cannot draw a QR code of that text", e);
        }
        int size = m.getWidth();
        int side = size + 2 * QUIET_ZONE;
        List<String> lines = new ArrayList<>();
        for (int y = 0; y < side; y += 2) {
            StringBuilder line = new StringBuilder();
            for (int x = 0; x < side; x++) {
                boolean top = dark(m, x - QUIET_ZONE, y - QUIET_ZONE);
                boolean bottom = dark(m, x - QUIET_ZONE, y + 1 - QUIET_ZONE);
                line.append(top && bottom ? FULL : top ? UPPER : bottom ? LOWER : " ");
            }
            lines.add(line.toString());
        }
        return lines;
    }

    private static boolean dark(ByteMatrix m, int x, int y) {
        return x >= 0 && y >= 0 && x < m.getWidth() && y < m.getHeight() && m.get(x, y) == 1;
    }

    private int usage(PrintStream err) {
        err.println("usage: lnteller " + name() + " " + arguments());
        return ExitCode.USAGE;
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
