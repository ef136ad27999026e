package com.bellsystems.common.outbox;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields one outbox row writes, each with its Firestore type, as the JSON the row stores in
 * {@code payload}: {@code {"fields": {"<field>": <typed value>}}}. A typed value is an object with
 * one key naming its type:
 *
 * <pre>
 * {"string": "x"}  {"integer": 12}  {"double": 1.5}  {"boolean": true}  {"null": true}
 * {"timestamp": "2025-01-02T03:04:05.123456Z"}  {"geo": {"lat": 37.9, "lng": 23.7}}
 * {"ref": "crm_products/p1"}  {"bytes": "base64"}
 * {"json": any JSON}      plain JSON of a JSONB column, written with the types the document holds there
 * {"delete": true}        the change removed the field (FieldValue.delete())
 * {"flag": {"enabled": true, "config": {...}}}  a public feature, written in the shape the document holds it
 * </pre>
 *
 * A field named {@value #EXTRA_COLUMN} is never added: that column keeps what only Firestore holds.
 */
public final class MirrorFields {

    /** The JSONB column of Firestore-only fields (V62): never a Firestore field itself. */
    public static final String EXTRA_COLUMN = "firestore_extra";

    private final JsonObject fields = new JsonObject();

    public static MirrorFields create() {
        return new MirrorFields();
    }

    /** Adds {@code field} as {@code type}; a null value is a Firestore null. */
    public MirrorFields put(String field, FieldType type, Object value) {
        if (!EXTRA_COLUMN.equals(field)) {
            fields.put(field, typed(type, value));
        }
        return this;
    }

    /** The change removed {@code field} from the document. */
    public MirrorFields delete(String field) {
        if (!EXTRA_COLUMN.equals(field)) {
            fields.put(field, new JsonObject().put("delete", true));
        }
        return this;
    }

    /** A public feature flag: the mirror keeps the document's shape (a boolean, or a map with or without config). */
    public MirrorFields flag(String field, boolean enabled, Map<String, Object> config) {
        fields.put(
                field,
                new JsonObject()
                        .put(
                                "flag",
                                new JsonObject()
                                        .put("enabled", enabled)
                                        .put("config", new JsonObject(plainMap(config == null ? Map.of() : config)))));
        return this;
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }

    public java.util.Set<String> names() {
        return fields.fieldNames();
    }

    /** The row's payload. */
    public JsonObject payload() {
        return new JsonObject().put("fields", fields.copy());
    }

    /** One typed value. */
    public static JsonObject typed(FieldType type, Object value) {
        if (value == null) {
            return new JsonObject().put("null", true);
        }
        return switch (type) {
            case STRING -> new JsonObject().put("string", String.valueOf(value));
            case INTEGER ->
                new JsonObject()
                        .put("integer", value instanceof Number n ? n.longValue() : Long.parseLong(value.toString()));
            case DOUBLE ->
                new JsonObject()
                        .put(
                                "double",
                                value instanceof Number n ? n.doubleValue() : Double.parseDouble(value.toString()));
            case BOOLEAN ->
                new JsonObject()
                        .put("boolean", value instanceof Boolean b ? b : Boolean.parseBoolean(value.toString()));
            case TIMESTAMP -> new JsonObject().put("timestamp", iso(value));
            case JSON -> new JsonObject().put("json", plain(value));
        };
    }

    /**
     * The payload's fields as plain values (timestamps as ISO strings, geo points as {lat, lng},
     * references as paths, deletes as null): for logs, tests and the Console's diagnostics.
     */
    public static Map<String, Object> plainFields(JsonObject payload) {
        Map<String, Object> out = new LinkedHashMap<>();
        JsonObject f = payload == null ? null : payload.getJsonObject("fields");
        if (f != null) {
            for (String name : f.fieldNames()) {
                out.put(name, plainOf(f.getJsonObject(name)));
            }
        }
        return out;
    }

    /** One typed value as a plain value (see {@link #plainFields}). */
    public static Object plainOf(JsonObject typed) {
        String kind = typed.fieldNames().iterator().next();
        Object v = typed.getValue(kind);
        return switch (kind) {
            case "null", "delete" -> null;
            case "geo", "json", "flag" ->
                v instanceof JsonObject o ? o.getMap() : v instanceof JsonArray a ? a.getList() : v;
            case "map" -> {
                Map<String, Object> m = new LinkedHashMap<>();
                ((JsonObject) v).forEach(e -> m.put(e.getKey(), plainOf((JsonObject) e.getValue())));
                yield m;
            }
            case "array" -> {
                List<Object> l = new ArrayList<>();
                ((JsonArray) v).forEach(x -> l.add(plainOf((JsonObject) x)));
                yield l;
            }
            default -> v;
        };
    }

    /** ISO-8601 in UTC with microseconds as Postgres keeps them, e.g. {@code 2025-01-02T03:04:05.123456Z}. */
    static String iso(Object value) {
        Instant instant;
        if (value instanceof OffsetDateTime t) {
            instant = t.toInstant();
        } else if (value instanceof ZonedDateTime t) {
            instant = t.toInstant();
        } else if (value instanceof Instant t) {
            instant = t;
        } else if (value instanceof LocalDateTime t) {
            instant = t.toInstant(ZoneOffset.UTC);
        } else if (value instanceof Date d) {
            instant = d.toInstant();
        } else {
            instant = OffsetDateTime.parse(value.toString(), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant();
        }
        return instant.toString();
    }

    /** A value as JSON-friendly Java (maps, lists, strings, numbers, booleans, null). */
    static Object plain(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof BigDecimal d) {
            return d.stripTrailingZeros().scale() <= 0 && d.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0
                    ? (Object) d.longValueExact()
                    : (Object) d.doubleValue();
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof Number) {
            return value;
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
        if (value instanceof Collection<?> c) {
            return plainList(c);
        }
        if (value instanceof Object[] array) {
            return plainList(Arrays.asList(array));
        }
        if (value instanceof OffsetDateTime || value instanceof Instant || value instanceof ZonedDateTime) {
            return iso(value);
        }
        return value.toString();
    }

    private static Map<String, Object> plainMap(Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
        return out;
    }

    private static List<Object> plainList(Collection<?> c) {
        List<Object> out = new ArrayList<>(c.size());
        c.forEach(v -> out.add(plain(v)));
        return out;
    }
}
