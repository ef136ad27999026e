package com.bellsystems.migration.sqlite;

import com.bellsystems.migration.engine.LegacyTime;
import com.bellsystems.migration.engine.PgType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.math.BigDecimal;

/**
 * How one legacy SQLite value becomes one Postgres value. {@link #convert} returns the Java value
 * the engine writes and the verifier compares: String (TEXT, JSON kinds, normalised JSON text),
 * Long (LONG, and TIME as epoch microseconds), Boolean, BigDecimal (NUMERIC), or null.
 * It throws IllegalArgumentException with a short reason for a value it cannot accept; the engine
 * adds the table, row key and column.
 */
public enum Conversion {
    /** Text as is; numbers written by a loose legacy writer are turned into their text. */
    TEXT,
    /** Whole numbers (INTEGER, or numeric text). */
    LONG,
    /** 0/1 (also 'true'/'false', 't'/'f'); NULL is false. */
    BOOL,
    /** The legacy time formats {@link LegacyTime} reads. */
    TIME,
    /** A JSON array; '' / 'null' / NULL become []. */
    JSON_ARRAY,
    /** A JSON object; '' / 'null' / NULL become {} when the column is NOT NULL, else SQL NULL. */
    JSON_OBJECT,
    /** Any JSON value; text that is not JSON is kept as a JSON string (legacy writers stored both). */
    JSON_ANY,
    /** Exact decimal (money, percentages) from REAL, INTEGER or numeric text. */
    NUMERIC;

    /** The Postgres side of the column, which the engine writes and compares. */
    public PgType pgType() {
        return switch (this) {
            case TEXT -> PgType.TEXT;
            case LONG -> PgType.BIGINT;
            case BOOL -> PgType.BOOL;
            case TIME -> PgType.TIMESTAMPTZ;
            case JSON_ARRAY, JSON_OBJECT, JSON_ANY -> PgType.JSONB;
            case NUMERIC -> PgType.NUMERIC;
        };
    }

    private static final long MIN_MICROS = -62_135_596_800_000_000L; // 0001-01-01
    private static final long MAX_MICROS = 253_402_300_799_999_999L; // 9999-12-31 23:59:59.999999

    public Object convert(Object raw, boolean notNull, ObjectMapper json) {
        switch (this) {
            case TEXT:
                if (raw == null) {
                    return null;
                }
                String s = raw instanceof byte[] b
                        ? new String(b, java.nio.charset.StandardCharsets.UTF_8)
                        : raw.toString();
                if (s.indexOf('\u0000') >= 0) {
                    throw new IllegalArgumentException("text holds a NUL character, which Postgres cannot store");
                }
                return s;
            case LONG:
                if (raw == null) {
                    return null;
                }
                if (raw instanceof Long || raw instanceof Integer) {
                    return ((Number) raw).longValue();
                }
                if (raw instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
                    return d.longValue();
                }
                try {
                    return Long.parseLong(raw.toString().trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("not a whole number: '" + shorten(raw) + "'");
                }
            case BOOL:
                if (raw == null) {
                    return notNull ? Boolean.FALSE : null;
                }
                if (raw instanceof Number n) {
                    long v = n.longValue();
                    if (v == 0 || v == 1) {
                        return v == 1;
                    }
                    throw new IllegalArgumentException("not a boolean 0/1: " + raw);
                }
                switch (raw.toString().trim().toLowerCase(java.util.Locale.ROOT)) {
                    case "1", "true", "t", "yes":
                        return Boolean.TRUE;
                    case "0", "false", "f", "no", "":
                        return Boolean.FALSE;
                    default:
                        throw new IllegalArgumentException("not a boolean: '" + shorten(raw) + "'");
                }
            case TIME:
                if (raw == null || (raw instanceof String str && str.isBlank())) {
                    return null;
                }
                long micros = LegacyTime.toMicros(raw);
                if (micros < MIN_MICROS || micros > MAX_MICROS) {
                    throw new IllegalArgumentException("time out of range: '" + shorten(raw) + "'");
                }
                return micros;
            case JSON_ARRAY:
                return jsonOf(raw, json, JsonNodeType.ARRAY, "[]");
            case JSON_OBJECT:
                return jsonOf(raw, json, JsonNodeType.OBJECT, notNull ? "{}" : null);
            case JSON_ANY:
                if (raw == null) {
                    return notNull ? "null" : null;
                }
                String text = raw.toString();
                try {
                    return json.writeValueAsString(json.readTree(text.isBlank() ? "null" : text));
                } catch (JsonProcessingException e) {
                    try {
                        return json.writeValueAsString(text);
                    } catch (JsonProcessingException impossible) {
                        throw new IllegalStateException(impossible);
                    }
                }
            case NUMERIC:
                if (raw == null) {
                    return null;
                }
                if (raw instanceof Double d) {
                    if (d.isNaN() || d.isInfinite()) {
                        throw new IllegalArgumentException("not a number: " + d);
                    }
                    return BigDecimal.valueOf(d); // shortest decimal that reads back as the double
                }
                if (raw instanceof Long || raw instanceof Integer) {
                    return BigDecimal.valueOf(((Number) raw).longValue());
                }
                try {
                    return new BigDecimal(raw.toString().trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("not a number: '" + shorten(raw) + "'");
                }
            default:
                throw new IllegalStateException(name());
        }
    }

    private static String jsonOf(Object raw, ObjectMapper json, JsonNodeType expected, String empty) {
        if (raw == null) {
            return empty;
        }
        String text = raw.toString().trim();
        if (text.isEmpty() || text.equals("null")) {
            return empty;
        }
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: '" + shorten(text) + "'");
        }
        if (node == null || node.isNull()) {
            return empty;
        }
        if (node.getNodeType() != expected) {
            throw new IllegalArgumentException(
                    "expected a JSON " + expected.name().toLowerCase(java.util.Locale.ROOT) + " but found "
                            + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String shorten(Object raw) {
        String s = String.valueOf(raw);
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
