package com.bellsystems.migration.firestore;

import com.bellsystems.firestore.FirestoreValues;
import com.bellsystems.migration.engine.LegacyTime;
import com.bellsystems.migration.engine.PgType;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.Blob;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.GeoPoint;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How one raw firebase-admin field value becomes the Java value of its column (the Firestore
 * twin of the SQLite source's {@code sqlite.Conversion}; both name the {@link PgType} the engine
 * writes and compares). DOC_ID and PARENT_ID are TEXT taken from the document's path instead of a
 * field. Nested values go through {@link FirestoreValues#toJson} (Timestamp to an ISO-8601
 * string, GeoPoint to {"lat","lng"}, DocumentReference to its id, Blob to base64, recursively),
 * so the rules are the ones the rest of the project uses. {@link #convert} throws
 * IllegalArgumentException with the reason; the job adds the document and field.
 */
public enum Conversion {
    DOC_ID(PgType.TEXT),
    PARENT_ID(PgType.TEXT),
    TEXT(PgType.TEXT),
    BOOL(PgType.BOOL),
    NUMERIC_12_2(PgType.NUMERIC, 12, 2),
    NUMERIC_5_2(PgType.NUMERIC, 5, 2),
    INT(PgType.BIGINT),
    BIGINT(PgType.BIGINT),
    TIME(PgType.TIMESTAMPTZ),
    JSON(PgType.JSONB),
    JSON_ARRAY(PgType.JSONB),
    JSON_OBJECT(PgType.JSONB),
    TEXT_ARRAY(PgType.TEXT_ARRAY),
    /** The row's firestore_extra: built by the job from the fields no column holds exactly. */
    EXTRA(PgType.JSONB);

    private final PgType pgType;
    final int precision;
    final int scale;

    Conversion(PgType pgType) {
        this(pgType, 0, 0);
    }

    Conversion(PgType pgType, int precision, int scale) {
        this.pgType = pgType;
        this.precision = precision;
        this.scale = scale;
    }

    /** The Postgres side of the column. */
    public PgType pgType() {
        return pgType;
    }

    /** The column value for a present, non-null raw value. */
    public Object convert(Object raw, ObjectMapper json) {
        return switch (this) {
            case DOC_ID, PARENT_ID, TEXT -> text(raw);
            case BOOL -> bool(raw);
            case NUMERIC_12_2, NUMERIC_5_2 -> numeric(raw, this);
            case INT -> integer(raw, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case BIGINT -> integer(raw, Long.MIN_VALUE, Long.MAX_VALUE);
            case TIME -> micros(raw);
            case JSON -> json(raw, json);
            case JSON_ARRAY -> {
                if (!(raw instanceof Collection<?>)) {
                    throw new IllegalArgumentException("expected an array, found " + kind(raw));
                }
                yield json(raw, json);
            }
            case JSON_OBJECT -> {
                if (!(raw instanceof Map<?, ?>)) {
                    throw new IllegalArgumentException("expected a map, found " + kind(raw));
                }
                yield json(raw, json);
            }
            case TEXT_ARRAY -> textArray(raw);
            case EXTRA -> throw new IllegalStateException("firestore_extra is built by the job");
        };
    }

    /**
     * The Firestore value a writer would store for this column's value (as converted, or as read
     * back from Postgres): text, boolean, double (Firestore has no decimal), integer, timestamp,
     * plain JSON (objects to maps, integral numbers to integers, others to doubles), a list of
     * text. A field whose original is not {@link FirestoreValues#same} as this keeps its original in
     * firestore_extra.
     */
    public Object back(Object value, ObjectMapper json) {
        if (value == null) {
            return null;
        }
        return switch (this) {
            case DOC_ID, PARENT_ID, TEXT, BOOL, INT, BIGINT -> value;
            case NUMERIC_12_2, NUMERIC_5_2 -> ((BigDecimal) value).doubleValue();
            case TIME -> {
                long micros = (Long) value;
                yield Timestamp.ofTimeSecondsAndNanos(
                        Math.floorDiv(micros, 1_000_000L), (int) Math.floorMod(micros, 1_000_000L) * 1000);
            }
            case JSON, JSON_ARRAY, JSON_OBJECT, EXTRA -> {
                try {
                    yield plain(json.readTree((String) value));
                } catch (JsonProcessingException e) {
                    throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
                }
            }
            case TEXT_ARRAY -> new ArrayList<>((List<?>) value);
        };
    }

    /** A JSON tree as the Firestore values a writer would make of it. */
    static Object plain(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isObject()) {
            Map<String, Object> out = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> out.put(e.getKey(), plain(e.getValue())));
            return out;
        }
        if (node.isArray()) {
            List<Object> out = new ArrayList<>(node.size());
            node.forEach(n -> out.add(plain(n)));
            return out;
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : (Object) node.doubleValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.asText();
    }

    static String text(Object raw) {
        String s;
        if (raw instanceof String str) {
            s = str;
        } else if (raw instanceof Long || raw instanceof Boolean || raw instanceof Integer) {
            s = raw.toString();
        } else if (raw instanceof Double d) {
            // a legacy number in a text field: 12.0 reads as "12", not "12.0"
            s = d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15
                    ? Long.toString(d.longValue())
                    : d.toString();
        } else if (raw instanceof DocumentReference ref) {
            s = ref.getId();
        } else if (raw instanceof Timestamp t) {
            s = FirestoreValues.iso(t);
        } else {
            throw new IllegalArgumentException("expected text, found " + kind(raw));
        }
        checkNul(s);
        return s;
    }

    static Boolean bool(Object raw) {
        if (raw instanceof Boolean b) {
            return b;
        }
        if (raw instanceof Long l && (l == 0 || l == 1)) {
            return l == 1;
        }
        if (raw instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s);
        }
        throw new IllegalArgumentException("expected a boolean, found " + kind(raw) + " " + shown(raw));
    }

    static BigDecimal numeric(Object raw, Conversion type) {
        BigDecimal d;
        if (raw instanceof Long l) {
            d = BigDecimal.valueOf(l);
        } else if (raw instanceof Double x) {
            if (x.isNaN() || x.isInfinite()) {
                throw new IllegalArgumentException("expected a number, found " + x);
            }
            d = BigDecimal.valueOf(x);
        } else if (raw instanceof String s) {
            try {
                d = new BigDecimal(s.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected a number, found text " + shown(raw));
            }
        } else {
            throw new IllegalArgumentException("expected a number, found " + kind(raw));
        }
        BigDecimal rounded = d.setScale(type.scale, RoundingMode.HALF_UP);
        if (rounded.precision() - rounded.scale() > type.precision - type.scale) {
            throw new IllegalArgumentException(
                    d.toPlainString() + " does not fit NUMERIC(" + type.precision + "," + type.scale + ")");
        }
        // what the column holds; when it differs from the source the job keeps the original
        return rounded;
    }

    static Long integer(Object raw, long min, long max) {
        long v;
        if (raw instanceof Long l) {
            v = l;
        } else if (raw instanceof Double x && x == Math.rint(x) && Math.abs(x) < 9.0e15) {
            v = x.longValue();
        } else if (raw instanceof String s) {
            try {
                v = Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected an integer, found text " + shown(raw));
            }
        } else {
            throw new IllegalArgumentException("expected an integer, found " + kind(raw) + " " + shown(raw));
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException(v + " is out of range for the column");
        }
        return v;
    }

    /** Epoch microseconds (Postgres' precision; finer Firestore nanos are cut). */
    static Long micros(Object raw) {
        if (raw instanceof Timestamp t) {
            return Math.addExact(Math.multiplyExact(t.getSeconds(), 1_000_000L), t.getNanos() / 1000);
        }
        if (raw instanceof Date d) {
            return Math.multiplyExact(d.getTime(), 1000L);
        }
        if (raw instanceof String || raw instanceof Long || raw instanceof Double) {
            long micros = LegacyTime.toMicros(raw);
            LegacyTime.toPg(micros); // range check
            return micros;
        }
        throw new IllegalArgumentException("expected a timestamp, found " + kind(raw));
    }

    static String json(Object raw, ObjectMapper json) {
        Object plain = decimals(FirestoreValues.toJson(raw));
        checkJson(plain);
        try {
            return json.writer()
                    .with(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
                    .writeValueAsString(plain);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot be written as JSON: " + e.getOriginalMessage());
        }
    }

    /**
     * The typed JSON of fields kept in firestore_extra ({@link FirestoreValues#toTyped}); NUL
     * characters are refused here, naming the field, since JSONB cannot hold them.
     */
    static String typed(Map<String, Object> fields, ObjectMapper json) {
        Map<String, Object> typed = FirestoreValues.toTypedMap(fields);
        checkJson(typed);
        try {
            return json.writeValueAsString(typed);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot be written as JSON: " + e.getOriginalMessage());
        }
    }

    /**
     * Doubles as plain decimals with a fraction ({@code 1.0E15} → {@code 1000000000000000.0}): JSONB
     * keeps the written scale, so a double still reads back as a double, never as an integer.
     */
    private static Object decimals(Object plain) {
        if (plain instanceof Double d && !d.isNaN() && !d.isInfinite()) {
            BigDecimal b = new BigDecimal(Double.toString(d));
            return b.scale() < 1 ? b.setScale(1) : b;
        }
        if (plain instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, decimals(v)));
            return out;
        }
        if (plain instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            c.forEach(v -> out.add(decimals(v)));
            return out;
        }
        return plain;
    }

    static List<String> textArray(Object raw) {
        if (!(raw instanceof Collection<?> list)) {
            throw new IllegalArgumentException("expected an array of text, found " + kind(raw));
        }
        List<String> out = new ArrayList<>(list.size());
        for (Object item : list) {
            if (item == null) {
                throw new IllegalArgumentException("the array holds a null");
            }
            out.add(text(item));
        }
        return out;
    }

    /** JSONB refuses NaN, infinities and the NUL character; say so here, where the document is known. */
    private static void checkJson(Object plain) {
        if (plain instanceof Double d && (d.isNaN() || d.isInfinite())) {
            throw new IllegalArgumentException("holds " + d + ", which JSON cannot represent");
        }
        if (plain instanceof String s) {
            checkNul(s);
        } else if (plain instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                checkNul(String.valueOf(e.getKey()));
                checkJson(e.getValue());
            }
        } else if (plain instanceof Collection<?> c) {
            for (Object o : c) {
                checkJson(o);
            }
        }
    }

    private static void checkNul(String s) {
        if (s.indexOf('\u0000') >= 0) {
            throw new IllegalArgumentException("text holds a NUL character, which Postgres cannot store");
        }
    }

    static String kind(Object raw) {
        if (raw instanceof Map<?, ?>) {
            return "a map";
        }
        if (raw instanceof Collection<?>) {
            return "an array";
        }
        if (raw instanceof Timestamp || raw instanceof Date) {
            return "a timestamp";
        }
        if (raw instanceof GeoPoint) {
            return "a geopoint";
        }
        if (raw instanceof Blob) {
            return "bytes";
        }
        if (raw instanceof DocumentReference || raw instanceof FirestoreValues.Reference) {
            return "a reference";
        }
        if (raw instanceof String) {
            return "text";
        }
        if (raw instanceof Boolean) {
            return "a boolean";
        }
        if (raw instanceof Number) {
            return "a number";
        }
        return raw == null ? "null" : raw.getClass().getSimpleName();
    }

    static String shown(Object raw) {
        String s = String.valueOf(raw);
        return "'" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "'";
    }
}
