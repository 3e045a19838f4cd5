package org.lnteller.adapter.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import org.lnteller.ports.machine.Device;
import org.lnteller.ports.machine.DeviceId;
import org.lnteller.ports.machine.MachineLog;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.store.NotFound;
import org.lnteller.ports.usecase.Devices;
import org.lnteller.ports.usecase.NewPairing;
import org.lnteller.ports.usecase.Pairing;

/**
 * The operator's side of Lamassu machine pairing, behind the admin token: create a pairing (the
 * totem and its QR code), list and unpair an app's machines, read their uploaded logs. Without a
 * machine port (pairing not wired) every route answers 404.
 */
final class MachineAdminApi {
    static final int DEFAULT_LOG_LIMIT = 100;
    static final int MAX_LOG_LIMIT = 1000;

    private final Optional<Pairing> pairing;
    private final Optional<Devices> devices;
    private final AdminToken token;

    MachineAdminApi(Optional<Pairing> pairing, Optional<Devices> devices, AdminToken token) {
        this.pairing = Objects.requireNonNull(pairing, "pairing");
        this.devices = Objects.requireNonNull(devices, "devices");
        this.token = Objects.requireNonNull(token, "token");
    }

    /** {@code POST /api/admin/apps/{app_id}/pairings}, body optional: {@code {"host": "atm.example.com"}}. */
    void createPairing(Context ctx) {
        token.require(ctx);
        Pairing pairings = pairing.orElseThrow(MachineAdminApi::off);
        AppId app = appId(ctx);
        Optional<String> host = Optional.empty();
        if (ctx.req().getContentLengthLong() != 0 && !ctx.body().isBlank()) {
            ObjectNode body = Json.parseObject(ctx.bodyAsBytes());
            host = Fields.optional(body, "host").map(n -> Fields.text(n, "host", 253));
        }
        NewPairing created;
        try {
            created = pairings.create(app, host);
        } catch (NotFound e) {
            throw ApiError.notFound("no app " + app.value());
        } catch (IllegalArgumentException e) {
            throw InvalidRequest.withMessage("host", e.getMessage());
        }
        QrCode qr = QrCode.of(created.totem());
        ObjectNode json = Json.object();
        json.put("app_id", app.value());
        json.put("host", created.host());
        json.put("expires_at", created.expiresAt().toString());
        // the totem carries a single-use secret: shown to the operator here, never logged
        json.put("totem", created.totem());
        json.put("qr_png_base64", Base64.getEncoder().encodeToString(qr.png()));
        json.put("qr_svg", qr.svg());
        Json.respond(ctx, 201, json);
    }

    /** {@code GET /api/admin/apps/{app_id}/devices}. */
    void listDevices(Context ctx) {
        token.require(ctx);
        Devices known = devices.orElseThrow(MachineAdminApi::off);
        AppId app = appId(ctx);
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("devices");
        for (Device d : known.devices(app)) {
            ObjectNode json = list.addObject();
            json.put("fingerprint", d.id().value());
            json.put("model", d.model());
            json.put("cassettes", d.cassettes());
            json.put("recyclers", d.recyclers());
            json.put("paired_at", d.pairedAt().toString());
            json.put("last_seen_at", d.lastSeenAt().map(Object::toString).orElse(null));
            json.put("last_state", d.lastState().orElse(null));
        }
        Json.respond(ctx, 200, body);
    }

    /** {@code DELETE /api/admin/apps/{app_id}/devices/{fingerprint}}: 204, or 404 when not paired to that app. */
    void unpair(Context ctx) {
        token.require(ctx);
        Devices known = devices.orElseThrow(MachineAdminApi::off);
        AppId app = appId(ctx);
        DeviceId device;
        try {
            device = DeviceId.of(ctx.pathParam("fingerprint").toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw InvalidRequest.withMessage("fingerprint", e.getMessage());
        }
        if (!known.unpair(app, device))
            throw ApiError.notFound("no machine " + device.value() + " is paired to app " + app.value());
        ctx.status(204);
    }

    /** {@code GET /api/admin/apps/{app_id}/logs?limit=}: the machines' own log lines, newest first. */
    void logs(Context ctx) {
        token.require(ctx);
        Devices known = devices.orElseThrow(MachineAdminApi::off);
        AppId app = appId(ctx);
        int limit = DEFAULT_LOG_LIMIT;
        String text = ctx.queryParam("limit");
        if (text != null) {
            try {
                limit = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LOG_LIMIT) throw InvalidRequest.of("limit", "must be 1 to " + MAX_LOG_LIMIT);
        }
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("logs");
        for (MachineLog line : known.logs(app, limit)) {
            ObjectNode json = list.addObject();
            json.put("fingerprint", line.device().value());
            json.put("id", line.lineId().orElse(null));
            json.put("timestamp", line.timestamp().toString());
            json.put("serial", line.serial());
            json.put("level", line.level());
            json.put("message", line.message());
            json.put("received_at", line.receivedAt().toString());
        }
        Json.respond(ctx, 200, body);
    }

    private static AppId appId(Context ctx) {
        try {
            AppId app = AppId.of(ctx.pathParam("app_id"));
            ctx.attribute(HttpApi.APP_ATTRIBUTE, app.value());
            return app;
        } catch (IllegalArgumentException e) {
            throw InvalidRequest.withMessage("app_id", e.getMessage());
        }
    }

    private static ApiError off() {
        return ApiError.notFound("Lamassu machine pairing is not enabled on this server");
    }
}
