package com.bellsystems.audit.log.rest;

import com.bellsystems.audit.log.AuditQuery;
import com.bellsystems.common.audit.AuditAction;
import com.bellsystems.common.paging.KeysetCursor;
import com.bellsystems.common.problem.Problem;
import com.bellsystems.common.problem.ProblemException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The query parameters shared by the list, history and export endpoints. They arrive as raw strings
 * and are checked here, so that every mistake (a bad number, date, action or cursor) is answered
 * with one 400 problem body naming each offending parameter, instead of a bare 404 from JAX-RS.
 */
public class AuditLogParams {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;
    /** Deeper pages use the cursor: OFFSET makes Postgres read and drop every skipped row. */
    public static final int MAX_OFFSET = 10_000;

    static final int MAX_TEXT = 200;

    @RestQuery("actor_id")
    String actorId;

    @RestQuery("entity_type")
    String entityType;

    @RestQuery("entity_id")
    String entityId;

    @RestQuery
    String action;

    @RestQuery("from_date")
    String fromDate;

    @RestQuery("to_date")
    String toDate;

    @RestQuery
    String limit;

    @RestQuery
    String offset;

    @RestQuery
    String cursor;

    /** For a page of the list or of one record's history. */
    public AuditQuery toPagedQuery() {
        return toQuery(true, null, null);
    }

    /** For one record's history: the path names the record, the query may narrow it further. */
    public AuditQuery toHistoryQuery(String type, String id) {
        return toQuery(true, type, id);
    }

    /** For the CSV export: the same filters, no paging (the export streams every matching row). */
    public AuditQuery toExportQuery() {
        return toQuery(false, null, null);
    }

    private AuditQuery toQuery(boolean paged, String pathType, String pathId) {
        List<Problem.FieldError> errors = new ArrayList<>();
        String actor = text("actor_id", actorId, errors);
        String type = pathType != null ? text("type", pathType, errors) : text("entity_type", entityType, errors);
        String id = pathId != null ? text("id", pathId, errors) : text("entity_id", entityId, errors);
        if (id != null && type == null) {
            errors.add(new Problem.FieldError(
                    "entity_id", "needs entity_type: an entity id is only unique within its type"));
        }

        AuditAction parsedAction = null;
        if (present(action)) {
            parsedAction = AuditAction.parse(action);
            if (parsedAction == null) {
                errors.add(new Problem.FieldError(
                        "action",
                        "must be one of "
                                + Arrays.stream(AuditAction.values())
                                        .map(Enum::name)
                                        .collect(Collectors.joining(", "))));
            }
        }

        OffsetDateTime from = present(fromDate) ? parseInstant("from_date", fromDate, false, errors) : null;
        OffsetDateTime toExclusive = present(toDate) ? parseInstant("to_date", toDate, true, errors) : null;
        if (from != null && toExclusive != null && !from.isBefore(toExclusive)) {
            errors.add(new Problem.FieldError("from_date", "must not be after to_date"));
        }

        int parsedLimit = DEFAULT_LIMIT;
        int parsedOffset = 0;
        KeysetCursor parsedCursor = null;
        if (paged) {
            parsedLimit = present(limit)
                    ? integer(
                            "limit",
                            limit,
                            1,
                            MAX_LIMIT,
                            "must be between 1 and " + MAX_LIMIT + " (the maximum page size); got " + limit.trim(),
                            errors)
                    : DEFAULT_LIMIT;
            parsedOffset = present(offset)
                    ? integer(
                            "offset",
                            offset,
                            0,
                            MAX_OFFSET,
                            "must be between 0 and " + MAX_OFFSET
                                    + "; page deeper with cursor (the next_cursor of the previous page)",
                            errors)
                    : 0;
            if (present(cursor)) {
                try {
                    parsedCursor = KeysetCursor.decode(cursor);
                } catch (ProblemException e) {
                    errors.addAll(e.errors());
                }
                if (parsedOffset != 0) {
                    errors.add(new Problem.FieldError(
                            "offset", "cannot be combined with cursor: the cursor already says where the page starts"));
                }
            }
        }

        if (!errors.isEmpty()) {
            String detail =
                    errors.stream().map(e -> e.field() + " " + e.message()).collect(Collectors.joining("; "));
            throw new ProblemException(400, "Bad Request", "Invalid audit log query: " + detail, errors);
        }
        return new AuditQuery(
                actor, type, id, parsedAction, from, toExclusive, parsedLimit, parsedOffset, parsedCursor);
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static String text(String name, String value, List<Problem.FieldError> errors) {
        if (!present(value)) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.length() > MAX_TEXT) {
            errors.add(new Problem.FieldError(name, "must be at most " + MAX_TEXT + " characters"));
            return null;
        }
        return trimmed;
    }

    private static int integer(
            String name, String value, int min, int max, String rangeMessage, List<Problem.FieldError> errors) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n < min || n > max) {
                errors.add(new Problem.FieldError(name, rangeMessage));
            }
            return n;
        } catch (NumberFormatException e) {
            errors.add(new Problem.FieldError(name, "must be a whole number; got '" + value.trim() + "'"));
            return 0;
        }
    }

    /**
     * Accepts an ISO-8601 date ({@code 2026-03-01}, a whole UTC day), a date-time with offset
     * ({@code 2026-03-01T10:00:00Z}, {@code ...+02:00}) or without (read as UTC). An end bound is
     * inclusive: a date includes its whole day, a date-time includes that microsecond (Postgres'
     * precision), so it is returned as the exclusive bound just after it.
     */
    static OffsetDateTime parseInstant(String name, String value, boolean endBound, List<Problem.FieldError> errors) {
        // An unencoded "+02:00" offset reaches us as " 02:00"; a space is never valid ISO-8601 here.
        String v = value.trim().replace(' ', '+');
        try {
            if (v.length() == 10) {
                LocalDate day = LocalDate.parse(v);
                return (endBound ? day.plusDays(1) : day).atStartOfDay().atOffset(ZoneOffset.UTC);
            }
            OffsetDateTime t;
            try {
                t = OffsetDateTime.parse(v);
            } catch (DateTimeParseException noOffset) {
                t = LocalDateTime.parse(v).atOffset(ZoneOffset.UTC);
            }
            t = t.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
            return endBound ? t.plus(1, ChronoUnit.MICROS) : t;
        } catch (DateTimeParseException e) {
            errors.add(new Problem.FieldError(
                    name,
                    "must be an ISO-8601 date (2026-03-01) or date-time " + "(2026-03-01T10:00:00Z); got '" + v + "'"));
            return null;
        }
    }
}
