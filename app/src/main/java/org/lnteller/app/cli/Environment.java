package org.lnteller.app.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lnteller.app.Main;
import org.lnteller.app.config.Settings;
import org.lnteller.app.files.PrivateFiles;

/**
 * Where the commands read their settings: the process environment over one {@code .env} file,
 * the one in the working directory when there is one, else the one beside the jar (which
 * {@code mvn clean} removes with the jar's folder, so it is the fallback, not the rule).
 */
final class Environment {
    private Environment() {}

    /**
     * The environment over the first {@code .env} of {@link #dotEnvCandidates()}.
     *
     * @throws org.lnteller.app.config.ConfigException when that file cannot be read or has a malformed line
     */
    static Settings load(Map<String, String> environment) {
        return Settings.load(environment, dotEnv());
    }

    /** The {@code .env} that is read: the first candidate that exists, else the first candidate. */
    static Path dotEnv() {
        List<Path> candidates = dotEnvCandidates();
        return candidates.stream().filter(Files::isRegularFile).findFirst().orElse(candidates.get(0));
    }

    /** {@code ./.env} in the working directory, then {@code .env} beside the jar when run from one. */
    static List<Path> dotEnvCandidates() {
        return dotEnvCandidates(Path.of("").toAbsolutePath(), jarFolder());
    }

    static List<Path> dotEnvCandidates(Path workingDirectory, Optional<Path> jarFolder) {
        List<Path> candidates = new ArrayList<>();
        candidates.add(workingDirectory.resolve(".env"));
        jarFolder
                .map(folder -> folder.resolve(".env"))
                .filter(p -> !candidates.contains(p))
                .ifPresent(candidates::add);
        return candidates;
    }

    /** What the banner says about where the settings came from. */
    static String describe(Settings settings) {
        return settings.file()
                .map(f -> f.toAbsolutePath() + " over which the environment wins")
                .orElse("the environment only (no .env in "
                        + String.join(
                                " or ",
                                dotEnvCandidates().stream()
                                        .map(p -> PrivateFiles.folderOf(p).toString())
                                        .toList())
                        + ")");
    }

    private static Optional<Path> jarFolder() {
        try {
            Path location = Path.of(Main.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            if (Files.isRegularFile(location) && location.toString().endsWith(".jar")) {
                return Optional.of(PrivateFiles.folderOf(location));
            }
        } catch (URISyntaxException | RuntimeException e) {
            // not run from a jar (tests, an IDE): the working directory alone
        }
        return Optional.empty();
    }
}
