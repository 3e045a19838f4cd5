package org.lnteller.app.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.lnteller.app.Main;
import org.lnteller.app.config.Settings;

/** Where the commands read their settings: the process environment over the {@code .env} beside the jar. */
final class Environment {
    private Environment() {}

    static Settings load(Map<String, String> environment) {
        return Settings.load(environment, dotEnv());
    }

    /** {@code .env} in the jar's folder; when not run from a jar (tests, IDE), in the working directory. */
    static Path dotEnv() {
        try {
            Path location = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(location) && location.toString().endsWith(".jar")) {
                return location.toAbsolutePath().getParent().resolve(".env");
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall back to the working directory
        }
        return Path.of(".env");
    }
}
