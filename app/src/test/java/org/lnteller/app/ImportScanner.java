package org.lnteller.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the references a Java source makes to other packages — imports, static imports and
 * fully-qualified names in code — and checks them against a module's {@link Rule}. Plain text
 * work on purpose: it needs no compiled classes, so it checks every module of the tree as it is,
 * including test sources, without depending on their build.
 */
final class ImportScanner {

    /** How a source refers to another package. */
    enum Kind { IMPORT, STATIC_IMPORT, QUALIFIED_NAME }

    /** One reference, at a 1-based line. */
    record Reference(int line, String name, Kind kind) {}

    /** A reference a module may not make, or a file that claims another module's package. */
    record Violation(String file, int line, String what, String rule) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + what + " — " + rule;
        }
    }

    /**
     * What a module may refer to.
     *
     * @param dir          the module's directory under the repository root
     * @param ownPackage   the package every source of the module must live in
     * @param lnteller     the {@code org.lnteller} packages it may use ({@code org.lnteller} for all)
     * @param onlyExternal when present, the only packages outside {@code org.lnteller} it may use in
     *                     main sources (tests may add {@link #TEST_LIBRARIES}); when empty, any
     */
    record Rule(String dir, String ownPackage, List<String> lnteller, Optional<List<String>> onlyExternal) {
        Rule {
            Objects.requireNonNull(dir, "dir");
            Objects.requireNonNull(ownPackage, "ownPackage");
            lnteller = List.copyOf(lnteller);
            onlyExternal = onlyExternal.map(List::copyOf);
        }

        String describe(boolean test) {
            List<String> allowed = new ArrayList<>(lnteller);
            if (onlyExternal.isEmpty()) {
                allowed.add("third-party libraries");
            } else {
                allowed.addAll(onlyExternal.get());
                if (test) allowed.addAll(TEST_LIBRARIES);
            }
            return dir + (test ? " tests" : "") + " may use only " + String.join(", ", allowed);
        }
    }

    static final String LNTELLER = "org.lnteller";
    /** What test sources of allow-listed modules may use besides: the test frameworks. */
    static final List<String> TEST_LIBRARIES = List.of("org.junit", "org.assertj", "org.opentest4j", "org.mockito");

    private static final Pattern IMPORT = Pattern.compile(
            "\\bimport\\s+(static\\s+)?([A-Za-z_$][\\w$]*(?:\\s*\\.\\s*[A-Za-z_$][\\w$]*)*(?:\\s*\\.\\s*\\*)?)\\s*;");
    private static final Pattern PACKAGE = Pattern.compile("\\bpackage\\s+([A-Za-z_$][\\w$]*(?:\\s*\\.\\s*[A-Za-z_$][\\w$]*)*)\\s*;");
    /**
     * A package-qualified type name in code, e.g. {@code org.lnteller.core.Foo} or
     * {@code com.google.common.base.Preconditions}: a well-known top-level domain, lower-case
     * segments, then a capitalised name. Not preceded by a dot, so {@code a.org.b.C} is not read
     * as one.
     */
    private static final Pattern QUALIFIED = Pattern.compile(
            "(?<![\\w$.])((?:java|javax|jakarta|org|com|net|io|fr|ch|kotlin|sun|jdk)(?:\\s*\\.\\s*[a-z_][a-z0-9_]*)+\\s*\\.\\s*[A-Z][\\w$]*)");

    private ImportScanner() {}

    // ---------------------------------------------------------------- reading a source

    /**
     * The source with comments and the insides of string, text-block and char literals replaced by
     * blanks, newlines kept so line numbers still hold. A commented-out import is no dependency.
     */
    static String blankCommentsAndLiterals(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (c == '/' && i + 1 < n && source.charAt(i + 1) == '/') {
                while (i < n && source.charAt(i) != '\n') i = blank(source, out, i);
            } else if (c == '/' && i + 1 < n && source.charAt(i + 1) == '*') {
                i = blank(source, out, blank(source, out, i));
                while (i < n && !(source.charAt(i) == '*' && i + 1 < n && source.charAt(i + 1) == '/')) i = blank(source, out, i);
                if (i < n) i = blank(source, out, blank(source, out, i));
            } else if (source.startsWith("\"\"\"", i)) {
                out.append("\"\"\"");
                i += 3;
                while (i < n && !source.startsWith("\"\"\"", i)) {
                    if (source.charAt(i) == '\\' && i + 1 < n) i = blank(source, out, i);
                    i = blank(source, out, i);
                }
                if (i < n) {
                    out.append("\"\"\"");
                    i += 3;
                }
            } else if (c == '"' || c == '\'') {
                out.append(c);
                i++;
                while (i < n && source.charAt(i) != c && source.charAt(i) != '\n') {
                    if (source.charAt(i) == '\\' && i + 1 < n) i = blank(source, out, i);
                    i = blank(source, out, i);
                }
                if (i < n && source.charAt(i) == c) {
                    out.append(c);
                    i++;
                }
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static int blank(String source, StringBuilder out, int i) {
        out.append(source.charAt(i) == '\n' ? '\n' : ' ');
        return i + 1;
    }

    /** The declared package, or empty for the default package. */
    static Optional<String> declaredPackage(String source) {
        Matcher m = PACKAGE.matcher(blankCommentsAndLiterals(source));
        return m.find() ? Optional.of(m.group(1).replaceAll("\\s", "")) : Optional.empty();
    }

    /** Every import, static import and qualified name in code, in the order they appear. */
    static List<Reference> references(String source) {
        String code = blankCommentsAndLiterals(source);
        List<Reference> found = new ArrayList<>();
        StringBuilder rest = new StringBuilder(code);
        Matcher imports = IMPORT.matcher(code);
        while (imports.find()) {
            Kind kind = imports.group(1) == null ? Kind.IMPORT : Kind.STATIC_IMPORT;
            found.add(new Reference(lineOf(code, imports.start()), imports.group(2).replaceAll("\\s", ""), kind));
            blankOut(rest, imports.start(), imports.end());
        }
        Matcher pkg = PACKAGE.matcher(code);
        if (pkg.find()) blankOut(rest, pkg.start(), pkg.end());
        Matcher qualified = QUALIFIED.matcher(rest);
        while (qualified.find()) {
            found.add(new Reference(lineOf(code, qualified.start()), qualified.group(1).replaceAll("\\s", ""), Kind.QUALIFIED_NAME));
        }
        found.sort(Comparator.comparingInt(Reference::line));
        return found;
    }

    private static void blankOut(StringBuilder text, int from, int to) {
        for (int i = from; i < to; i++) if (text.charAt(i) != '\n') text.setCharAt(i, ' ');
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) if (text.charAt(i) == '\n') line++;
        return line;
    }

    // ---------------------------------------------------------------- judging a source

    /** What {@code source}, a main ({@code test} false) or test source of {@code rule}'s module, does wrong. */
    static List<Violation> check(Rule rule, String file, String source, boolean test) {
        List<Violation> violations = new ArrayList<>();
        Optional<String> pkg = declaredPackage(source);
        boolean moduleInfo = file.endsWith("module-info.java");
        if (!moduleInfo && (pkg.isEmpty() || !under(pkg.get(), rule.ownPackage()))) {
            violations.add(new Violation(file, pkg.isPresent() ? packageLine(source) : 1,
                    "package " + pkg.orElse("(default)"),
                    "sources of " + rule.dir() + " belong in " + rule.ownPackage()
                            + ", or the rule for that package would not apply to them"));
        }
        for (Reference ref : references(source)) {
            if (!allowed(rule, ref.name(), test)) {
                String what = switch (ref.kind()) {
                    case IMPORT -> "import " + ref.name();
                    case STATIC_IMPORT -> "import static " + ref.name();
                    case QUALIFIED_NAME -> "qualified name " + ref.name();
                };
                violations.add(new Violation(file, ref.line(), what, rule.describe(test)));
            }
        }
        return violations;
    }

    private static int packageLine(String source) {
        String code = blankCommentsAndLiterals(source);
        Matcher m = PACKAGE.matcher(code);
        return m.find() ? lineOf(code, m.start()) : 1;
    }

    static boolean allowed(Rule rule, String name, boolean test) {
        if (under(name, LNTELLER)) {
            return under(name, rule.ownPackage()) || rule.lnteller().stream().anyMatch(p -> under(name, p));
        }
        if (rule.onlyExternal().isEmpty()) return true;
        return rule.onlyExternal().get().stream().anyMatch(p -> under(name, p))
                || test && TEST_LIBRARIES.stream().anyMatch(p -> under(name, p));
    }

    /** Whether {@code name} is {@code pkg} or inside it: {@code java.util.List} is under {@code java}, {@code javax.x} is not. */
    static boolean under(String name, String pkg) {
        return name.equals(pkg) || name.startsWith(pkg + ".");
    }

    // ---------------------------------------------------------------- the tree

    /** The result of checking a tree: every violation, and how many files were read per module. */
    record Scan(List<Violation> violations, Map<String, Integer> filesPerModule) {
        int files() {
            return filesPerModule.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** Checks every {@code .java} file under each module's {@code src/main/java} and {@code src/test/java}. */
    static Scan scan(Path root, List<Rule> rules) {
        List<Violation> violations = new ArrayList<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Rule rule : rules) {
            int count = 0;
            for (boolean test : new boolean[] {false, true}) {
                Path sources = root.resolve(rule.dir()).resolve(test ? "src/test/java" : "src/main/java");
                for (Path file : javaFiles(sources)) {
                    count++;
                    String relative = root.relativize(file).toString().replace('\\', '/');
                    violations.addAll(check(rule, relative, read(file), test));
                }
            }
            counts.put(rule.dir(), count);
        }
        return new Scan(violations, counts);
    }

    private static List<Path> javaFiles(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.toString().endsWith(".java") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The repository root: the nearest directory, from {@code start} upwards, whose {@code pom.xml}
     * is the parent pom itself (its own artifactId, not a module's {@code <parent>} reference, is
     * {@code lnteller-parent}).
     */
    static Path repositoryRoot(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            Path pom = dir.resolve("pom.xml");
            if (Files.isRegularFile(pom)) {
                String withoutParent = read(pom).replaceAll("(?s)<parent>.*?</parent>", "");
                if (withoutParent.contains("<artifactId>lnteller-parent</artifactId>")) return dir;
            }
        }
        throw new IllegalStateException("no lnteller-parent pom.xml in " + start.toAbsolutePath() + " or above");
    }
}
