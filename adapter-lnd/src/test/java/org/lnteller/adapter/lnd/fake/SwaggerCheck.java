package org.lnteller.adapter.lnd.fake;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Checks a request against lnd's own REST description: the three swagger (OpenAPI 2.0) files of
 * lnd v0.21.2-beta (a copy of the shared folder's), with Atlassian's swagger-request-validator. A path or
 * method none of them describes, a parameter or body field of the wrong type, and any body field
 * the schema does not name (additional properties are errors here, not the library's default
 * warning) fail the check.
 */
public final class SwaggerCheck {
    private static final List<String> FILES =
            List.of("lightning.swagger.json", "router.swagger.json", "invoices.swagger.json");
    private final List<OpenApiInteractionValidator> validators = new ArrayList<>();

    private SwaggerCheck() {
        for (String file : FILES) {
            String spec;
            try (InputStream in = SwaggerCheck.class.getResourceAsStream("swagger/" + file)) {
                if (in == null) throw new IllegalStateException("lnd's swagger file is missing: " + file);
                spec = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            validators.add(OpenApiInteractionValidator.createForInlineApiSpecification(spec)
                    .withLevelResolver(LevelResolver.create()
                            .withLevel("validation.schema.additionalProperties", ValidationReport.Level.ERROR)
                            .withLevel("validation.request.parameter.query.unexpected", ValidationReport.Level.ERROR)
                            // the macaroon is a header lnd reads itself; the swagger files do not declare it
                            .withLevel("validation.request.security.missing", ValidationReport.Level.IGNORE)
                            .build())
                    .build());
        }
    }

    /**
     * lnd's files, copied unchanged into this test tree (swagger/SOURCE.md says from where), so that
     * the stand-in also runs as a process of its own from the test-jar.
     */
    public static SwaggerCheck lnd() {
        return new SwaggerCheck();
    }

    /**
     * grpc-gateway reads a {@code bytes} path parameter as standard or URL-safe base64 (lnd's docs
     * ask for URL-safe in {@code /v2/router/track/{payment_hash}}, as standard base64's '/' cannot
     * stand in a path); the swagger's {@code format: byte} knows only standard. So URL-safe letters
     * are rewritten to standard ones (percent-encoded) before the check; nothing else is.
     */
    static String standardBase64InPath(String path) {
        String prefix = "/v2/router/track/";
        if (!path.startsWith(prefix)) return path;
        String value = path.substring(prefix.length()).replace('-', '+').replace('_', '/');
        return prefix + value.replace("+", "%2B").replace("/", "%2F").replace("=", "%3D");
    }

    /** @return empty when lnd describes the request; else what is wrong */
    public Optional<String> check(
            String method, String path, Map<String, List<String>> query, Optional<String> jsonBody) {
        SimpleRequest.Builder b = new SimpleRequest.Builder(Request.Method.valueOf(method), standardBase64InPath(path));
        query.forEach((k, v) -> b.withQueryParam(k, v));
        jsonBody.ifPresent(body -> b.withBody(body).withContentType("application/json"));
        Request request = b.build();
        List<String> problems = new ArrayList<>();
        for (OpenApiInteractionValidator v : validators) {
            ValidationReport report = v.validateRequest(request);
            boolean pathUnknown =
                    report.getMessages().stream().anyMatch(m -> m.getKey().equals("validation.request.path.missing"));
            if (pathUnknown) continue;
            if (!report.hasErrors()) return Optional.empty();
            problems.add(report.getMessages().stream()
                    .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                    .map(m -> m.getKey() + ": " + m.getMessage())
                    .collect(Collectors.joining("; ")));
        }
        if (problems.isEmpty()) return Optional.of(method + " " + path + " is in none of lnd's swagger files");
        return Optional.of(method + " " + path + ": " + String.join(" | ", problems));
    }
}
