package com.bellsystems.firestore;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.Blob;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.GeoPoint;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Conversion between the values firebase-admin hands out (Timestamp, GeoPoint, DocumentReference,
 * Blob, nested maps and lists) and plain Java values that fit Postgres columns and JSONB, plus the
 * way back for writes. Written once here so the migration and the Firestore mirror agree on every
 * type.
 *
 * <table>
 * <caption>Firestore to plain</caption>
 * <tr><th>Firestore</th><th>{@link #toPlain}</th><th>{@link #toJson}</th></tr>
 * <tr><td>Timestamp</td><td>OffsetDateTime (UTC)</td><td>ISO-8601 string</td></tr>
 * <tr><td>GeoPoint</td><td>Map {"lat", "lng"}</td><td>same</td></tr>
 * <tr><td>DocumentReference</td><td>document id</td><td>same</td></tr>
 * <tr><td>Blob</td><td>base64 string</td><td>same</td></tr>
 * <tr><td>Long, Double, Boolean, String, null</td><td>as is</td><td>as is</td></tr>
 * </table>
 */
public final class FirestoreValues {

    /** Keys of the map a GeoPoint becomes. */
    public static final String LAT = "lat";

    public static final String LNG = "lng";

    /**
     * A timestamp that survives JSON (an outbox payload is JSONB, where a time is only a string):
     * {@code {"$timestamp": "<ISO-8601 with offset>"}} is written as a Firestore Timestamp by
     * {@link #toFirestore}. Made by {@link #timestampTag}.
     */
    public static final String TIMESTAMP_TAG = "$timestamp";

    private FirestoreValues() {}

    // ---------------------------------------------------------------- Firestore -> plain

    /**
     * A plain Java value for a value read from Firestore (e.g. from {@code DocumentSnapshot.get}),
     * converted recursively through maps and lists. Timestamps become {@link OffsetDateTime} in UTC.
     */
    public static Object toPlain(Object value) {
        return convertRead(value, false);
    }

    /** {@link #toPlain} on every field of a document's data; null stays null. */
    public static Map<String, Object> toPlainMap(Map<String, ?> data) {
        return data == null ? null : convertMap(data, false);
    }

    /**
     * Like {@link #toPlain} but with timestamps rendered as ISO-8601 strings, so the result can be
     * serialized straight into a JSONB column.
     */
    public static Object toJson(Object value) {
        return convertRead(value, true);
    }

    /** {@link #toJson} on every field of a document's data; null stays null. */
    public static Map<String, Object> toJsonMap(Map<String, ?> data) {
        return data == null ? null : convertMap(data, true);
    }

    public static OffsetDateTime toOffsetDateTime(Timestamp timestamp) {
        return timestamp == null ? null : OffsetDateTime.ofInstant(toInstant(timestamp), ZoneOffset.UTC);
    }

    public static Instant toInstant(Timestamp timestamp) {
        return timestamp == null ? null : Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    /** ISO-8601 with offset (e.g. {@code 2024-03-01T10:15:30.123456Z}), full precision kept. */
    public static String iso(OffsetDateTime time) {
        return time == null
                ? null
                : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time.withOffsetSameInstant(ZoneOffset.UTC));
    }

    /** ISO-8601 string of a Firestore timestamp, in UTC. */
    public static String iso(Timestamp timestamp) {
        return iso(toOffsetDateTime(timestamp));
    }

    public static Map<String, Object> toLatLng(GeoPoint point) {
        if (point == null) {
            return null;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(LAT, point.getLatitude());
        map.put(LNG, point.getLongitude());
        return map;
    }

    public static String toBase64(Blob blob) {
        return blob == null ? null : Base64.getEncoder().encodeToString(blob.toBytes());
    }

    private static Object convertRead(Object value, boolean json) {
        if (value == null
                || value instanceof String
                || value instanceof Boolean
                || value instanceof Long
                || value instanceof Double) {
            return value;
        }
        if (value instanceof Timestamp t) {
            OffsetDateTime time = toOffsetDateTime(t);
            return json ? iso(time) : time;
        }
        if (value instanceof Date d) {
            OffsetDateTime time = OffsetDateTime.ofInstant(d.toInstant(), ZoneOffset.UTC);
            return json ? iso(time) : time;
        }
        if (value instanceof GeoPoint g) {
            return toLatLng(g);
        }
        if (value instanceof DocumentReference ref) {
            return ref.getId();
        }
        if (value instanceof Blob b) {
            return toBase64(b);
        }
        if (value instanceof Map<?, ?> map) {
            return convertMap(map, json);
        }
        if (value instanceof Collection<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object item : list) {
                out.add(convertRead(item, json));
            }
            return out;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof OffsetDateTime time) {
            return json ? iso(time) : time.withOffsetSameInstant(ZoneOffset.UTC);
        }
        // Anything else (numbers of other kinds) is already plain.
        return value;
    }

    private static Map<String, Object> convertMap(Map<?, ?> map, boolean json) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), convertRead(v, json)));
        return out;
    }

    // ---------------------------------------------------------------- plain -> Firestore

    /**
     * A value firebase-admin accepts in {@code set}/{@code update}, converted recursively through
     * maps, lists and arrays: OffsetDateTime, ZonedDateTime, Instant and Date become
     * {@link Timestamp}; ints, shorts and bytes become Long; floats and BigDecimal/BigInteger become
     * Double (Firestore has no decimal type); UUIDs and enums become strings; byte[] becomes a
     * {@link Blob}. Firestore's own types (Timestamp, GeoPoint, Blob, DocumentReference, FieldValue)
     * pass through. A map stays a map: use {@link #toGeoPoint} where a field is a GeoPoint.
     *
     * @throws IllegalArgumentException for a type Firestore cannot store
     */
    public static Object toFirestore(Object value) {
        if (value == null
                || value instanceof String
                || value instanceof Boolean
                || value instanceof Long
                || value instanceof Double
                || value instanceof Timestamp
                || value instanceof GeoPoint
                || value instanceof Blob
                || value instanceof DocumentReference
                || value instanceof com.google.cloud.firestore.FieldValue) {
            return value;
        }
        if (value instanceof Integer
                || value instanceof Short
                || value instanceof Byte
                || value instanceof java.util.concurrent.atomic.AtomicInteger
                || value instanceof java.util.concurrent.atomic.AtomicLong) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger big) {
            return big.bitLength() < 64 ? (Object) big.longValue() : (Object) big.doubleValue();
        }
        if (value instanceof Float || value instanceof BigDecimal) {
            return ((Number) value).doubleValue();
        }
        if (value instanceof OffsetDateTime time) {
            return toTimestamp(time.toInstant());
        }
        if (value instanceof ZonedDateTime time) {
            return toTimestamp(time.toInstant());
        }
        if (value instanceof Instant instant) {
            return toTimestamp(instant);
        }
        if (value instanceof Date date) {
            return Timestamp.of(date);
        }
        if (value instanceof UUID || value instanceof CharSequence) {
            return value.toString();
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        if (value instanceof byte[] bytes) {
            return Blob.fromBytes(bytes);
        }
        if (value instanceof Map<?, ?> map) {
            if (map.size() == 1 && map.get(TIMESTAMP_TAG) instanceof String iso) {
                try {
                    return parseTimestamp(iso);
                } catch (DateTimeParseException e) {
                    // not our tag after all (user data that happens to look like it): kept as a map
                }
            }
            return toFirestoreMap(map);
        }
        if (value instanceof Collection<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object item : list) {
                out.add(toFirestore(item));
            }
            return out;
        }
        if (value instanceof Object[] array) {
            List<Object> out = new ArrayList<>(array.length);
            for (Object item : array) {
                out.add(toFirestore(item));
            }
            return out;
        }
        throw new IllegalArgumentException(
                "Firestore cannot store a " + value.getClass().getName());
    }

    /** {@link #toFirestore} on every entry; keys become strings. */
    public static Map<String, Object> toFirestoreMap(Map<?, ?> map) {
        if (map == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), toFirestore(v)));
        return out;
    }

    public static Timestamp toTimestamp(Instant instant) {
        return instant == null ? null : Timestamp.ofTimeSecondsAndNanos(instant.getEpochSecond(), instant.getNano());
    }

    public static Timestamp toTimestamp(OffsetDateTime time) {
        return time == null ? null : toTimestamp(time.toInstant());
    }

    /** A Timestamp from an ISO-8601 string with offset (as {@link #iso} writes). */
    public static Timestamp parseTimestamp(String iso) {
        return iso == null ? null : toTimestamp(OffsetDateTime.parse(iso, DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    }

    /** {@code {"$timestamp": iso}} for {@code time} (see {@link #TIMESTAMP_TAG}); null for null. */
    public static Map<String, Object> timestampTag(OffsetDateTime time) {
        return time == null ? null : Map.of(TIMESTAMP_TAG, iso(time));
    }

    /** The GeoPoint for a {"lat", "lng"} map (the reverse of {@link #toLatLng}); null for null. */
    public static GeoPoint toGeoPoint(Map<String, ?> latLng) {
        if (latLng == null) {
            return null;
        }
        Object lat = latLng.get(LAT);
        Object lng = latLng.get(LNG);
        if (!(lat instanceof Number) || !(lng instanceof Number)) {
            throw new IllegalArgumentException("A GeoPoint needs numeric \"lat\" and \"lng\", got " + latLng);
        }
        return new GeoPoint(((Number) lat).doubleValue(), ((Number) lng).doubleValue());
    }

    /** The Blob for a base64 string (the reverse of {@link #toBase64}). */
    public static Blob blobFromBase64(String base64) {
        return base64 == null ? null : Blob.fromBytes(Base64.getDecoder().decode(base64));
    }

    // ---------------------------------------------------------------- typed JSON (exact)

    /**
     * The exact, typed JSON form of a value read from Firestore: Firestore's own REST encoding of a
     * {@code Value} ({@code {"stringValue": "x"}}, {@code {"integerValue": "42"}},
     * {@code {"doubleValue": 2.5}}, {@code {"timestampValue": "2025-10-03T12:00:01.123456789Z"}},
     * {@code {"geoPointValue": {"latitude": .., "longitude": ..}}}, {@code {"bytesValue": base64}},
     * {@code {"referenceValue": "crm_products/p1"}} (the path inside the database, not the full
     * resource name), {@code {"mapValue": {"fields": {..}}}}, {@code {"arrayValue": {"values": [..]}}},
     * {@code {"nullValue": null}}, {@code {"booleanValue": true}}). Unlike {@link #toJson} nothing is
     * lost: integers and doubles stay apart, timestamps keep their nanoseconds, references stay
     * references. NaN, infinities and -0.0 are written as strings ({@code "NaN"}, {@code "-0.0"}),
     * which JSONB could not hold as numbers. {@link #fromTyped} is the way back.
     *
     * @throws IllegalArgumentException for a value Firestore does not hand out
     */
    public static Object toTyped(Object value) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (value == null) {
            out.put("nullValue", null);
        } else if (value instanceof Boolean b) {
            out.put("booleanValue", b);
        } else if (value instanceof Long
                || value instanceof Integer
                || value instanceof Short
                || value instanceof Byte) {
            out.put("integerValue", String.valueOf(((Number) value).longValue()));
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            boolean plain = !Double.isNaN(d) && !Double.isInfinite(d) && !(d == 0 && 1 / d < 0);
            out.put("doubleValue", plain ? (Object) d : Double.toString(d));
        } else if (value instanceof String s) {
            out.put("stringValue", s);
        } else if (value instanceof Timestamp t) {
            out.put("timestampValue", toInstant(t).toString());
        } else if (value instanceof Date d) {
            out.put("timestampValue", d.toInstant().toString());
        } else if (value instanceof GeoPoint g) {
            Map<String, Object> geo = new LinkedHashMap<>();
            geo.put("latitude", g.getLatitude());
            geo.put("longitude", g.getLongitude());
            out.put("geoPointValue", geo);
        } else if (value instanceof Blob b) {
            out.put("bytesValue", toBase64(b));
        } else if (value instanceof DocumentReference ref) {
            out.put("referenceValue", ref.getPath());
        } else if (value instanceof Map<?, ?> map) {
            out.put("mapValue", Map.of("fields", toTypedMap(map)));
        } else if (value instanceof Collection<?> list) {
            List<Object> values = new ArrayList<>(list.size());
            for (Object item : list) {
                values.add(toTyped(item));
            }
            out.put("arrayValue", Map.of("values", values));
        } else {
            throw new IllegalArgumentException(
                    "not a Firestore value: " + value.getClass().getName());
        }
        return out;
    }

    /** {@link #toTyped} of every entry, keys as strings, in the map's order. */
    public static Map<String, Object> toTypedMap(Map<?, ?> data) {
        Map<String, Object> out = new LinkedHashMap<>();
        data.forEach((k, v) -> out.put(String.valueOf(k), toTyped(v)));
        return out;
    }

    /**
     * The Firestore value of a typed JSON value ({@link #toTyped}, as parsed by Jackson into maps,
     * lists, numbers and strings); {@code db} builds references (null: references come back as
     * their path strings, for comparisons without a client).
     *
     * @throws IllegalArgumentException for JSON that is not a typed value
     */
    public static Object fromTyped(Object typed, com.google.cloud.firestore.Firestore db) {
        if (!(typed instanceof Map<?, ?> m) || m.size() != 1) {
            throw new IllegalArgumentException("not a typed Firestore value: " + typed);
        }
        Map.Entry<?, ?> e = m.entrySet().iterator().next();
        Object v = e.getValue();
        switch (String.valueOf(e.getKey())) {
            case "nullValue":
                return null;
            case "booleanValue":
                return (Boolean) v;
            case "integerValue":
                return Long.parseLong(String.valueOf(v));
            case "doubleValue":
                return v instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(v));
            case "stringValue":
                return (String) v;
            case "timestampValue": {
                Instant i = Instant.parse(String.valueOf(v));
                return Timestamp.ofTimeSecondsAndNanos(i.getEpochSecond(), i.getNano());
            }
            case "geoPointValue": {
                Map<?, ?> g = (Map<?, ?>) v;
                return new GeoPoint(
                        ((Number) g.get("latitude")).doubleValue(), ((Number) g.get("longitude")).doubleValue());
            }
            case "bytesValue":
                return blobFromBase64(String.valueOf(v));
            case "referenceValue":
                return db == null ? new Reference(String.valueOf(v)) : db.document(String.valueOf(v));
            case "mapValue": {
                Map<?, ?> fields = (Map<?, ?>) ((Map<?, ?>) v).get("fields");
                Map<String, Object> out = new LinkedHashMap<>();
                if (fields != null) {
                    fields.forEach((k, x) -> out.put(String.valueOf(k), fromTyped(x, db)));
                }
                return out;
            }
            case "arrayValue": {
                List<?> values = (List<?>) ((Map<?, ?>) v).get("values");
                List<Object> out = new ArrayList<>();
                if (values != null) {
                    for (Object x : values) {
                        out.add(fromTyped(x, db));
                    }
                }
                return out;
            }
            default:
                throw new IllegalArgumentException("not a typed Firestore value: " + typed);
        }
    }

    /** A reference restored without a client: its path, compared by {@link #same} like a reference. */
    public record Reference(String path) {}

    /**
     * Whether two Firestore values are the same value of the same type: an integer is not a double
     * (42 vs 42.0), doubles compare bit for bit (NaN equals NaN, -0.0 is not 0.0), timestamps to
     * the nanosecond, references by path, bytes by content, maps by keys and values, arrays in order.
     */
    public static boolean same(Object a, Object b) {
        if (a == null || b == null) {
            return a == null && b == null;
        }
        if (isInteger(a) || isInteger(b)) {
            return isInteger(a) && isInteger(b) && ((Number) a).longValue() == ((Number) b).longValue();
        }
        if (a instanceof Double || a instanceof Float || b instanceof Double || b instanceof Float) {
            return (a instanceof Double || a instanceof Float)
                    && (b instanceof Double || b instanceof Float)
                    && Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue()) == 0;
        }
        if (a instanceof Date || a instanceof Timestamp || b instanceof Date || b instanceof Timestamp) {
            Timestamp x = a instanceof Date d ? Timestamp.of(d) : a instanceof Timestamp t ? t : null;
            Timestamp y = b instanceof Date d ? Timestamp.of(d) : b instanceof Timestamp t ? t : null;
            return x != null && x.equals(y);
        }
        if (referencePath(a) != null || referencePath(b) != null) {
            return Objects.equals(referencePath(a), referencePath(b));
        }
        if (a instanceof Blob x && b instanceof Blob y) {
            return Arrays.equals(x.toBytes(), y.toBytes());
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : x.entrySet()) {
                if (!y.containsKey(e.getKey()) || !same(e.getValue(), y.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!same(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.getClass() == b.getClass() && a.equals(b);
    }

    private static boolean isInteger(Object v) {
        return v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte;
    }

    private static String referencePath(Object v) {
        if (v instanceof DocumentReference ref) {
            return ref.getPath();
        }
        return v instanceof Reference r ? r.path() : null;
    }
}
