package com.bellsystems.ingest.device.rest;

import com.bellsystems.common.problem.ProblemException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Shared checks for list query parameters, each failure a 400 naming the parameter. */
public final class QueryParams {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    private QueryParams() {}

    public static int limit(Integer limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ProblemException.invalidField("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return limit;
    }

    /** ISO-8601 with offset, e.g. 2026-11-25T12:00:00Z; null when absent. */
    public static OffsetDateTime time(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField(
                    name, "must be an ISO-8601 date-time with offset, e.g. 2026-11-25T12:00:00Z");
        }
    }

    public static String oneOf(String name, String value, java.util.Set<String> allowed) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!allowed.contains(value)) {
            throw ProblemException.invalidField(name, "must be one of " + new java.util.TreeSet<>(allowed));
        }
        return value;
    }
}
