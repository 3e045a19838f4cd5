package org.lnteller.kiosk;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where a kiosk's server is and how it proves which machine it is: the {@code .env} that
 * provisioning hands out ({@code LNTELLER_SERVER_URL}, {@code LNTELLER_APP_ID},
 * {@code LNTELLER_APP_TOKEN}). The token is a secret: {@link #toString()} leaves it out.
 */
public record MachineCredentials(URI server, Optional<String> appId, String token) {

    public MachineCredentials {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(token, "token");
        String scheme = server.getScheme();
        if ((!"http".equals(scheme) && !"https".equals(scheme)) || server.getHost() == null) {
            throw new IllegalArgumentException(
                    "LNTELLER_SERVER_URL must be an http(s) URL such as https://atm.example.com, not '" + server + "'");
        }
        if (token.isBlank()) throw new IllegalArgumentException("LNTELLER_APP_TOKEN is blank");
    }

    /**
     * Reads the three variables.
     *
     * @param variables a variable's value by its name, empty when it is not set (the environment over the {@code .env})
     * @throws IllegalArgumentException naming what is missing or malformed (never showing the token)
     */
    public static MachineCredentials from(Function<String, Optional<String>> variables) {
        String url = variables
                .apply("LNTELLER_SERVER_URL")
                .orElseThrow(
                        () -> new IllegalArgumentException(
                                "LNTELLER_SERVER_URL is not set: put the .env that provisioning gave this machine beside the jar, or pass --env FILE"));
        String token = variables
                .apply("LNTELLER_APP_TOKEN")
                .orElseThrow(() -> new IllegalArgumentException(
                        "LNTELLER_APP_TOKEN is not set: the machine's .env from provisioning holds it"));
        URI server;
        try {
            // a trailing slash would double the slash of every path appended to it
            server = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("LNTELLER_SERVER_URL is not a URL: " + e.getMessage());
        }
        return new MachineCredentials(server, variables.apply("LNTELLER_APP_ID"), token);
    }

    /** The server address followed by {@code pathAndQuery} (which starts with a slash). */
    URI resolve(String pathAndQuery) {
        return URI.create(server + pathAndQuery);
    }

    @Override
    public String toString() {
        return "MachineCredentials[server=" + server + ", appId=" + appId.orElse("-") + ", token=<redacted>]";
    }
}
