package org.lnteller.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lnteller.app.Architecture.Module;

/**
 * The dependency rule of the design, checked by ArchUnit on the compiled classes of every module
 * (see {@link Architecture} for the rule itself). The Maven graph forbids most of it already; these
 * rules also catch what the graph cannot: a test dependency on core added to an adapter's pom, a
 * class put in another module's package, an {@code internal} class used from outside, core reading
 * the clock. The second half proves that each rule can fail, on fixture classes made to break it.
 */
class ArchitectureTest {

    private static final String OURS = "org.lnteller";
    private static final Architecture ARCHITECTURE = Architecture.of(OURS);
    private static final String[] ADAPTERS_AND_KIOSK = {
        "adapter-galoy",
        "adapter-phoenixd",
        "adapter-rates",
        "adapter-lnd",
        "adapter-http",
        "adapter-jdbc",
        "adapter-serial-atm",
        "adapter-simulated",
        "adapter-lnurl",
        "kiosk"
    };

    /** Main classes of every module: on app's test classpath, as directories or jars of the reactor. */
    private static JavaClasses main;
    /** Test classes of every module, read from each module's {@code target/test-classes}. */
    private static JavaClasses tests;

    private static Map<String, Integer> testClassesPerModule;

    @BeforeAll
    static void importTheModules() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // the test-jars of ports and the adapters are on the classpath too: their classes are test code
                .withImportOption(location -> !location.contains("-tests.jar"))
                // everything our modules build, whatever its package: a class in the default package or in
                // another module's package is found too (everyClassLivesInThePackageOfTheModuleThatBuildsIt)
                .withImportOption(location ->
                        Architecture.moduleBuilding(location.asURI()).isPresent())
                .importClasspath();

        Path root = repositoryRoot(Path.of(""));
        List<Path> dirs = new ArrayList<>();
        testClassesPerModule = new LinkedHashMap<>();
        for (Module module : ARCHITECTURE.modules) {
            Path dir = root.resolve(module.dir()).resolve("target/test-classes");
            if (Files.isDirectory(dir)) {
                dirs.add(dir);
                testClassesPerModule.put(module.dir(), countClassFiles(dir));
            }
        }
        tests = new ClassFileImporter().importPaths(dirs);
    }

    // ---------------------------------------------------------------- the tree

    @Test
    void portsUseNothingOfOursButTheCodecAndNothingButTheJdk() {
        assertThat(main.stream().filter(c -> c.getPackageName().startsWith(OURS + ".ports.")))
                .as("ports classes imported")
                .isNotEmpty();

        ARCHITECTURE.moduleRule(ARCHITECTURE.module("ports"), false).check(main);
    }

    @Test
    void coreUsesOnlyThePortsTheCodecGuavaAndSecp256k1() {
        assertThat(main.stream().filter(c -> c.getPackageName().startsWith(OURS + ".core.")))
                .as("core classes imported")
                .isNotEmpty();

        ARCHITECTURE.moduleRule(ARCHITECTURE.module("core"), false).check(main);
    }

    @Test
    void theCodecUsesOnlyTheJdkAndSecp256k1AndNothingOfOurs() {
        ARCHITECTURE.moduleRule(ARCHITECTURE.module("codec"), false).check(main);
    }

    @Test
    void noAdapterNorTheKioskUsesCoreTheAppOrAnotherAdapter() {
        for (String dir : ADAPTERS_AND_KIOSK) {
            String pkg = ARCHITECTURE.module(dir).pkg();
            assertThat(main.stream().filter(c -> Architecture.under(c.getPackageName(), pkg)))
                    .as(dir + " classes imported")
                    .isNotEmpty();
        }

        ARCHITECTURE.moduleRules(false, ADAPTERS_AND_KIOSK).check(main);
    }

    @Test
    void testCodeIsHeldToTheSameRuleWithTheTestFrameworksBesides() {
        for (Module module : ARCHITECTURE.modules) {
            if (module.mayBeAbsent()) continue;
            assertThat(testClassesPerModule.getOrDefault(module.dir(), 0))
                    .as(
                            "test classes of %s under target/test-classes (build with -am): %s",
                            module.dir(), testClassesPerModule)
                    .isPositive();
        }

        ARCHITECTURE
                .moduleRules(
                        true, ARCHITECTURE.modules.stream().map(Module::dir).toArray(String[]::new))
                .check(tests);
    }

    @Test
    void internalPackagesAreNotUsedFromOutsideTheirModule() {
        ARCHITECTURE.internalPackagesStayInside().check(main);
    }

    @Test
    void coreNeverReadsTheClockNorMakesItsOwnRandomness() {
        ARCHITECTURE.coreTakesTimeAndRandomnessAsInputs().check(main);
    }

    @Test
    void everyClassLivesInThePackageOfTheModuleThatBuildsIt() {
        assertThat(ARCHITECTURE.misplaced(main))
                .as("main classes in another module's package")
                .isEmpty();
        assertThat(ARCHITECTURE.misplaced(tests))
                .as("test classes in another module's package")
                .isEmpty();
    }

    @Test
    void everyModuleOfTheBuildHasARuleAndEveryRuleAModule() throws IOException {
        Path root = repositoryRoot(Path.of(""));
        Set<String> built = modulesOf(Files.readString(root.resolve("pom.xml")));
        Set<String> ruled =
                ARCHITECTURE.modules.stream().map(Module::dir).collect(Collectors.toCollection(TreeSet::new));
        Set<String> required = ARCHITECTURE.modules.stream()
                .filter(m -> !m.mayBeAbsent())
                .map(Module::dir)
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(ruled).as("modules of the parent pom without a rule").containsAll(built);
        assertThat(built)
                .as("modules with a rule the parent pom does not build")
                .containsAll(required);
    }

    // ---------------------------------------------------------------- each rule can fail

    /** The same rules over classes made to break them, laid out as the modules under {@code archfixture}. */
    private static final String FIXTURES = "org.lnteller.app.archfixture";

    private static final Architecture BROKEN = Architecture.of(FIXTURES);
    private static final JavaClasses FIXTURE_CLASSES = new ClassFileImporter().importPackages(FIXTURES);

    private static String report(ArchRule rule) {
        EvaluationResult result = rule.evaluate(FIXTURE_CLASSES);
        return String.join("\n", result.getFailureReport().getDetails());
    }

    private static String fixture(String name) {
        return "<" + FIXTURES + "." + name + ">";
    }

    @Test
    void portsUsingGuavaADesktopOrCoreBreakTheirRule() {
        String report = report(BROKEN.moduleRule(BROKEN.module("ports"), false));

        assertThat(report)
                .contains("ports.Amount.frame> has type <javax.swing.JFrame>")
                .contains("ports.Amount.guava> has type <com.google.common.base.Preconditions>")
                .contains("ports.Amount.core> has type " + fixture("core.tx.Rules"))
                .doesNotContain("<javax.crypto.Mac>")
                .doesNotContain("has type " + fixture("codec.Bech32"));
    }

    @Test
    void aTestFrameworkIsAllowedInThePortsTestCodeOnly() {
        assertThat(report(BROKEN.moduleRule(BROKEN.module("ports"), false)))
                .contains("org.junit.jupiter.api.Assertions");
        assertThat(report(BROKEN.moduleRule(BROKEN.module("ports"), true))).doesNotContain("org.junit");
    }

    @Test
    void coreUsingAnAdapterOrAnUnlistedLibraryBreaksItsRule() {
        String report = report(BROKEN.moduleRule(BROKEN.module("core"), false));

        assertThat(report)
                .contains("core.tx.Rules.logger> has type <org.slf4j.Logger>")
                .contains("core.tx.Rules.adapter> has type " + fixture("adapter.galoy.Backend"))
                .doesNotContain("com.google.common.base.Verify")
                // secp256k1 is the codec's alone since the codec module landed
                .contains("fr.acinq.secp256k1.Secp256k1")
                .doesNotContain("has type " + fixture("ports.Amount"));
    }

    @Test
    void aCodecUsingThePortsBreaksItsRule() {
        assertThat(report(BROKEN.moduleRule(BROKEN.module("codec"), false)))
                .contains("codec.Bech32.amount> has type " + fixture("ports.Amount"));
    }

    @Test
    void anAdapterUsingCoreTheAppOrAnotherAdapterBreaksTheRule() {
        String http = report(BROKEN.moduleRule(BROKEN.module("adapter-http"), false));
        String jdbc = report(BROKEN.moduleRule(BROKEN.module("adapter-jdbc"), false));

        assertThat(http)
                .contains("adapter.http.Handler.core> has type " + fixture("core.tx.Rules"))
                .contains("adapter.http.Handler.frame> has type " + fixture("adapter.serial.internal.Frame"))
                .doesNotContain("ObjectMapper")
                .doesNotContain("has type " + fixture("ports.Amount"))
                .doesNotContain("has type " + fixture("codec.Bech32"));
        assertThat(jdbc)
                .contains("adapter.jdbc.Store.http> has type " + fixture("adapter.http.Handler"))
                .contains("adapter.jdbc.Store.app> has type " + fixture("app.Main"));
    }

    @Test
    void theKioskIsHeldToTheAdaptersRule() {
        assertThat(report(BROKEN.moduleRule(BROKEN.module("kiosk"), false)))
                .contains("kiosk.Kiosk.core> has type " + fixture("core.tx.Rules"))
                .contains("kiosk.Kiosk.app> has type " + fixture("app.Main"))
                .contains("kiosk.Kiosk.serial> has type " + fixture("adapter.serial.SerialLink"))
                .doesNotContain("has type " + fixture("ports.Amount"));
    }

    @Test
    void theSimulatedWalletMayUseNoPartOfCoreNotEvenWhatWasOnceItsBolt11Codec() {
        assertThat(report(BROKEN.moduleRule(BROKEN.module("adapter-simulated"), false)))
                .contains("adapter.simulated.Wallet.core> has type " + fixture("core.tx.Rules"))
                .contains("core.bolt11.Bolt11");
    }

    @Test
    void usingAnotherModulesInternalPackageBreaksTheRuleEvenFromTheApp() {
        String report = report(BROKEN.internalPackagesStayInside());

        assertThat(report)
                .contains("adapter.http.Handler.frame> has type " + fixture("adapter.serial.internal.Frame"))
                .contains("app.Main.frame> has type " + fixture("adapter.serial.internal.Frame"))
                .doesNotContain("SerialLink");
    }

    @Test
    void coresInternalPackagesAreCoresOwnTheAppMayNotUseThem() {
        String report = report(BROKEN.internalPackagesStayInside());

        assertThat(report)
                .contains("app.Main.draft> has type " + fixture("core.internal.tx.Draft"))
                .doesNotContain("core.tx.Rules.draft");
    }

    @Test
    void coreReadingTheClockOrMakingRandomnessBreaksTheRuleEachWay() {
        String report = report(BROKEN.coreTakesTimeAndRandomnessAsInputs());

        assertThat(report)
                .contains("Clocky.instantNow()> calls method <java.time.Instant.now()>")
                .contains("Clocky.systemUtc()> calls method <java.time.Clock.systemUTC()>")
                .contains("Clocky.systemDefaultZone()> calls method <java.time.Clock.systemDefaultZone()>")
                .contains("Clocky.currentTimeMillis()> calls method <java.lang.System.currentTimeMillis()>")
                .contains("Clocky.newSecureRandom()> calls constructor <java.security.SecureRandom.<init>()>")
                .contains("Clocky.instantNowReference()> references method <java.time.Instant.now()>")
                .doesNotContain("Clocky.allowed(");
    }

    @Test
    void aClassBuiltByOneModuleInAnothersPackageIsFound() {
        assertThat(Architecture.moduleBuilding(
                        URI.create("file:/repo/adapter-http/target/classes/org/lnteller/core/tx/Sneaky.class")))
                .contains("adapter-http");
        assertThat(
                        Architecture.moduleBuilding(
                                URI.create(
                                        "jar:file:/repo/adapter-serial-atm/target/lnteller-adapter-serial-atm-0.1.0-SNAPSHOT-tests.jar!/org/X.class")))
                .contains("adapter-serial-atm");
        assertThat(Architecture.moduleBuilding(URI.create(
                        "jar:file:/m2/org/slf4j/slf4j-api/2.0.16/slf4j-api-2.0.16.jar!/org/slf4j/Logger.class")))
                .isEmpty();
        assertThat(ARCHITECTURE.moduleOwning("org.lnteller.core.tx"))
                .map(Module::dir)
                .contains("core");
        assertThat(ARCHITECTURE.moduleOwning("org.lnteller.adapter.serial.internal"))
                .map(Module::dir)
                .contains("adapter-serial-atm");
        assertThat(ARCHITECTURE.moduleOwning("org.lnteller.adapter.httpclient")).isEmpty();
        assertThat(ARCHITECTURE.moduleOwning("")).as("the default package").isEmpty();

        // the fixtures are built by app but live in fixture packages: under the fixtures' own layout they belong to no
        // module
        assertThat(BROKEN.misplaced(FIXTURE_CLASSES)).isNotEmpty().allMatch(s -> s.contains("(built by app"));
    }

    @Test
    void aPackageIsMatchedWholeNotByItsFirstLetters() {
        assertThat(Architecture.under("java.util", "java")).isTrue();
        assertThat(Architecture.under("javax.crypto", "java")).isFalse();
        assertThat(Architecture.under("org.lnteller.portsx", "org.lnteller.ports"))
                .isFalse();
        assertThat(Architecture.under("org.lnteller.adapter.httpclient", "org.lnteller.adapter.http"))
                .isFalse();
    }

    // ---------------------------------------------------------------- the repository

    private static final Pattern MODULE = Pattern.compile("<module>\\s*([^<\\s]+)\\s*</module>");

    static Set<String> modulesOf(String parentPom) {
        Set<String> modules = new TreeSet<>();
        Matcher m = MODULE.matcher(parentPom.replaceAll("(?s)<!--.*?-->", ""));
        while (m.find()) modules.add(m.group(1));
        return modules;
    }

    private static int countClassFiles(Path dir) {
        try (var walk = Files.walk(dir)) {
            return (int) walk.filter(p -> p.toString().endsWith(".class")).count();
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
                try {
                    String withoutParent = Files.readString(pom).replaceAll("(?s)<parent>.*?</parent>", "");
                    if (withoutParent.contains("<artifactId>lnteller-parent</artifactId>")) return dir;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        throw new IllegalStateException("no lnteller-parent pom.xml in " + start.toAbsolutePath() + " or above");
    }
}
