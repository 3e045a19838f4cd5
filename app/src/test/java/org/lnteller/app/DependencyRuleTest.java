package org.lnteller.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.lnteller.app.ImportScanner.Kind;
import org.lnteller.app.ImportScanner.Reference;
import org.lnteller.app.ImportScanner.Rule;
import org.lnteller.app.ImportScanner.Violation;

/**
 * The dependency rule of the design, checked on the sources: {@code codec} (bech32, BOLT11, LNURL,
 * npub) uses only the JDK and secp256k1 and nothing of ours; {@code ports} only the JDK and the
 * codec; {@code core} only the JDK, the codec, the ports and Guava; an adapter uses the
 * codec, the ports and any third-party library but never {@code core}, another adapter or {@code app}. Test sources are held
 * to the same rule (plus the test frameworks). The Maven graph forbids most of this already; this
 * test also catches what the graph cannot, e.g. a test dependency on core added to an adapter's pom.
 */
class DependencyRuleTest {

    /** The JDK's own packages: java.*, and the javax.crypto of every JDK (HMAC, for instance). */
    private static final List<String> JDK = List.of("java", "javax.crypto");
    private static final String CODEC = "org.lnteller.codec";
    private static final String PORTS = "org.lnteller.ports";
    private static final String CORE = "org.lnteller.core";

    static final List<Rule> RULES = List.of(
            new Rule("codec", CODEC, List.of(CODEC), Optional.of(List.of("java", "fr.acinq.secp256k1"))),
            new Rule("ports", PORTS, List.of(CODEC, PORTS), Optional.of(JDK)),
            new Rule("core", CORE, List.of(CODEC, PORTS, CORE),
                    Optional.of(List.of("java", "javax.crypto", "com.google.common"))),
            adapter("adapter-galoy", "org.lnteller.adapter.galoy"),
            adapter("adapter-phoenixd", "org.lnteller.adapter.phoenixd"),
            adapter("adapter-rates", "org.lnteller.adapter.rates"),
            adapter("adapter-http", "org.lnteller.adapter.http"),
            adapter("adapter-lnd", "org.lnteller.adapter.lnd"),
            adapter("adapter-jdbc", "org.lnteller.adapter.jdbc"),
            adapter("adapter-serial-atm", "org.lnteller.adapter.serial"),
            adapter("adapter-simulated", "org.lnteller.adapter.simulated"),
            adapter("adapter-lnurl", "org.lnteller.adapter.lnurl"),
            // a program of its own, on the machine: held to the adapters' rule
            adapter("kiosk", "org.lnteller.kiosk"),
            new Rule("app", "org.lnteller.app", List.of(ImportScanner.LNTELLER), Optional.empty()));

    private static Rule adapter(String dir, String ownPackage) {
        return new Rule(dir, ownPackage, List.of(CODEC, PORTS, ownPackage), Optional.empty());
    }

    private static Rule rule(String dir) {
        return RULES.stream().filter(r -> r.dir().equals(dir)).findFirst().orElseThrow();
    }

    // ---------------------------------------------------------------- the tree

    @Test
    void noModuleUsesWhatTheDependencyRuleForbids() {
        Path root = ImportScanner.repositoryRoot(Path.of(""));

        ImportScanner.Scan scan = ImportScanner.scan(root, RULES);

        assertThat(scan.files()).as("java files read under " + root + " " + scan.filesPerModule()).isPositive();
        assertThat(scan.filesPerModule().get("ports")).as("ports sources read").isPositive();
        assertThat(scan.filesPerModule().get("codec")).as("codec sources read").isPositive();
        assertThat(scan.violations())
                .as("dependency rule violations:%n%s",
                        scan.violations().stream().map(Violation::toString).collect(Collectors.joining("\n")))
                .isEmpty();
    }

    @Test
    void everyModuleTheRuleNamesIsInTheRepository() {
        Path root = ImportScanner.repositoryRoot(Path.of(""));

        for (Rule rule : RULES) {
            assertThat(root.resolve(rule.dir()).resolve("pom.xml")).as(rule.dir()).isRegularFile();
        }
        assertThat(Files.isRegularFile(root.resolve(rule("ports").dir()).resolve(
                "src/main/java/org/lnteller/ports/lightning/LightningBackend.java")))
                .as("the scanner looks where the sources are").isTrue();
    }

    @Test
    void theRootIsTheParentPomNotAModuleThatNamesItAsParent() {
        Path root = ImportScanner.repositoryRoot(Path.of(""));

        assertThat(root.resolve("app/pom.xml")).isRegularFile();
        assertThat(root.resolve("ports/pom.xml")).isRegularFile();
    }

    // ---------------------------------------------------------------- the scanner can fail

    @Test
    void anAdapterImportingCoreIsReportedWithFileAndLine() {
        String source = """
                package org.lnteller.adapter.http;

                import java.util.List;
                import org.lnteller.ports.model.TxId;
                import org.lnteller.core.tx.CashInRules;

                class Handler {}
                """;

        List<Violation> violations = ImportScanner.check(rule("adapter-http"), "adapter-http/src/main/java/Handler.java", source, false);

        assertThat(violations).hasSize(1);
        assertThat(violations.get(0).toString())
                .startsWith("adapter-http/src/main/java/Handler.java:5: import org.lnteller.core.tx.CashInRules");
    }

    @Test
    void anAdapterUsingAnotherAdapterOrTheAppIsReported() {
        String source = """
                package org.lnteller.adapter.jdbc;

                import org.jdbi.v3.core.Jdbi;
                import org.lnteller.adapter.http.Json;
                import static org.lnteller.app.Main.main;

                class Store {
                    Object config = new org.lnteller.adapter.galoy.GaloyConfig();
                }
                """;

        List<Violation> violations = ImportScanner.check(rule("adapter-jdbc"), "Store.java", source, false);

        assertThat(violations).extracting(Violation::line, Violation::what).containsExactly(
                tuple(4, "import org.lnteller.adapter.http.Json"),
                tuple(5, "import static org.lnteller.app.Main.main"),
                tuple(8, "qualified name org.lnteller.adapter.galoy.GaloyConfig"));
    }

    @Test
    void theKioskIsHeldToTheAdaptersRuleAndTheSimulatedWalletMayUseOnlyCoresBolt11() {
        String kiosk = """
                package org.lnteller.kiosk;

                import org.lnteller.ports.validator.BillValidator;
                import org.lnteller.core.destination.PaymentDestinations;
                import org.lnteller.app.config.Settings;
                import org.lnteller.adapter.serial.SerialLinks;
                """;
        String simulated = """
                package org.lnteller.adapter.simulated;

                import org.lnteller.core.bolt11.Bolt11;
                import org.lnteller.core.tx.CashInRules;
                import org.lnteller.adapter.lnurl.HttpLnurlService;
                """;

        assertThat(ImportScanner.check(rule("kiosk"), "Kiosk.java", kiosk, false)).extracting(Violation::what).containsExactly(
                "import org.lnteller.core.destination.PaymentDestinations",
                "import org.lnteller.app.config.Settings",
                "import org.lnteller.adapter.serial.SerialLinks");
        assertThat(ImportScanner.check(rule("adapter-simulated"), "SimulatedLightning.java", simulated, false))
                .extracting(Violation::what).containsExactly(
                        "import org.lnteller.core.tx.CashInRules", "import org.lnteller.adapter.lnurl.HttpLnurlService");
    }

    @Test
    void portsMayUseOnlyTheJdk() {
        String source = """
                package org.lnteller.ports.model;

                import java.util.Objects;
                import javax.crypto.Mac;
                import javax.swing.JFrame;
                import com.google.common.base.Preconditions;

                record Amount(long msat) {
                    Amount { java.util.Objects.checkIndex(0, 1); com.google.common.base.Verify.verify(true); }
                }
                """;

        List<Violation> violations = ImportScanner.check(rule("ports"), "Amount.java", source, false);

        // javax.crypto is the JDK's own (every JDK has HMAC); javax.swing is a desktop the ports have no business with
        assertThat(violations).extracting(Violation::what).containsExactly(
                "import javax.swing.JFrame",
                "import com.google.common.base.Preconditions",
                "qualified name com.google.common.base.Verify");
    }

    @Test
    void theCodecUsesOnlyTheJdkAndSecp256k1AndNothingOfOurs() {
        String source = """
                package org.lnteller.codec.bolt11;

                import fr.acinq.secp256k1.Secp256k1;
                import java.util.Optional;
                import org.lnteller.codec.bech32.Bech32;
                import org.lnteller.ports.model.MilliSatoshi;
                import com.google.common.io.BaseEncoding;

                class Decoder {
                    Object core = new org.lnteller.core.cashin.Destinations();
                }
                """;

        List<Violation> violations = ImportScanner.check(rule("codec"), "Decoder.java", source, false);

        assertThat(violations).extracting(Violation::what).containsExactly(
                "import org.lnteller.ports.model.MilliSatoshi",
                "import com.google.common.io.BaseEncoding",
                "qualified name org.lnteller.core.cashin.Destinations");
    }

    @Test
    void everyModuleMayUseTheCodec() {
        String adapter = """
                package org.lnteller.adapter.galoy;

                import org.lnteller.codec.bolt11.Bolt11;

                class Reader {}
                """;
        String ports = """
                package org.lnteller.ports.lightning;

                import org.lnteller.codec.bolt11.Bolt11Invoice;

                record PaymentRequest(Bolt11Invoice invoice) {}
                """;

        assertThat(ImportScanner.check(rule("adapter-galoy"), "Reader.java", adapter, false)).isEmpty();
        assertThat(ImportScanner.check(rule("ports"), "PaymentRequest.java", ports, false)).isEmpty();
        assertThat(ImportScanner.check(rule("core"), "X.java", "package org.lnteller.core.cashin;\nimport org.lnteller.codec.lnurl.Lnurl;\n",
                false)).isEmpty();
    }

    @Test
    void coreMayUseGuavaButNeitherSecp256k1ThatTheCodecKeepsNorAnAdapterNorOtherLibrary() {
        String source = """
                package org.lnteller.core.cashin;

                import com.google.common.io.BaseEncoding;
                import fr.acinq.secp256k1.Secp256k1;
                import org.lnteller.ports.model.PaymentHash;
                import org.slf4j.Logger;
                import org.lnteller.adapter.galoy.GaloyBackend;

                class Decoder {}
                """;

        List<Violation> violations = ImportScanner.check(rule("core"), "Decoder.java", source, false);

        assertThat(violations).extracting(Violation::what)
                .containsExactly("import fr.acinq.secp256k1.Secp256k1", "import org.slf4j.Logger",
                        "import org.lnteller.adapter.galoy.GaloyBackend");
    }

    @Test
    void testSourcesMayUseTheTestFrameworksAndThePortsTestJarButStillNotCore() {
        String source = """
                package org.lnteller.adapter.galoy;

                import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
                import org.junit.jupiter.api.Test;
                import org.lnteller.ports.lightning.LightningBackendContract;
                import org.lnteller.core.monitor.InvoiceMonitor;

                class GaloyBackendTest extends LightningBackendContract {}
                """;

        assertThat(ImportScanner.check(rule("adapter-galoy"), "GaloyBackendTest.java", source, true))
                .extracting(Violation::what).containsExactly("import org.lnteller.core.monitor.InvoiceMonitor");
        assertThat(ImportScanner.check(rule("ports"), "X.java", """
                package org.lnteller.ports.rates;
                import org.junit.jupiter.api.Test;
                import org.assertj.core.api.Assertions;
                """, true)).isEmpty();
        assertThat(ImportScanner.check(rule("ports"), "X.java", """
                package org.lnteller.ports.rates;
                import org.junit.jupiter.api.Test;
                """, false)).as("test frameworks in main sources").hasSize(1);
    }

    @Test
    void aSourceOutsideItsModulesPackageIsReported() {
        String source = """
                // a class put in core's package from an adapter would escape the adapter's rule
                package org.lnteller.core.tx;

                class Sneaky {}
                """;

        List<Violation> violations = ImportScanner.check(rule("adapter-http"), "Sneaky.java", source, false);

        assertThat(violations).extracting(Violation::line, Violation::what)
                .containsExactly(tuple(2, "package org.lnteller.core.tx"));
        assertThat(ImportScanner.check(rule("adapter-http"), "Default.java", "class Default {}", false))
                .extracting(Violation::what).containsExactly("package (default)");
    }

    @Test
    void commentsAndStringsAreNotDependencies() {
        String source = """
                package org.lnteller.adapter.http;

                // import org.lnteller.core.Old;
                /* import org.lnteller.core.Older;
                   org.lnteller.core.tx.CashInRules.check() */
                /** See {@link org.lnteller.core.tx.CashInRules}. */
                class Errors {
                    String a = "import org.lnteller.core.X; org.lnteller.core.Y";
                    char quote = '"';
                    String b = \"""
                        org.lnteller.core.InTextBlock \\\""" still text
                        \""";
                    String c = "escaped \\" org.lnteller.core.Z";
                }
                """;

        assertThat(ImportScanner.check(rule("adapter-http"), "Errors.java", source, false)).isEmpty();
    }

    @Test
    void importsSpreadOverLinesAndOnDemandImportsAreRead() {
        String source = """
                package org.lnteller.adapter.serial;

                import org.lnteller.core
                    .tx.*;
                import static org.lnteller.core.tx.CashInRules.*;
                """;

        assertThat(ImportScanner.references(source)).containsExactly(
                new Reference(3, "org.lnteller.core.tx.*", Kind.IMPORT),
                new Reference(5, "org.lnteller.core.tx.CashInRules.*", Kind.STATIC_IMPORT));
    }

    @Test
    void aPackageIsMatchedWholeNotByItsFirstLetters() {
        assertThat(ImportScanner.under("java.util.List", "java")).isTrue();
        assertThat(ImportScanner.under("javax.crypto.Mac", "java")).isFalse();
        assertThat(ImportScanner.under("org.lnteller.portsx.Foo", "org.lnteller.ports")).isFalse();
        assertThat(ImportScanner.under("org.lnteller.adapter.httpclient.X", "org.lnteller.adapter.http")).isFalse();
    }
}
