package com.bellsystems.migration.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;

/**
 * The Postgres side of a column, whatever the source: the Java value a converted source value
 * carries into COPY and into verification (TEXT String, BIGINT Long, BOOL Boolean, NUMERIC
 * BigDecimal, TIMESTAMPTZ Long epoch microseconds, JSONB the JSON text, TEXT_ARRAY a List of
 * String). Each source's {@code Conversion} names its PgType, so writing, reading back and
 * comparing values is done here once for every source.
 */
public enum PgType {
    TEXT,
    BIGINT,
    BOOL,
    NUMERIC,
    TIMESTAMPTZ,
    JSONB,
    TEXT_ARRAY;

    /** The column's value as the verifier compares it with a converted source value. */
    public Object read(ResultSet rs, int i) throws SQLException {
        switch (this) {
            case TIMESTAMPTZ: {
                OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
                return t == null ? null : t.toEpochSecond() * 1_000_000L + t.getNano() / 1000;
            }
            case BIGINT: {
                long v = rs.getLong(i);
                return rs.wasNull() ? null : v;
            }
            case BOOL: {
                boolean v = rs.getBoolean(i);
                return rs.wasNull() ? null : v;
            }
            case NUMERIC:
                return rs.getBigDecimal(i);
            case TEXT_ARRAY: {
                Array a = rs.getArray(i);
                return a == null ? null : Arrays.asList((Object[]) a.getArray());
            }
            default:
                return rs.getString(i);
        }
    }

    /** Whether Postgres holds the converted source value (JSON numbers by value, NUMERIC at the column's scale). */
    public boolean same(Object expected, Object actual, ObjectMapper json) {
        if (expected == null || actual == null) {
            return expected == null && actual == null;
        }
        switch (this) {
            case JSONB:
                try {
                    return sameJson(json.readTree((String) expected), json.readTree((String) actual));
                } catch (Exception e) {
                    return false;
                }
            case NUMERIC: {
                BigDecimal a = (BigDecimal) actual;
                // the target column's scale rounds the source value, as Postgres does on insert
                return ((BigDecimal) expected)
                                .setScale(a.scale(), RoundingMode.HALF_UP)
                                .compareTo(a)
                        == 0;
            }
            default:
                return Objects.equals(expected, actual);
        }
    }

    /** A value as reports print it. */
    public String show(Object v) {
        if (v == null) {
            return "NULL";
        }
        if (this == TIMESTAMPTZ && v instanceof Long micros) {
            return LegacyTime.toPg(micros);
        }
        return v instanceof BigDecimal d ? d.toPlainString() : String.valueOf(v);
    }

    /** JSON equality where numbers compare by value (jsonb prints 1e20 as 100000000000000000000). */
    public static boolean sameJson(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            Iterator<Map.Entry<String, JsonNode>> it = a.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode other = b.get(e.getKey());
                if (other == null || !sameJson(e.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!sameJson(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }
}
