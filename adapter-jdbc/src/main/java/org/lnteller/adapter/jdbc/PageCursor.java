package org.lnteller.adapter.jdbc;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import org.lnteller.ports.model.TxId;

/**
 * The position after which the next page of a newest-first listing starts: the sort key (created
 * time, id) of the last item of the previous page. Keyset paging, so rows written while someone
 * pages neither repeat nor skip items. Opaque to callers: URL-safe base64 of a versioned text.
 */
record PageCursor(Instant createdAt, TxId id) {
    private static final String VERSION = "1";

    String encode() {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, createdAt);
        String text = VERSION + "|" + micros + "|" + id.value();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** @throws IllegalArgumentException for anything {@link #encode()} did not produce */
    static PageCursor decode(String cursor) {
        try {
            String[] parts =
                    new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII).split("\\|", -1);
            if (parts.length != 3 || !parts[0].equals(VERSION)) throw new IllegalArgumentException("unknown shape");
            Instant createdAt = Instant.EPOCH.plus(Long.parseLong(parts[1]), ChronoUnit.MICROS);
            return new PageCursor(createdAt, TxId.of(parts[2]));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a cursor of this store: " + cursor);
        }
    }
}
