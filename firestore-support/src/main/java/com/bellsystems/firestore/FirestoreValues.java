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
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
}
