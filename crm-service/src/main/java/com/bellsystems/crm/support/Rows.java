package com.bellsystems.crm.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.sqlclient.data.Numeric;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a database row into a plain map of JSON-friendly values (snake_case column names), the one
 * shape the API answers with, the audit diff compares and the Firestore outbox stores: money stays
 * {@link BigDecimal}, times become ISO-8601 UTC strings, JSONB becomes maps and lists.
 */
public final class Rows {

    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private Rows() {}

    public static Map<String, Object> toMap(Row row) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < row.size(); i++) {
            map.put(row.getColumnName(i), plain(row.getValue(i)));
        }
        return map;
    }

    /** The first row as a map, or null when there is none. */
    public static Map<String, Object> first(RowSet<Row> rows) {
        Iterator<Row> it = rows.iterator();
        return it.hasNext() ? toMap(it.next()) : null;
    }

    /** Every row as a map, in order. */
    public static List<Map<String, Object>> all(RowSet<Row> rows) {
        List<Map<String, Object>> out = new ArrayList<>(rows.size());
        for (Row row : rows) {
            out.add(toMap(row));
        }
        return out;
    }

    public static Object plain(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Numeric n) {
            return n.bigDecimalValue();
        }
        if (value instanceof OffsetDateTime t) {
            return t.withOffsetSameInstant(ZoneOffset.UTC).format(ISO);
        }
        if (value instanceof LocalDateTime t) {
            return t.atOffset(ZoneOffset.UTC).format(ISO);
        }
        if (value instanceof JsonObject o) {
            return plainMap(o.getMap());
        }
        if (value instanceof JsonArray a) {
            return plainList(a.getList());
        }
        if (value instanceof Map<?, ?> m) {
            return plainMap(m);
        }
        if (value instanceof List<?> l) {
            return plainList(l);
        }
        if (value instanceof Object[] array) {
            return new ArrayList<>(Arrays.asList(array));
        }
        if (value instanceof java.util.UUID u) {
            return u.toString();
        }
        return value;
    }

    private static Map<String, Object> plainMap(Map<?, ?> source) {
        Map<String, Object> copy = new LinkedHashMap<>();
        source.forEach((k, v) -> copy.put(String.valueOf(k), plain(v)));
        return copy;
    }

    private static List<Object> plainList(List<?> source) {
        List<Object> copy = new ArrayList<>(source.size());
        source.forEach(v -> copy.add(plain(v)));
        return copy;
    }
}
