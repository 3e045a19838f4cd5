package org.lnteller.adapter.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.Objects;

/**
 * An answer of the machine port whose exact body Lamassu machines (and lamassu-server) use:
 * {@code {"error":"Forbidden"}}, {@code {"error":"stale"}}, ... Thrown from before-handlers, so
 * that the route is not run.
 */
final class MachineRefusal extends RuntimeException {
    private final int status;
    private final ObjectNode body;

    MachineRefusal(int status, ObjectNode body) {
        super(body.path("error").asText(), null, false, false);
        this.status = status;
        this.body = Objects.requireNonNull(body);
    }

    void respond(Context ctx) {
        Json.respond(ctx, status, body);
    }
}
