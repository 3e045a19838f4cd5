package org.lnteller.adapter.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator console at {@code /console}: one static page, its CSS and JavaScript modules and
 * the chart library (uPlot, from its WebJar), all from the jar; and signing in and out of a
 * console session ({@code /api/admin/session}). Every figure the page shows comes from the admin
 * API, which the session cookie opens like the bearer token.
 *
 * <p>Assets are served under {@code /console/assets/<version>/}, where the version is a digest
 * of their bytes: cached for a year ({@code immutable}), and a new jar changes the path. The page
 * itself is {@code no-store}. Every answer of the console carries a Content-Security-Policy with
 * no {@code unsafe-inline}: scripts and styles only from this origin, images also as
 * {@code data:} (the pairing QR code).
 */
final class ConsoleApi {
    private static final Logger log = LoggerFactory.getLogger(ConsoleApi.class);
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    static final String UPLOT_VERSION = "1.6.30";
    private static final String UPLOT = "META-INF/resources/webjars/uplot/" + UPLOT_VERSION + "/dist/";
    /** Served name -> classpath resource and content type. */
    private static final Map<String, String[]> ASSETS = assets();

    private final AdminToken token;
    private final ConsoleSessions sessions;
    /** The Argon2id PHC string of the operator's password, read at each sign-in (the CLI may set it while the server runs). */
    private final Supplier<Optional<String>> passwordHash;

    private final boolean secureCookies;
    private final Map<String, byte[]> assetBytes = new LinkedHashMap<>();
    private final String version;
    private final byte[] page;

    /**
     * @param secureCookies cookies marked {@code Secure}: when the public URL is {@code https} (TLS
     *                      in front of the server) or the request itself came over TLS
     */
    ConsoleApi(
            AdminToken token,
            ConsoleSessions sessions,
            Supplier<Optional<String>> passwordHash,
            boolean secureCookies) {
        this.token = Objects.requireNonNull(token, "token");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.passwordHash = Objects.requireNonNull(passwordHash, "passwordHash");
        this.secureCookies = secureCookies;
        MessageDigest digest = sha256();
        for (Map.Entry<String, String[]> asset : ASSETS.entrySet()) {
            byte[] bytes = resource(asset.getValue()[0]);
            assetBytes.put(asset.getKey(), bytes);
            digest.update(asset.getKey().getBytes(StandardCharsets.UTF_8));
            digest.update(bytes);
        }
        this.version = HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        this.page = new String(resource("console/index.html"), StandardCharsets.UTF_8)
                .replace("{{version}}", version)
                .getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String[]> assets() {
        Map<String, String[]> assets = new LinkedHashMap<>();
        for (String name : new String[] {"app.js", "api.js", "views.js", "chart.js"}) {
            assets.put(name, new String[] {"console/" + name, "text/javascript; charset=utf-8"});
        }
        assets.put("app.css", new String[] {"console/app.css", "text/css; charset=utf-8"});
        assets.put("vendor/uPlot.esm.js", new String[] {UPLOT + "uPlot.esm.js", "text/javascript; charset=utf-8"});
        assets.put("vendor/uPlot.min.css", new String[] {UPLOT + "uPlot.min.css", "text/css; charset=utf-8"});
        return assets;
    }

    String version() {
        return version;
    }

    /** {@code GET /console}: the page, never cached (it names the current asset version). */
    void page(Context ctx) {
        securityHeaders(ctx);
        ctx.header("Cache-Control", "no-store");
        ctx.contentType("text/html; charset=utf-8").result(page);
    }

    /** {@code GET /console/assets/{version}/*}: 404 for another version, so a stale path never gets new bytes. */
    void asset(Context ctx) {
        String name = ctx.pathParam("name");
        byte[] bytes = assetBytes.get(name);
        if (!version.equals(ctx.pathParam("version")) || bytes == null)
            throw ApiError.notFound("no console asset " + Fields.abbreviate(name));
        securityHeaders(ctx);
        ctx.header("Cache-Control", "public, max-age=31536000, immutable");
        ctx.contentType(Objects.requireNonNull(ASSETS.get(name))[1]).result(bytes);
    }

    /**
     * {@code POST /api/admin/session} with {@code {"password": "..."}}: the operator's password
     * once one is set ({@code lnteller password}); until then the admin token. Answers 201 with the
     * CSRF token and sets the session and CSRF cookies. A wrong secret counts against the client
     * address with the admin token's own limiter (429 once used up). JSON only, so no cross-site
     * form can post it.
     */
    void signIn(Context ctx) {
        String address = ctx.ip();
        Optional<Duration> wait = token.failures().blocked(address);
        if (wait.isPresent()) {
            long seconds = ProvisioningApi.retryAfterSeconds(wait.get());
            ctx.header("Retry-After", Long.toString(seconds));
            throw new ApiError(
                    429,
                    "rateLimited",
                    "too many wrong sign-ins from this address; retry after " + seconds + " seconds");
        }
        String type = Optional.ofNullable(ctx.contentType()).orElse("").toLowerCase(Locale.ROOT);
        if (!type.startsWith("application/json"))
            throw new ApiError(415, "unsupportedMediaType", "sign in with a JSON body");
        ObjectNode body = Json.readObject(ctx);
        String secret = Fields.text(Fields.required(body, "password"), "password", OperatorPassword.MAX_LENGTH);
        Optional<String> hash = passwordHash.get();
        boolean right =
                hash.isPresent() ? OperatorPassword.matches(hash.get(), secret.toCharArray()) : token.matches(secret);
        if (!right) {
            token.failures().failed(address);
            log.warn("wrong console sign-in from {} ({})", address, hash.isPresent() ? "password" : "admin token");
            throw ApiError.unauthorized(
                    hash.isPresent() ? "wrong password" : "wrong admin token (no operator password is set)");
        }
        ConsoleSessions.Session session = sessions.create();
        boolean secure = secureCookies || "https".equalsIgnoreCase(ctx.scheme());
        ctx.header("Set-Cookie", cookie(AdminToken.SESSION_COOKIE, session.id(), true, secure, sessions.absolute()));
        ctx.res()
                .addHeader(
                        "Set-Cookie",
                        cookie(AdminToken.CSRF_COOKIE, session.csrf(), false, secure, sessions.absolute()));
        ctx.header("Cache-Control", "no-store");
        log.info("console sign-in from {}", address);
        Json.respond(ctx, 201, sessionJson(session));
    }

    /** {@code GET /api/admin/session}: who the request is (a session or the bearer token); 401 otherwise. */
    void whoAmI(Context ctx) {
        token.require(ctx);
        ConsoleSessions.Session session = ctx.attribute(AdminToken.SESSION_ATTRIBUTE);
        ctx.header("Cache-Control", "no-store");
        if (session == null) {
            ObjectNode json = Json.object();
            json.put("via", "token");
            Json.respond(ctx, 200, json);
        } else {
            Json.respond(ctx, 200, sessionJson(session));
        }
    }

    /** {@code DELETE /api/admin/session}: signs out (needs the CSRF token like every change); 204 and cleared cookies. */
    void signOut(Context ctx) {
        token.require(ctx);
        ConsoleSessions.Session session = ctx.attribute(AdminToken.SESSION_ATTRIBUTE);
        if (session != null) sessions.remove(session.id());
        boolean secure = secureCookies || "https".equalsIgnoreCase(ctx.scheme());
        ctx.header("Set-Cookie", cookie(AdminToken.SESSION_COOKIE, "", true, secure, Duration.ZERO));
        ctx.res().addHeader("Set-Cookie", cookie(AdminToken.CSRF_COOKIE, "", false, secure, Duration.ZERO));
        ctx.status(204);
    }

    private ObjectNode sessionJson(ConsoleSessions.Session session) {
        ObjectNode json = Json.object();
        json.put("via", "session");
        json.put("csrf_token", session.csrf());
        json.put("idle_minutes", sessions.idle().toMinutes());
        json.put("expires_at", session.createdAt().plus(sessions.absolute()).toString());
        return json;
    }

    static void securityHeaders(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
    }

    private static String cookie(String name, String value, boolean httpOnly, boolean secure, Duration maxAge) {
        return name + "=" + value + "; Path=/; Max-Age=" + maxAge.toSeconds() + "; SameSite=Strict"
                + (httpOnly ? "; HttpOnly" : "") + (secure ? "; Secure" : "");
    }

    private static byte[] resource(String name) {
        try (InputStream in = ConsoleApi.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("the console asset " + name + " is missing from the jar");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
