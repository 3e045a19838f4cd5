package org.lnteller.ports.usecase;

import java.util.Objects;
import org.lnteller.ports.model.App;

/**
 * A newly provisioned app with its bearer token. The token exists only here, once: the store
 * keeps its hash.
 */
public record ProvisionedApp(App app, String token) {
    public ProvisionedApp {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(token, "token");
    }

    /** The {@code .env} text an ATM (the kiosk) needs to connect to {@code serverUrl}. */
    public String envText(String serverUrl) {
        return "LNTELLER_SERVER_URL=" + serverUrl + "\n"
                + "LNTELLER_APP_ID=" + app.id().value() + "\n"
                + "LNTELLER_APP_TOKEN=" + token + "\n";
    }

    @Override
    public String toString() {
        return "ProvisionedApp[" + app.id() + ", token=<redacted>]";
    }
}
