package com.bellsystems.crm.support;

import com.bellsystems.common.problem.ProblemException;
import java.time.OffsetDateTime;

/**
 * Optimistic concurrency: a record's version is its {@code updated_at} in microseconds, sent as a
 * strong ETag. Every update must carry it back in {@code If-Match}: missing gives 428, stale gives 412.
 */
public final class Versions {

    private Versions() {}

    /** The ETag of a row map (its {@code updated_at} ISO string), or null when it has none. */
    public static String etag(java.util.Map<String, Object> row) {
        Object updatedAt = row.get("updated_at");
        if (updatedAt == null) {
            return null;
        }
        OffsetDateTime t = OffsetDateTime.parse(updatedAt.toString());
        long micros = t.toEpochSecond() * 1_000_000L + t.getNano() / 1_000;
        return "\"" + micros + "\"";
    }

    /** Throws 428 when {@code ifMatch} is missing and 412 when it names another version. */
    public static void check(String ifMatch, java.util.Map<String, Object> current) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new ProblemException(
                    428, "Precondition Required", "Updates must send the ETag they started from in If-Match");
        }
        String expected = etag(current);
        String given = ifMatch.trim();
        if (given.startsWith("W/")) {
            given = given.substring(2);
        }
        if (!given.equals("*") && !given.equals(expected)) {
            throw ProblemException.preconditionFailed(
                    "The record was changed by someone else since you read it; reload and retry");
        }
    }
}
