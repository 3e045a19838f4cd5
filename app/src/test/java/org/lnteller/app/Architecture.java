package org.lnteller.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dependency rule of the design as ArchUnit rules over compiled classes, for the modules whose
 * packages start with {@code base}: {@code org.lnteller} for the real tree, a fixture package for the
 * proofs that each rule can fail (the same rules, evaluated on a handful of classes made to break them).
 *
 * <ul>
 *   <li>{@code codec} uses nothing of ours, only the JDK and secp256k1; {@code ports} uses only the
 *       codec and the JDK; {@code core} only the ports, the codec, the JDK and Guava;
 *   <li>every adapter and the kiosk use the ports, the codec and any third-party library, never
 *       {@code core}, {@code app} or another adapter; {@code app} uses everything;
 *   <li>test code is held to the same rule, plus the test frameworks;
 *   <li>an {@code internal} package is used only by its own module;
 *   <li>core never reads the clock nor makes its own randomness: time and randomness are inputs.
 * </ul>
 */
final class Architecture {

    /** The JDK's own packages: java.*, and the javax.crypto of every JDK (HMAC, for instance). */
    static final List<String> JDK = List.of("java", "javax.crypto");
    /** What test code of the JDK-only modules may use besides. */
    static final List<String> TEST_LIBRARIES = List.of("org.junit", "org.assertj", "org.opentest4j", "org.mockito");

    /**
     * One module.
     *
     * @param dir          the module's directory under the repository root
     * @param pkg          the package all its classes live in
     * @param mayUse       the packages of ours (under the base) it may use besides its own
     * @param onlyExternal when present, the only packages outside ours its main code may use (its
     *                     test code may add {@link #TEST_LIBRARIES}); when empty, any
     * @param mayBeAbsent  whether the module may not exist yet (its rule then checks nothing)
     */
    record Module(
            String dir, String pkg, List<String> mayUse, Optional<List<String>> onlyExternal, boolean mayBeAbsent) {
        Module {
            mayUse = List.copyOf(mayUse);
            onlyExternal = onlyExternal.map(List::copyOf);
        }
    }

    final String base;
    final List<Module> modules;

    private Architecture(String base, List<Module> modules) {
        this.base = base;
        this.modules = List.copyOf(modules);
    }

    /** The modules of the design, with their packages under {@code base}. */
    static Architecture of(String base) {
        String ports = base + ".ports";
        String core = base + ".core";
        String codec = base + ".codec";
        List<Module> modules = new ArrayList<>();
        modules.add(new Module(
                "codec",
                codec,
                List.of(),
                // kotlin: secp256k1's API answers with kotlin.Pair (signatureNormalize), a type the source never names
                Optional.of(List.of("java", "fr.acinq.secp256k1", "kotlin")),
                false));
        modules.add(new Module("ports", ports, List.of(codec), Optional.of(JDK), false));
        modules.add(new Module(
                "core",
                core,
                List.of(ports, codec),
                Optional.of(List.of("java", "javax.crypto", "com.google.common")),
                false));
        modules.add(adapter("adapter-galoy", base + ".adapter.galoy", base));
        modules.add(adapter("adapter-phoenixd", base + ".adapter.phoenixd", base));
        modules.add(adapter("adapter-rates", base + ".adapter.rates", base));
        modules.add(adapter("adapter-lnd", base + ".adapter.lnd", base));
        modules.add(adapter("adapter-http", base + ".adapter.http", base));
        modules.add(adapter("adapter-jdbc", base + ".adapter.jdbc", base));
        modules.add(adapter("adapter-serial-atm", base + ".adapter.serial", base));
        modules.add(adapter("adapter-simulated", base + ".adapter.simulated", base));
        modules.add(adapter("adapter-lnurl", base + ".adapter.lnurl", base));
        // a program of its own, on the machine: held to the adapters' rule
        modules.add(adapter("kiosk", base + ".kiosk", base));
        modules.add(new Module("app", base + ".app", List.of(base), Optional.empty(), false));
        return new Architecture(base, modules);
    }

    private static Module adapter(String dir, String pkg, String base) {
        return new Module(dir, pkg, List.of(base + ".ports", base + ".codec"), Optional.empty(), false);
    }

    Module module(String dir) {
        return modules.stream().filter(m -> m.dir().equals(dir)).findFirst().orElseThrow();
    }

    // ---------------------------------------------------------------- the module rule

    /** What {@code module}'s main ({@code test} false) or test classes may depend on. */
    ArchRule moduleRule(Module module, boolean test) {
        return classes()
                .that()
                .resideInAPackage(module.pkg() + "..")
                .should()
                .onlyDependOnClassesThat(allowedFor(module, test))
                .allowEmptyShould(module.mayBeAbsent());
    }

    /** The rule of every module in {@code dirs}, reported together. */
    ArchRule moduleRules(boolean test, String... dirs) {
        List<ArchRule> rules = new ArrayList<>();
        for (String dir : dirs) rules.add(moduleRule(module(dir), test));
        return CompositeArchRule.of(rules)
                .as("the " + (test ? "test" : "main") + " classes of " + String.join(", ", dirs)
                        + " should use only what the dependency rule allows each");
    }

    private DescribedPredicate<JavaClass> allowedFor(Module module, boolean test) {
        List<String> described = new ArrayList<>(List.of(module.pkg()));
        described.addAll(module.mayUse());
        described.add(module.onlyExternal()
                .map(external -> String.join(", ", external) + (test ? ", " + String.join(", ", TEST_LIBRARIES) : ""))
                .orElse("third-party libraries"));
        return DescribedPredicate.describe(
                String.join(", ", described), c -> allowed(module, c.getPackageName(), test));
    }

    boolean allowed(Module module, String pkg, boolean test) {
        if (under(pkg, base)) {
            return under(pkg, module.pkg()) || module.mayUse().stream().anyMatch(p -> under(pkg, p));
        }
        if (module.onlyExternal().isEmpty()) return true;
        return module.onlyExternal().get().stream().anyMatch(p -> under(pkg, p))
                || test && TEST_LIBRARIES.stream().anyMatch(p -> under(pkg, p));
    }

    /** Whether {@code name} is {@code pkg} or inside it: {@code java.util} is under {@code java}, {@code javax.x} is not. */
    static boolean under(String name, String pkg) {
        return name.equals(pkg) || name.startsWith(pkg + ".");
    }

    // ---------------------------------------------------------------- internal packages

    /** No class outside a module uses a class of that module's {@code internal} packages. */
    ArchRule internalPackagesStayInside() {
        List<ArchRule> rules = new ArrayList<>();
        for (Module module : modules) {
            rules.add(noClasses()
                    .that()
                    .resideOutsideOfPackage(module.pkg() + "..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage(module.pkg() + "..internal..")
                    .as("no class outside " + module.pkg() + " should use its internal packages")
                    .allowEmptyShould(true));
        }
        return CompositeArchRule.of(rules).as("no class should use another module's internal packages");
    }

    // ---------------------------------------------------------------- time and randomness

    /**
     * The JDK's ways to read the clock or to make randomness of one's own. Core takes a {@code Clock}
     * and a {@code SecureRandom} instead, so tests and replays control them.
     */
    record Forbidden(String owner, String name, boolean onlyWithoutArguments) {
        boolean matches(AccessTarget target) {
            if (!target.getOwner().getName().equals(owner)) return false;
            if (!name.equals("*") && !target.getName().equals(name)) return false;
            return !onlyWithoutArguments
                    || target instanceof AccessTarget.CodeUnitAccessTarget unit
                            && unit.getRawParameterTypes().isEmpty();
        }

        @Override
        public String toString() {
            return owner + "." + name + (onlyWithoutArguments ? "()" : "(..)");
        }
    }

    static final List<Forbidden> CLOCK_AND_RANDOMNESS = List.of(
            new Forbidden("java.time.Instant", "now", true),
            new Forbidden("java.time.LocalDate", "now", true),
            new Forbidden("java.time.LocalDateTime", "now", true),
            new Forbidden("java.time.LocalTime", "now", true),
            new Forbidden("java.time.OffsetDateTime", "now", true),
            new Forbidden("java.time.ZonedDateTime", "now", true),
            new Forbidden("java.time.Clock", "systemUTC", false),
            new Forbidden("java.time.Clock", "systemDefaultZone", false),
            new Forbidden("java.time.Clock", "system", false),
            new Forbidden("java.lang.System", "currentTimeMillis", false),
            new Forbidden("java.lang.System", "nanoTime", false),
            new Forbidden("java.security.SecureRandom", "<init>", false),
            new Forbidden("java.security.SecureRandom", "getInstance", false),
            new Forbidden("java.security.SecureRandom", "getInstanceStrong", false),
            new Forbidden("java.util.UUID", "randomUUID", false),
            new Forbidden("java.lang.Math", "random", false),
            new Forbidden("java.util.Random", "<init>", true),
            new Forbidden("java.util.concurrent.ThreadLocalRandom", "current", false));

    /** Core neither calls nor refers to ({@code Instant::now}) any of {@link #CLOCK_AND_RANDOMNESS}. */
    ArchRule coreTakesTimeAndRandomnessAsInputs() {
        ArchCondition<JavaClass> condition =
                new ArchCondition<>("not read the clock nor make randomness (" + CLOCK_AND_RANDOMNESS + ")") {
                    @Override
                    public void check(JavaClass item, ConditionEvents events) {
                        for (JavaAccess<?> access : item.getAccessesFromSelf()) {
                            for (Forbidden forbidden : CLOCK_AND_RANDOMNESS) {
                                if (forbidden.matches(access.getTarget())) {
                                    events.add(SimpleConditionEvent.violated(access, access.getDescription()));
                                }
                            }
                        }
                    }
                };
        return classes()
                .that()
                .resideInAPackage(base + ".core..")
                .should(condition)
                .because("time and randomness are inputs in core: a java.time.Clock and a SecureRandom passed in");
    }

    // ---------------------------------------------------------------- which module built a class

    private static final Pattern JAR = Pattern.compile("/lnteller-([a-z0-9-]+?)-\\d[^/]*?(-tests)?\\.jar!");
    private static final Pattern DIRECTORY = Pattern.compile("/([^/]+)/target/(test-)?classes/");

    /** The directory of the module whose build made the class at {@code location}, if it is one of ours. */
    static Optional<String> moduleBuilding(URI location) {
        String text = location.toString();
        Matcher jar = JAR.matcher(text);
        if (jar.find()) return Optional.of(jar.group(1));
        Matcher dir = DIRECTORY.matcher(text);
        return dir.find() ? Optional.of(dir.group(1)) : Optional.empty();
    }

    /** The module whose package holds {@code pkg}: the longest module package it is under. */
    Optional<Module> moduleOwning(String pkg) {
        return modules.stream()
                .filter(m -> under(pkg, m.pkg()))
                .max((a, b) -> Integer.compare(a.pkg().length(), b.pkg().length()));
    }

    /**
     * Classes that live in another module's package than the module that builds them, as
     * "class (built by dir)": such a class would escape its own module's rule (an adapter's class
     * in core's package could use core). Classes built by no module of ours are not judged.
     */
    List<String> misplaced(JavaClasses classes) {
        TreeSet<String> found = new TreeSet<>();
        for (JavaClass c : classes) {
            Optional<String> builtBy = c.getSource().flatMap(s -> moduleBuilding(s.getUri()));
            if (builtBy.isEmpty()) continue;
            Optional<String> owner = moduleOwning(c.getPackageName()).map(Module::dir);
            if (!owner.equals(builtBy)) {
                found.add(c.getName() + " (built by " + builtBy.get() + ", its package is "
                        + owner.map(o -> o + "'s").orElse("no module's") + ")");
            }
        }
        return List.copyOf(found);
    }
}
