package org.lnteller.adapter.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.jspecify.annotations.Nullable;

/** Reading bounded JSON bodies and writing JSON answers, with one strictly configured mapper. */
final class Json {
    /** Largest body any route accepts: a machine post with 200 bills is well under 64 KiB. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    // small limits: no request has deep nesting or numbers of more than a few dozen digits
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(32)
                            .maxNumberLength(100)
                            .maxStringLength(MAX_BODY_BYTES)
                            .build())
                    .build())
            // amounts are decimals: a double would turn 0.1 into 0.1000000000000000055...
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // {"fiat":1,"fiat":1000} must not mean whichever the parser happens to keep
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .nodeFactory(NODES)
            .build();

    private Json() {}

    static ObjectNode object() {
        return NODES.objectNode();
    }

    /**
     * The request body as a JSON object, read up to {@link #MAX_BODY_BYTES}.
     *
     * @throws ApiError 413 when the body is larger
     * @throws InvalidRequest when it is not a JSON object
     */
    static ObjectNode readObject(Context ctx) {
        return parseObject(readBody(ctx));
    }

    /** @throws InvalidRequest unless {@code body} is one JSON object within the parser's limits */
    static ObjectNode parseObject(byte[] body) {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw InvalidRequest.malformedJson(e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (root == null || root.isMissingNode()) throw InvalidRequest.malformedJson("the body is empty");
        if (!root.isObject()) throw InvalidRequest.malformedJson("expected a JSON object");
        return (ObjectNode) root;
    }

    /** The body, read under the request's {@link BodyDeadline} when the server set one. */
    private static byte[] readBody(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > MAX_BODY_BYTES) throw ApiError.payloadTooLarge(MAX_BODY_BYTES);
        BodyDeadline deadline = ctx.attribute(HttpApi.DEADLINE_ATTRIBUTE);
        try (InputStream in = ctx.req().getInputStream()) {
            // a chunked body declares no length: read one byte past the limit to notice it
            byte[] bytes = deadline == null
                    ? in.readNBytes(MAX_BODY_BYTES + 1)
                    : deadline.within(ctx, () -> in.readNBytes(MAX_BODY_BYTES + 1));
            if (bytes.length > MAX_BODY_BYTES) throw ApiError.payloadTooLarge(MAX_BODY_BYTES);
            return bytes;
        } catch (IOException e) {
            // the client went away or sent less than it declared: its fault, and nothing was read
            throw new ApiError(400, "badRequest", "the request body could not be read");
        }
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void respond(Context ctx, int status, JsonNode body) {
        // the request log names the code of every refusal
        if (status >= 400 && body.hasNonNull("code"))
            ctx.attribute(HttpApi.ERROR_CODE_ATTRIBUTE, body.get("code").asText());
        ctx.status(status).contentType("application/json").result(bytes(body));
    }

    /** The error body of every route: {@code errorType} repeats {@code code} because Lamassu machines read it. */
    static ObjectNode error(String code, @Nullable String message) {
        ObjectNode body = object();
        body.put("error", message);
        body.put("code", code);
        body.put("errorType", code);
        return body;
    }
}
