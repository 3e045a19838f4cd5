package org.lnteller.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lnteller.ports.lightning.SettableClock;

/** Signing in to the operator console, its session cookie and CSRF token, over a real server. */
class ConsoleSessionTest {
    private static final String PASSWORD = "correct horse battery staple";
    private final SettableClock clock = new SettableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final AtomicReference<Optional<String>> passwordHash = new AtomicReference<>(Optional.empty());

    @RegisterExtension
    final ApiHarness api = ApiHarness.forEachTest(b -> b.clockAndRandom(clock, new SecureRandom())
            .console(ConsoleSettings.defaults(), passwordHash::get)
            .consoleSessions(Duration.ofMinutes(30), Duration.ofHours(12)));

    record SignedIn(String session, String csrf, List<String> cookies) {
        String cookieHeader() {
            return "lnteller_session=" + session + "; lnteller_csrf=" + csrf;
        }
    }

    private SignedIn signIn(String secret) {
        ApiHarness.Reply reply = api.send("POST", "/api/admin/session", null, "{\"password\":\"" + secret + "\"}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        List<String> cookies = reply.headers().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("set-cookie"))
                .flatMap(e -> e.getValue().stream())
                .toList();
        String session = value(cookies, "lnteller_session");
        String csrf = value(cookies, "lnteller_csrf");
        assertThat(reply.json().path("csrf_token").asText()).isEqualTo(csrf);
        return new SignedIn(session, csrf, cookies);
    }

    private static String value(List<String> cookies, String name) {
        return cookies.stream()
                .filter(c -> c.startsWith(name + "="))
                .findFirst()
                .orElseThrow()
                .split(";")[0]
                .substring(name.length() + 1);
    }

    @Test
    void theAdminTokenSignsInUntilAPasswordIsSetAndTheCookiesAreHttpOnlyStrictAndRandom() {
        SignedIn in = signIn(ApiHarness.ADMIN_TOKEN);

        String session = in.cookies().stream()
                .filter(c -> c.startsWith("lnteller_session="))
                .findFirst()
                .orElseThrow();
        assertThat(session)
                .contains("HttpOnly", "SameSite=Strict", "Path=/")
                .as("the harness's public URL is https")
                .contains("Secure");
        assertThat(in.cookies().stream()
                        .filter(c -> c.startsWith("lnteller_csrf="))
                        .findFirst()
                        .orElseThrow())
                .doesNotContain("HttpOnly")
                .contains("SameSite=Strict");
        assertThat(in.session())
                .hasSize(43)
                .isNotEqualTo(in.csrf())
                .isNotEqualTo(signIn(ApiHarness.ADMIN_TOKEN).session());
        assertThat(api.send("GET", "/api/admin/apps", null, null, "Cookie", in.cookieHeader())
                        .status())
                .isEqualTo(200);
    }

    @Test
    void onceAPasswordIsSetOnlyThePasswordSignsInAndTheTokenNoLonger() {
        passwordHash.set(Optional.of(OperatorPassword.hash(PASSWORD.toCharArray(), new SecureRandom())));

        assertThat(api.send("POST", "/api/admin/session", null, "{\"password\":\"" + ApiHarness.ADMIN_TOKEN + "\"}")
                        .status())
                .isEqualTo(401);
        signIn(PASSWORD);
        // scripts keep the bearer token
        assertThat(api.admin("GET", "/api/admin/apps", null).status()).isEqualTo(200);
    }

    @Test
    void aChangeWithoutTheSessionsCsrfTokenIsRefusedAndWithItAllowed() {
        SignedIn in = signIn(ApiHarness.ADMIN_TOKEN);
        int writes = api.writes();

        ApiHarness.Reply none =
                api.send("POST", "/api/admin/apps/atm-1/disable", null, "{}", "Cookie", in.cookieHeader());
        ApiHarness.Reply wrong = api.send(
                "POST",
                "/api/admin/apps/atm-1/disable",
                null,
                "{}",
                "Cookie",
                in.cookieHeader(),
                "X-CSRF-Token",
                in.csrf().substring(1) + "x");

        assertThat(none.status()).isEqualTo(403);
        assertThat(none.json().path("code").asText()).isEqualTo("csrf");
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(api.writes()).as("nothing changed").isEqualTo(writes);
        ApiHarness.Reply right = api.send(
                "POST",
                "/api/admin/apps/atm-1/disable",
                null,
                "{}",
                "Cookie",
                in.cookieHeader(),
                "X-CSRF-Token",
                in.csrf());
        assertThat(right.status()).as(right.body()).isEqualTo(200);
    }

    @Test
    void withoutASessionOrWithAnUnknownOneTheApiAnswers401() {
        assertThat(api.send("GET", "/api/admin/apps", null, null).status()).isEqualTo(401);
        assertThat(api.send("GET", "/api/admin/apps", null, null, "Cookie", "lnteller_session=forged")
                        .status())
                .isEqualTo(401);
        assertThat(api.send("GET", "/api/admin/session", null, null).status()).isEqualTo(401);
    }

    @Test
    void aSessionEndsAfterItsIdleTimeAndAfterItsAbsoluteTimeAndAtSignOut() {
        SignedIn idle = signIn(ApiHarness.ADMIN_TOKEN);
        clock.advance(Duration.ofMinutes(31));
        assertThat(api.send("GET", "/api/admin/apps", null, null, "Cookie", idle.cookieHeader())
                        .status())
                .isEqualTo(401);

        SignedIn busy = signIn(ApiHarness.ADMIN_TOKEN);
        for (int i = 0; i < 25; i++) {
            clock.advance(Duration.ofMinutes(29));
            assertThat(api.send("GET", "/api/admin/apps", null, null, "Cookie", busy.cookieHeader())
                            .status())
                    .as("after %d minutes", (i + 1) * 29)
                    .isEqualTo((i + 1) * 29 < 12 * 60 ? 200 : 401);
        }

        SignedIn out = signIn(ApiHarness.ADMIN_TOKEN);
        assertThat(api.send("DELETE", "/api/admin/session", null, null, "Cookie", out.cookieHeader())
                        .status())
                .as("signing out is a change: it needs the CSRF token")
                .isEqualTo(403);
        ApiHarness.Reply bye = api.send(
                "DELETE", "/api/admin/session", null, null, "Cookie", out.cookieHeader(), "X-CSRF-Token", out.csrf());
        assertThat(bye.status()).isEqualTo(204);
        assertThat(bye.headers().get("set-cookie"))
                .anySatisfy(c -> assertThat(c).startsWith("lnteller_session=;").contains("Max-Age=0"));
        assertThat(api.send("GET", "/api/admin/apps", null, null, "Cookie", out.cookieHeader())
                        .status())
                .isEqualTo(401);
    }

    @Test
    void wrongSignInsAreLimitedPerAddressLikeWrongAdminTokens() {
        for (int i = 0; i < FailedLoginLimiter.DEFAULT_BURST; i++) {
            assertThat(api.send("POST", "/api/admin/session", null, "{\"password\":\"guess-" + i + "\"}")
                            .status())
                    .isEqualTo(401);
        }
        ApiHarness.Reply blocked =
                api.send("POST", "/api/admin/session", null, "{\"password\":\"" + ApiHarness.ADMIN_TOKEN + "\"}");
        assertThat(blocked.status()).isEqualTo(429);
        assertThat(blocked.header("Retry-After")).isPresent();
    }

    @Test
    void aSignInIsJsonOnlySoNoCrossSiteFormCanPostIt() {
        ApiHarness.Reply form =
                api.send("POST", "/api/admin/session", null, null, "Content-Type", "application/x-www-form-urlencoded");
        assertThat(form.status()).isEqualTo(415);
    }

    @Test
    void thePageIsNoStoreAndItsAssetsAreImmutableAndVersionedAndEveryOneCarriesTheCsp() {
        ApiHarness.Reply page = api.send("GET", "/console", null, null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Cache-Control")).contains("no-store");
        String csp = page.header("Content-Security-Policy").orElseThrow();
        assertThat(csp)
                .contains("script-src 'self'", "style-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe");
        assertThat(page.body())
                .doesNotContain("style=")
                .doesNotContain("<script>")
                .doesNotContain("{{version}}");
        String assets = api.api.consoleAssets();
        assertThat(page.body()).contains(assets + "app.js");
        for (String name : List.of(
                "app.js", "api.js", "views.js", "chart.js", "app.css", "vendor/uPlot.esm.js", "vendor/uPlot.min.css")) {
            ApiHarness.Reply asset = api.send("GET", assets + name, null, null);
            assertThat(asset.status()).as(name).isEqualTo(200);
            assertThat(asset.header("Cache-Control")).as(name).contains("public, max-age=31536000, immutable");
            assertThat(asset.header("Content-Security-Policy")).as(name).isPresent();
        }
        assertThat(api.send("GET", "/console/assets/000000000000/app.js", null, null)
                        .status())
                .isEqualTo(404);
        assertThat(api.send("GET", assets + "../index.html", null, null).status())
                .isEqualTo(404);
    }

    @Test
    void whoAmISaysHowTheRequestGotIn() {
        SignedIn in = signIn(ApiHarness.ADMIN_TOKEN);
        JsonNode session = api.send("GET", "/api/admin/session", null, null, "Cookie", in.cookieHeader())
                .json();
        assertThat(session.path("via").asText()).isEqualTo("session");
        assertThat(session.path("csrf_token").asText()).isEqualTo(in.csrf());
        assertThat(api.admin("GET", "/api/admin/session", null)
                        .json()
                        .path("via")
                        .asText())
                .isEqualTo("token");
    }
}
