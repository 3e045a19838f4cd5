package org.lnteller.app.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lnteller.app.server.ServerHarness.ADMIN_TOKEN;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lnteller.adapter.simulated.SimulatedLightning;
import org.lnteller.app.cli.ExitCode;
import org.lnteller.app.cli.PasswordCommand;
import org.lnteller.app.machine.LamassuMachineClient;
import org.lnteller.app.server.ServerHarness.Answer;
import org.lnteller.ports.lightning.CreatedInvoice;
import org.lnteller.ports.model.Satoshi;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operator console in a real headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}, driven by Selenium through {@code /usr/bin/chromedriver}, so nothing is
 * downloaded), against the real server with a Lamassu machine paired over the machine port:
 * sign in with the password set by {@code lnteller password}, see the machine, watch a cash-out
 * appear and turn {@code confirmed} without a reload, refund a failed cash-in, refuse a change with
 * a wrong CSRF token, sign out. Screenshots of each page at desktop and phone width go to
 * {@code app/target/console-screenshots/}, or with {@code -Dconsole.screenshots=docs/screenshots}
 * to the README's copies. Without Chromium the test is skipped, except under {@code CI=true}.
 */
class ConsoleBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String PASSWORD = "operator console password";
    private static final String OUT = "7a1c7a2e-9f3b-4c8d-a6e1-0b2c3d4e5f61";
    private static final String IN = "8b2d8b3f-a04c-4d9e-b7f2-1c3d4e5f6a72";
    /** $100 at 60,000 USD/BTC less the 5 % commission: 175,000 sats. */
    private static final long SATS_FOR_100_OUT = 175_000;

    private static final long SATS_FOR_20_IN = 31_746;
    private static final Dimension DESKTOP = new Dimension(1280, 800);
    private static final Dimension PHONE = new Dimension(390, 844);

    @TempDir
    Path data;

    @TempDir
    Path customerData;

    @TempDir
    Path browserProfile;

    private ServerHarness server;
    private WebDriver browser;

    @AfterEach
    void stop() {
        if (browser != null) browser.quit();
        if (server != null) server.close();
    }

    private static void requireChromium() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI=true but " + CHROMIUM + " or " + CHROMEDRIVER
                    + " is missing: apt-get install -y chromium chromium-driver (.ci/run does)");
        }
        Assumptions.assumeTrue(
                present,
                "skipped: the console's browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
                        + " (apt-get install -y chromium chromium-driver)");
    }

    private WebDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-quic",
                "--hide-scrollbars",
                "--user-data-dir=" + browserProfile,
                "--window-size=1280,800");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    @Test
    void anOperatorSignsInSeesTheFleetWatchesACashOutConfirmRefundsAFailedCashInAndSignsOut() throws Exception {
        requireChromium();
        // the password, set as an operator would: lnteller password --stdin
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        int set = new PasswordCommand(
                        Map.of("LNTELLER_DATA_DIR", data.toString()),
                        new ByteArrayInputStream((PASSWORD + "\n").getBytes(StandardCharsets.UTF_8)),
                        new SecureRandom())
                .run(
                        List.of("--stdin"),
                        new PrintStream(said, true, StandardCharsets.UTF_8),
                        new PrintStream(said, true, StandardCharsets.UTF_8));
        assertThat(set).as(said.toString(StandardCharsets.UTF_8)).isEqualTo(ExitCode.OK);
        assertThat(Files.readString(data.resolve(OperatorPasswordFile.FILE)))
                .startsWith("$argon2id$")
                .doesNotContain(PASSWORD);

        server = new ServerHarness(
                data,
                Map.of(
                        "MACHINE_PORT",
                        "0",
                        "MACHINE_HOSTS",
                        "127.0.0.1,localhost",
                        "CONSOLE_LOW_BALANCE_SATS",
                        "20000000",
                        "CONSOLE_CASSETTE_CAPACITY",
                        "500"));
        Answer added = server.post(
                "/api/admin/app/add",
                ADMIN_TOKEN,
                Map.of(
                        "name",
                        "Lobby ATM",
                        "cassettes",
                        List.of(Map.of("denomination", 20, "count", 400), Map.of("denomination", 50, "count", 60))));
        assertThat(added.status()).as(added.raw()).isEqualTo(201);
        String app = added.body().path("app_id").asText();
        assertThat(server.post("/api/admin/app/add", ADMIN_TOKEN, Map.of("name", "Station ATM"))
                        .status())
                .isEqualTo(201);
        LamassuMachineClient machine = new LamassuMachineClient(server.machinePort(), Clock.systemUTC());
        machine.scan(server.post("/api/admin/apps/" + app + "/pairings", ADMIN_TOKEN, "{}")
                .body()
                .path("totem")
                .asText());
        assertThat(machine.fetchCa().status()).isEqualTo(200);
        assertThat(machine.pair(2, 0).status()).isEqualTo(200);
        assertThat(machine.get("/poll?state=idle&model=aveiro&version=10.0.3&idle=true&pid=1&sn=0")
                        .status())
                .isEqualTo(200);

        browser = chromium();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(10));
        browser.get(server.uri("/console").toString());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("password")));
        screenshots("signin");

        // a wrong password is refused, the right one signs in
        browser.findElement(By.id("password")).sendKeys("not the password");
        browser.findElement(By.cssSelector("#signin-form button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("signin-error"), "wrong password"));
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.cssSelector("#signin-form button[type=submit]")).click();

        // the fleet: the paired machine, its cassettes against their capacity, the low-balance banner
        WebElement card =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-app='" + app + "']")));
        wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("[data-fingerprint='" + machine.fingerprint() + "']")));
        assertThat(card.getText()).contains(machine.fingerprint(), "seen", "idle", "400 / 500", "60 / 500 — refill");
        assertThat(browser.findElement(By.id("banner")).getText()).contains("Low balance");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#chart canvas")));
        assertThat(browser.manage().getCookies()).extracting(c -> c.getName()).contains("lnteller_session");
        assertThat(browser.manage().getCookieNamed("lnteller_session").isHttpOnly())
                .isTrue();
        assertThat((String) js("return JSON.stringify(window.localStorage) + JSON.stringify(window.sessionStorage)"))
                .isEqualTo("{}{}");

        // transactions: a cash-out appears, and turns confirmed when paid, with no reload of the page
        browser.findElement(By.cssSelector("#nav a[data-view=transactions]")).click();
        js("window.notReloaded = true");
        LamassuMachineClient.Answer created = machine.post(
                "/tx",
                "{\"id\":\"" + OUT + "\",\"direction\":\"cashOut\",\"cryptoCode\":\"LN\","
                        + "\"fiat\":100,\"fiatCode\":\"USD\",\"cryptoAtoms\":\"" + SATS_FOR_100_OUT
                        + "\",\"isLightning\":true,\"txVersion\":1}");
        assertThat(created.status()).as(created.raw()).isEqualTo(200);
        By outStatus = By.cssSelector("tr[data-tx='" + OUT + "'] td.status");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(outStatus, "notSeen"));
        String hash = server.payInvoiceOf(created.body());
        wait.until(ExpectedConditions.textToBePresentInElementLocated(outStatus, "confirmed"));
        assertThat((Boolean) js("return window.notReloaded === true"))
                .as("updated live, not by a reload")
                .isTrue();
        browser.findElement(By.cssSelector("tr[data-tx='" + OUT + "']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("tx-history"), "invoice-paid"));
        assertThat(browser.findElement(By.id("tx-facts")).getText()).contains(hash);
        screenshots("transactions");

        // a cash-in whose invoice is for another amount fails; the operator refunds it from the problems page
        SimulatedLightning customer = ServerHarness.customerWallet(customerData);
        CreatedInvoice wrongAmount =
                customer.createInvoice(Satoshi.of(SATS_FOR_20_IN + 1_000), Duration.ofMinutes(10), "my wallet");
        machine.post("/tx", cashIn(1, wrongAmount.bolt11(), false));
        LamassuMachineClient.Answer sent = machine.post("/tx", cashIn(2, wrongAmount.bolt11(), true));
        assertThat(sent.status()).as(sent.raw()).isEqualTo(400);
        JsonNode stuck =
                server.get("/api/admin/cashins/stuck", ADMIN_TOKEN).body().path("items");
        assertThat(stuck).extracting(t -> t.path("id").asText()).contains(IN);
        browser.findElement(By.cssSelector("#nav a[data-view=problems]")).click();
        WebElement item = wait.until(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#stuck [data-tx='" + IN + "']")));
        screenshots("problems");
        item.findElement(By.name("operator")).sendKeys("alice");
        item.findElement(By.name("reason")).sendKeys("cash handed back at the counter");
        item.findElement(By.cssSelector("button[value=refund]")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("#stuck [data-tx='" + IN + "']")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "refunded"));
        JsonNode refunded = server.get("/api/admin/txs/" + IN, ADMIN_TOKEN).body();
        assertThat(refunded.path("status").asText()).isEqualTo("refunded");
        assertThat(refunded.path("history"))
                .anySatisfy(h -> assertThat(h.path("detail").asText()).contains("cash handed back"));

        browser.findElement(By.cssSelector("#nav a[data-view=provisioning]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("prov-facts"), "Self-service sale"));
        screenshots("provisioning");
        browser.findElement(By.cssSelector("#nav a[data-view=fleet]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-app='" + app + "']")));
        screenshots("fleet");

        // a change with a wrong CSRF token is refused, even with the session cookie
        Object wrongCsrf = ((JavascriptExecutor) browser)
                .executeAsyncScript("const done = arguments[arguments.length - 1];"
                        + "fetch('/api/admin/apps/" + app
                        + "/disable', {method: 'POST', headers: {'X-CSRF-Token': 'forged',"
                        + " 'Content-Type': 'application/json'}, body: '{}'}).then(r => done(r.status));");
        assertThat(((Number) wrongCsrf).intValue()).isEqualTo(403);
        assertThat(server.get("/api/admin/apps", ADMIN_TOKEN)
                        .body()
                        .path("apps")
                        .get(0)
                        .path("status")
                        .asText())
                .isEqualTo("active");

        // signing out ends the session: the API refuses the old cookie
        String oldSession = browser.manage().getCookieNamed("lnteller_session").getValue();
        browser.findElement(By.id("sign-out")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("password")));
        Object after = ((JavascriptExecutor) browser)
                .executeAsyncScript("const done = arguments[arguments.length - 1];"
                        + "fetch('/api/admin/fleet').then(r => done(r.status));");
        assertThat(((Number) after).intValue()).isEqualTo(401);
        Answer replayed = server.send(server.request("/api/admin/fleet", null)
                .header("Cookie", "lnteller_session=" + oldSession)
                .GET()
                .build());
        assertThat(replayed.status()).isEqualTo(401);

        // no page broke the Content-Security-Policy or threw
        List<LogEntry> problems = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .filter(e -> !e.getMessage().contains("401") && !e.getMessage().contains("403"))
                .toList();
        assertThat(problems).as("browser errors").isEmpty();
    }

    private Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    /** The page at desktop and phone width, into docs/screenshots/console-NAME-desktop.png and -phone.png. */
    private void screenshots(String name) throws IOException, InterruptedException {
        // every run writes them under target/; -Dconsole.screenshots=docs/screenshots refreshes the
        // README's copies (a plain mvn verify must not modify tracked files)
        Path dir =
                repositoryRoot().resolve(System.getProperty("console.screenshots", "app/target/console-screenshots"));
        Files.createDirectories(dir);
        for (Map.Entry<String, Dimension> size : List.of(Map.entry("desktop", DESKTOP), Map.entry("phone", PHONE))) {
            // the viewport itself (a window's size would include what the browser keeps for itself)
            ((ChromeDriver) browser)
                    .executeCdpCommand(
                            "Emulation.setDeviceMetricsOverride",
                            Map.of(
                                    "width",
                                    size.getValue().getWidth(),
                                    "height",
                                    size.getValue().getHeight(),
                                    "deviceScaleFactor",
                                    1,
                                    "mobile",
                                    size.getValue().equals(PHONE)));
            Thread.sleep(300); // a relayout
            byte[] png = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
            Files.write(dir.resolve("console-" + name + "-" + size.getKey() + ".png"), png);
        }
        ((ChromeDriver) browser).executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("app/pom.xml"))) dir = dir.getParent();
        if (dir == null) throw new IllegalStateException("not inside the repository");
        return dir;
    }

    private static String cashIn(int version, String toAddress, boolean send) {
        return "{\"id\":\"" + IN
                + "\",\"direction\":\"cashIn\",\"cryptoCode\":\"LN\",\"fiat\":\"20\",\"fiatCode\":\"USD\",\"cryptoAtoms\":\""
                + SATS_FOR_20_IN + "\",\"txVersion\":" + version + ",\"toAddress\":\"" + toAddress + "\",\"send\":"
                + send
                + ",\"bills\":[{\"denomination\":20,\"fiatCode\":\"USD\"}]}";
    }
}
