package org.lnteller.app.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Raw settings: the process environment over a {@code .env} file. Values are looked up by the
 * variable names of the design brief; typed parsing is {@link Config}'s.
 */
public final class Settings {
    private final Map<String, String> values;
    private final Optional<Path> file;
    /** Every name looked up so far: lets a test check that each setting read is documented. */
    private final Set<String> asked = ConcurrentHashMap.newKeySet();

    private Settings(Map<String, String> values, Optional<Path> file) {
        this.values = Map.copyOf(values);
        this.file = file;
    }

    public static Settings of(Map<String, String> values) {
        return new Settings(values, Optional.empty());
    }

    /**
     * The environment, over the {@code .env} file at {@code dotEnv} when it exists.
     *
     * @throws ConfigException naming the file and line when the file cannot be read or parsed
     */
    public static Settings load(Map<String, String> environment, Path dotEnv) {
        Map<String, String> merged = new HashMap<>();
        boolean read = Files.isRegularFile(dotEnv);
        if (read) merged.putAll(parseDotEnv(dotEnv));
        merged.putAll(environment);
        return new Settings(merged, read ? Optional.of(dotEnv) : Optional.empty());
    }

    /** The {@code .env} file these settings were read from, if any (the environment alone otherwise). */
    public Optional<Path> file() {
        return file;
    }

    /** The names looked up with {@link #get} so far. */
    public Set<String> asked() {
        return Set.copyOf(asked);
    }

    /**
     * Reads {@code KEY=value} lines; blank lines and {@code #} comments are skipped, an optional
     * {@code export } prefix and one pair of surrounding quotes are removed.
     */
    static Map<String, String> parseDotEnv(Path file) {
        Map<String, String> out = new HashMap<>();
        try {
            int lineNo = 0;
            for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                lineNo++;
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#")) continue;
                if (line.startsWith("export ")) line = line.substring(7).strip();
                int eq = line.indexOf('=');
                if (eq <= 0) throw new ConfigException(file + " line " + lineNo + ": expected KEY=value");
                String key = line.substring(0, eq).strip();
                String value = line.substring(eq + 1).strip();
                if (value.length() >= 2
                        && ((value.startsWith("\"") && value.endsWith("\""))
                                || (value.startsWith("'") && value.endsWith("'")))) {
                    value = value.substring(1, value.length() - 1);
                }
                out.put(key, value);
            }
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage());
        }
        return out;
    }

    /** The value, or empty when unset or blank. */
    public Optional<String> get(String name) {
        asked.add(name);
        return Optional.ofNullable(values.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    /** Every name that has a value (not only those asked for): e.g. to refuse a setting meant for another backend. */
    public Set<String> names() {
        return values.keySet();
    }
}
