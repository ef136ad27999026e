package com.bellsystems.firestore.fake;

import com.google.cloud.firestore.Blob;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.GeoPoint;
import com.google.firestore.v1.ArrayValue;
import com.google.firestore.v1.MapValue;
import com.google.firestore.v1.Value;
import com.google.protobuf.ByteString;
import com.google.protobuf.NullValue;
import com.google.protobuf.Timestamp;
import com.google.type.LatLng;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Firestore's value semantics on protobuf {@link Value}s: its cross-type ordering and equality (1
 * equals 1.0), and conversion from and to the Java values tests seed and assert with.
 */
final class ProtoValues {

    static final Value NULL =
            Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();

    private ProtoValues() {}

    // ------------------------------------------------------------------ ordering

    private static int typeOrder(Value v) {
        switch (v.getValueTypeCase()) {
            case NULL_VALUE:
                return 0;
            case BOOLEAN_VALUE:
                return 1;
            case INTEGER_VALUE:
            case DOUBLE_VALUE:
                return 2;
            case TIMESTAMP_VALUE:
                return 3;
            case STRING_VALUE:
                return 4;
            case BYTES_VALUE:
                return 5;
            case REFERENCE_VALUE:
                return 6;
            case GEO_POINT_VALUE:
                return 7;
            case ARRAY_VALUE:
                return 8;
            case MAP_VALUE:
                return 9;
            default:
                return 10;
        }
    }

    static boolean sameTypeClass(Value a, Value b) {
        return typeOrder(a) == typeOrder(b);
    }

    static boolean isNumber(Value v) {
        return v.hasIntegerValue() || v.hasDoubleValue();
    }

    static boolean isNaN(Value v) {
        return v.hasDoubleValue() && Double.isNaN(v.getDoubleValue());
    }

    /** Firestore's total order over values: type first, then value; NaN before all other numbers. */
    static int compare(Value a, Value b) {
        int ta = typeOrder(a);
        int tb = typeOrder(b);
        if (ta != tb) {
            return Integer.compare(ta, tb);
        }
        switch (a.getValueTypeCase()) {
            case NULL_VALUE:
                return 0;
            case BOOLEAN_VALUE:
                return Boolean.compare(a.getBooleanValue(), b.getBooleanValue());
            case INTEGER_VALUE:
            case DOUBLE_VALUE:
                return compareNumbers(a, b);
            case TIMESTAMP_VALUE:
                return compareTimestamps(a.getTimestampValue(), b.getTimestampValue());
            case STRING_VALUE:
                return compareStrings(a.getStringValue(), b.getStringValue());
            case BYTES_VALUE:
                return ByteString.unsignedLexicographicalComparator().compare(a.getBytesValue(), b.getBytesValue());
            case REFERENCE_VALUE:
                return ResourcePaths.SEGMENT_ORDER.compare(a.getReferenceValue(), b.getReferenceValue());
            case GEO_POINT_VALUE: {
                int c = Double.compare(
                        a.getGeoPointValue().getLatitude(), b.getGeoPointValue().getLatitude());
                return c != 0
                        ? c
                        : Double.compare(
                                a.getGeoPointValue().getLongitude(),
                                b.getGeoPointValue().getLongitude());
            }
            case ARRAY_VALUE: {
                List<Value> x = a.getArrayValue().getValuesList();
                List<Value> y = b.getArrayValue().getValuesList();
                for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
                    int c = compare(x.get(i), y.get(i));
                    if (c != 0) {
                        return c;
                    }
                }
                return Integer.compare(x.size(), y.size());
            }
            case MAP_VALUE: {
                TreeMap<String, Value> x = new TreeMap<>(ProtoValues::compareStrings);
                x.putAll(a.getMapValue().getFieldsMap());
                TreeMap<String, Value> y = new TreeMap<>(ProtoValues::compareStrings);
                y.putAll(b.getMapValue().getFieldsMap());
                var ix = x.entrySet().iterator();
                var iy = y.entrySet().iterator();
                while (ix.hasNext() && iy.hasNext()) {
                    var ex = ix.next();
                    var ey = iy.next();
                    int c = compareStrings(ex.getKey(), ey.getKey());
                    if (c != 0) {
                        return c;
                    }
                    c = compare(ex.getValue(), ey.getValue());
                    if (c != 0) {
                        return c;
                    }
                }
                return Boolean.compare(ix.hasNext(), iy.hasNext());
            }
            default:
                return 0;
        }
    }

    /** Equality as the == filter sees it: same type class and equal, NaN equal to nothing. */
    static boolean equal(Value a, Value b) {
        if (isNaN(a) || isNaN(b)) {
            return false;
        }
        return sameTypeClass(a, b) && compare(a, b) == 0;
    }

    private static int compareNumbers(Value a, Value b) {
        if (a.hasIntegerValue() && b.hasIntegerValue()) {
            return Long.compare(a.getIntegerValue(), b.getIntegerValue());
        }
        double x = a.hasIntegerValue() ? a.getIntegerValue() : a.getDoubleValue();
        double y = b.hasIntegerValue() ? b.getIntegerValue() : b.getDoubleValue();
        boolean nx = Double.isNaN(x);
        boolean ny = Double.isNaN(y);
        if (nx || ny) {
            return nx && ny ? 0 : nx ? -1 : 1;
        }
        if (x == y) {
            // -0.0 == 0.0 in Firestore; Double.compare would split them.
            return 0;
        }
        return Double.compare(x, y);
    }

    static int compareTimestamps(Timestamp a, Timestamp b) {
        int c = Long.compare(a.getSeconds(), b.getSeconds());
        return c != 0 ? c : Integer.compare(a.getNanos(), b.getNanos());
    }

    /** By code point, which orders like Firestore's UTF-8 byte order. */
    static int compareStrings(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    // ------------------------------------------------------------------ Java -> proto

    /**
     * The protobuf value for a Java value: null, Boolean, integral numbers (integer), Float/Double/
     * BigDecimal (double), String, com.google.cloud.Timestamp, Date, Instant, OffsetDateTime,
     * GeoPoint, Blob, byte[], {@link FakeFirestore.Ref}, DocumentReference, Map, List/arrays.
     */
    static Value toValue(Object v, String database) {
        Value.Builder b = Value.newBuilder();
        if (v == null) {
            return NULL;
        } else if (v instanceof Value value) {
            return value;
        } else if (v instanceof Boolean x) {
            b.setBooleanValue(x);
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            b.setIntegerValue(((Number) v).longValue());
        } else if (v instanceof Double || v instanceof Float || v instanceof BigDecimal) {
            b.setDoubleValue(((Number) v).doubleValue());
        } else if (v instanceof String s) {
            b.setStringValue(s);
        } else if (v instanceof com.google.cloud.Timestamp t) {
            b.setTimestampValue(t.toProto());
        } else if (v instanceof Date d) {
            b.setTimestampValue(com.google.cloud.Timestamp.of(d).toProto());
        } else if (v instanceof Instant i) {
            b.setTimestampValue(
                    Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()));
        } else if (v instanceof OffsetDateTime o) {
            Instant i = o.toInstant();
            b.setTimestampValue(
                    Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()));
        } else if (v instanceof GeoPoint g) {
            b.setGeoPointValue(LatLng.newBuilder().setLatitude(g.getLatitude()).setLongitude(g.getLongitude()));
        } else if (v instanceof Blob blob) {
            b.setBytesValue(blob.toByteString());
        } else if (v instanceof byte[] bytes) {
            b.setBytesValue(ByteString.copyFrom(bytes));
        } else if (v instanceof FakeFirestore.Ref ref) {
            b.setReferenceValue(ResourcePaths.full(database, ref.path()));
        } else if (v instanceof DocumentReference ref) {
            b.setReferenceValue(ResourcePaths.full(database, ref.getPath()));
        } else if (v instanceof Map<?, ?> map) {
            b.setMapValue(MapValue.newBuilder().putAllFields(toFields(map, database)));
        } else if (v instanceof Collection<?> list) {
            ArrayValue.Builder array = ArrayValue.newBuilder();
            list.forEach(item -> array.addValues(toValue(item, database)));
            b.setArrayValue(array);
        } else if (v instanceof Object[] items) {
            ArrayValue.Builder array = ArrayValue.newBuilder();
            for (Object item : items) {
                array.addValues(toValue(item, database));
            }
            b.setArrayValue(array);
        } else {
            throw new IllegalArgumentException(
                    "No Firestore value for a " + v.getClass().getName());
        }
        return b.build();
    }

    static Map<String, Value> toFields(Map<?, ?> map, String database) {
        Map<String, Value> fields = new LinkedHashMap<>();
        map.forEach((k, val) -> fields.put(String.valueOf(k), toValue(val, database)));
        return fields;
    }

    // ------------------------------------------------------------------ proto -> Java

    /**
     * A Java value as the SDK would give it, except references: null, Boolean, Long, Double, String,
     * com.google.cloud.Timestamp, GeoPoint, Blob, {@link FakeFirestore.Ref} (path below /documents),
     * Map (insertion-ordered by key), List.
     */
    static Object toJava(Value v) {
        switch (v.getValueTypeCase()) {
            case BOOLEAN_VALUE:
                return v.getBooleanValue();
            case INTEGER_VALUE:
                return v.getIntegerValue();
            case DOUBLE_VALUE:
                return v.getDoubleValue();
            case TIMESTAMP_VALUE:
                return com.google.cloud.Timestamp.fromProto(v.getTimestampValue());
            case STRING_VALUE:
                return v.getStringValue();
            case BYTES_VALUE:
                return Blob.fromByteString(v.getBytesValue());
            case REFERENCE_VALUE:
                return new FakeFirestore.Ref(ResourcePaths.relative(v.getReferenceValue()));
            case GEO_POINT_VALUE:
                return new GeoPoint(
                        v.getGeoPointValue().getLatitude(), v.getGeoPointValue().getLongitude());
            case ARRAY_VALUE: {
                List<Object> list = new ArrayList<>();
                v.getArrayValue().getValuesList().forEach(item -> list.add(toJava(item)));
                return list;
            }
            case MAP_VALUE:
                return toJava(v.getMapValue().getFieldsMap());
            default:
                return null;
        }
    }

    static Map<String, Object> toJava(Map<String, Value> fields) {
        Map<String, Object> map = new LinkedHashMap<>();
        new TreeMap<>(fields).forEach((k, val) -> map.put(k, toJava(val)));
        return map;
    }
}
