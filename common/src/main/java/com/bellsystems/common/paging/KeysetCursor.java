package com.bellsystems.common.paging;

import com.bellsystems.common.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/**
 * The keyset position after a row of a newest-first list: its (time, id), the pair such lists are
 * ordered by. Clients treat the encoded form as opaque; it is base64url of
 * {@code v1:<epoch micros>:<id>} (Postgres keeps microseconds, so the round trip is exact).
 * One format for every service that pages by time (audit log, device data).
 */
public record KeysetCursor(OffsetDateTime at, long id) {

    private static final String VERSION = "v1";

    public String encode() {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, at.toInstant());
        String raw = VERSION + ":" + micros + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
    }

    /** Null for no cursor; a 400 naming {@code cursor} for anything {@link #encode()} did not produce. */
    public static KeysetCursor decode(String encoded) {
        if (encoded == null || encoded.isBlank()) {
            return null;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(encoded.trim()), StandardCharsets.US_ASCII);
            String[] parts = raw.split(":");
            if (parts.length != 3 || !VERSION.equals(parts[0])) {
                throw new IllegalArgumentException(raw);
            }
            Instant t = Instant.EPOCH.plus(Long.parseLong(parts[1]), ChronoUnit.MICROS);
            return new KeysetCursor(OffsetDateTime.ofInstant(t, ZoneOffset.UTC), Long.parseLong(parts[2]));
        } catch (IllegalArgumentException | ArithmeticException | java.time.DateTimeException e) {
            throw ProblemException.invalidField(
                    "cursor", "is not a cursor this API issued; pass next_cursor back unchanged");
        }
    }
}
