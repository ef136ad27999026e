package com.bellsystems.audit.log;

import com.bellsystems.common.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/**
 * The keyset position after a row: its (occurred_at, id), the same pair the log is ordered by.
 * Clients treat the encoded form as opaque; it is base64url of {@code v1:<epoch micros>:<id>}
 * (Postgres keeps microseconds, so the round trip is exact).
 */
public record PageCursor(OffsetDateTime occurredAt, long id) {

    private static final String VERSION = "v1";

    public static PageCursor after(AuditRecord last) {
        return new PageCursor(last.occurredAt(), last.id());
    }

    public String encode() {
        Instant t = occurredAt.toInstant();
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, t);
        String raw = VERSION + ":" + micros + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
    }

    /** Decodes a client's cursor; anything not produced by {@link #encode()} is a 400. */
    public static PageCursor decode(String encoded) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(encoded.trim()), StandardCharsets.US_ASCII);
            String[] parts = raw.split(":");
            if (parts.length != 3 || !VERSION.equals(parts[0])) {
                throw new IllegalArgumentException(raw);
            }
            long micros = Long.parseLong(parts[1]);
            long id = Long.parseLong(parts[2]);
            Instant t = Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
            return new PageCursor(OffsetDateTime.ofInstant(t, ZoneOffset.UTC), id);
        } catch (IllegalArgumentException | ArithmeticException | java.time.DateTimeException e) {
            throw ProblemException.invalidField("cursor", "is not a cursor this API issued; pass next_cursor back unchanged");
        }
    }
}
