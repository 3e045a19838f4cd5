package org.lnteller.codec.bolt11;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The published vectors in the shared folder (the {@code lnteller.shared} system property, set
 * by the parent pom for surefire). A missing folder fails the build rather than skipping tests.
 */
public final class SharedVectors {
    private SharedVectors() {}

    public static Path folder() {
        String dir = System.getProperty("lnteller.shared");
        if (dir == null || dir.isBlank()) {
            throw new IllegalStateException("system property lnteller.shared is not set: run the tests through Maven");
        }
        Path path = Path.of(dir);
        if (!Files.isDirectory(path.resolve("vectors"))) {
            throw new IllegalStateException("shared vectors folder not found: "
                    + path.resolve("vectors").toAbsolutePath());
        }
        return path;
    }

    /** Rows of a tab-separated vector file, each a map from header name to cell (empty string for an empty cell). */
    public static List<Map<String, String>> rows(String file) {
        Path path = folder().resolve("vectors").resolve(file);
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
        if (lines.isEmpty()) throw new IllegalStateException(path + " is empty");
        String[] header = lines.get(0).split("\t", -1);
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) continue;
            String[] cells = line.split("\t", -1);
            if (cells.length != header.length) {
                throw new IllegalStateException(
                        path + ": row has " + cells.length + " cells, header has " + header.length);
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.length; i++) row.put(header[i], cells[i]);
            rows.add(row);
        }
        if (rows.isEmpty()) throw new IllegalStateException(path + " has no vectors");
        return rows;
    }
}
