package com.bellsystems.firestore.outbox;

import com.bellsystems.firestore.FirestoreValues;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.Blob;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.FieldPath;
import com.google.cloud.firestore.FieldValue;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.GeoPoint;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns an outbox row's typed fields (common's {@code MirrorFields}) into one field-masked
 * Firestore write against the document as it is now, so the document keeps the legacy types:
 * <ul>
 *   <li>a field the document already holds with the same value is left out of the write;</li>
 *   <li>plain JSON ({@code {"json": ...}}, from a JSONB column) takes, place by place, the type the
 *       document holds there: an ISO string where a Timestamp is becomes a Timestamp, a {lat, lng}
 *       map where a GeoPoint is a GeoPoint, an id where a reference is a reference to the same
 *       collection, an integral number where a Long is a Long; an array element equal to one the
 *       document holds is that element, types and all, and a new element takes the types of the
 *       element at its place (or of the last one);</li>
 *   <li>a null for a field the document does not have is not written (the migration read a missing
 *       field as NULL), and a delete of a missing field is nothing;</li>
 *   <li>a public feature ({@code flag}) is written in the shape the document holds it: a boolean,
 *       a map with {@code enabled} and {@code config}, or {@code enabled} beside the config's keys.</li>
 * </ul>
 * Never writes {@code firestore_extra}.
 */
public final class MirrorValues {

    private static final String EXTRA_COLUMN = "firestore_extra";

    private MirrorValues() {}

    /** The data and field mask of one {@code set(data, SetOptions.mergeFieldPaths(paths))}. */
    public record Write(Map<String, Object> data, List<FieldPath> paths) {
        public boolean isEmpty() {
            return paths.isEmpty();
        }
    }

    /** The write for {@code fields} against the document's current data ({@code null}: it does not exist). */
    public static Write write(Firestore db, Map<String, Object> current, JsonObject fields) {
        Map<String, Object> doc = current == null ? Map.of() : current;
        Write out = new Write(new LinkedHashMap<>(), new ArrayList<>());
        for (String field : fields.fieldNames()) {
            if (EXTRA_COLUMN.equals(field)) {
                continue;
            }
            JsonObject typed = fields.getJsonObject(field);
            String kind = kind(typed);
            boolean has = doc.containsKey(field);
            Object existing = doc.get(field);
            switch (kind) {
                case "delete" -> {
                    if (has) {
                        put(out, FieldValue.delete(), field);
                    }
                }
                case "null" -> {
                    if (has && existing != null) {
                        put(out, null, field);
                    }
                }
                case "flag" -> flag(db, out, field, existing, typed.getJsonObject("flag"));
                default -> {
                    Object value = decode(db, typed, existing);
                    if (!has || !Objects.equals(existing, value)) {
                        put(out, value, field);
                    }
                }
            }
        }
        return out;
    }

    /** One typed value as firebase-admin writes it, shaped by {@code existing} (the value the document holds there). */
    static Object decode(Firestore db, JsonObject typed, Object existing) {
        String kind = kind(typed);
        Object v = typed.getValue(kind);
        return switch (kind) {
            case "null" -> null;
            case "string" -> string(db, (String) v, existing);
            case "integer" ->
                existing instanceof Double ? (Object) ((Number) v).doubleValue() : (Object) ((Number) v).longValue();
            case "double" -> number(((Number) v).doubleValue(), existing);
            case "boolean" -> v;
            case "timestamp" ->
                existing instanceof String ? v : FirestoreValues.parseTimestamp(((String) v).replace("Z", "+00:00"));
            case "geo" -> FirestoreValues.toGeoPoint(((JsonObject) v).getMap());
            case "ref" -> db.document((String) v);
            case "bytes" -> FirestoreValues.blobFromBase64((String) v);
            case "map" -> {
                Map<?, ?> em = existing instanceof Map<?, ?> m ? m : Map.of();
                Map<String, Object> m = new LinkedHashMap<>();
                ((JsonObject) v)
                        .forEach(e -> m.put(e.getKey(), decode(db, (JsonObject) e.getValue(), em.get(e.getKey()))));
                yield m;
            }
            case "array" -> {
                List<?> el = existing instanceof List<?> l ? l : List.of();
                List<Object> l = new ArrayList<>();
                JsonArray a = (JsonArray) v;
                for (int i = 0; i < a.size(); i++) {
                    l.add(decode(db, a.getJsonObject(i), i < el.size() ? el.get(i) : null));
                }
                yield l;
            }
            case "json" -> conform(db, normalize(v), existing);
            default -> throw new IllegalArgumentException("unknown field type " + kind);
        };
    }

    /** Plain JSON written with the types {@code existing} holds at the same place. */
    static Object conform(Firestore db, Object plain, Object existing) {
        if (existing != null && Objects.equals(normalize(FirestoreValues.toJson(existing)), plain)) {
            return existing;
        }
        if (plain == null || plain instanceof Boolean) {
            return plain;
        }
        if (plain instanceof String s) {
            return string(db, s, existing);
        }
        if (plain instanceof Long l) {
            return existing instanceof Double ? (Object) l.doubleValue() : l;
        }
        if (plain instanceof Double d) {
            return number(d, existing);
        }
        if (plain instanceof Map<?, ?> m) {
            if (existing instanceof GeoPoint
                    && m.size() == 2
                    && m.get(FirestoreValues.LAT) instanceof Number
                    && m.get(FirestoreValues.LNG) instanceof Number) {
                @SuppressWarnings("unchecked")
                Map<String, ?> latLng = (Map<String, ?>) m;
                return FirestoreValues.toGeoPoint(latLng);
            }
            Map<?, ?> em = existing instanceof Map<?, ?> e ? e : Map.of();
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), conform(db, v, em.get(k))));
            return out;
        }
        if (plain instanceof List<?> list) {
            List<?> el = existing instanceof List<?> e ? e : List.of();
            List<Object> plainExisting = new ArrayList<>(el.size());
            el.forEach(e -> plainExisting.add(normalize(FirestoreValues.toJson(e))));
            List<Object> out = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                Object item = list.get(i);
                int same = plainExisting.indexOf(item);
                // a new element takes its types from the element at its place, else from the last one
                // (one array's elements share a shape: an appended timeline entry is dated like the others)
                Object template = i < el.size() ? el.get(i) : el.isEmpty() ? null : el.get(el.size() - 1);
                out.add(same >= 0 ? el.get(same) : conform(db, item, template));
            }
            return out;
        }
        return plain;
    }

    private static Object string(Firestore db, String s, Object existing) {
        if (existing instanceof Timestamp) {
            try {
                return FirestoreValues.parseTimestamp(s.endsWith("Z") ? s.substring(0, s.length() - 1) + "+00:00" : s);
            } catch (RuntimeException notATime) {
                return s;
            }
        }
        if (existing instanceof DocumentReference ref) {
            if (s.equals(ref.getId())) {
                return ref;
            }
            if (s.isEmpty()) {
                return s;
            }
            return s.indexOf('/') >= 0 ? db.document(s) : ref.getParent().document(s);
        }
        if (existing instanceof Blob blob) {
            try {
                return Blob.fromBytes(Base64.getDecoder().decode(s));
            } catch (IllegalArgumentException notBase64) {
                return s;
            }
        }
        return s;
    }

    private static Object number(double d, Object existing) {
        if (existing instanceof Long && d == Math.rint(d) && Math.abs(d) < 9.0e15) {
            return (long) d;
        }
        return d;
    }

    private static void flag(Firestore db, Write out, String field, Object existing, JsonObject flag) {
        boolean enabled = Boolean.TRUE.equals(flag.getBoolean("enabled"));
        @SuppressWarnings("unchecked")
        Map<String, Object> config = (Map<String, Object>)
                normalize(flag.getJsonObject("config", new JsonObject()).getMap());
        if (existing instanceof Map<?, ?> em) {
            if (!Objects.equals(em.get("enabled"), enabled)) {
                put(out, enabled, field, "enabled");
            }
            if (em.containsKey("config")) {
                Object value = conform(db, config, em.get("config"));
                if (!Objects.equals(em.get("config"), value)) {
                    put(out, value, field, "config");
                }
                return;
            }
            // the config's keys sit beside "enabled" (the migration read them so)
            config.forEach((k, v) -> {
                Object value = conform(db, v, em.get(k));
                if (!em.containsKey(k) || !Objects.equals(em.get(k), value)) {
                    put(out, value, field, k);
                }
            });
            for (Object k : em.keySet()) {
                if (!"enabled".equals(k) && !config.containsKey(k)) {
                    put(out, FieldValue.delete(), field, String.valueOf(k));
                }
            }
            return;
        }
        if (existing instanceof Boolean b && config.isEmpty()) {
            if (b != enabled) {
                put(out, enabled, field);
            }
            return;
        }
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("enabled", enabled);
        if (config.containsKey("enabled")) {
            value.put("config", conform(db, config, null));
        } else {
            config.forEach((k, v) -> value.put(k, conform(db, v, null)));
        }
        put(out, value, field);
    }

    @SuppressWarnings("unchecked")
    private static void put(Write out, Object value, String... path) {
        Map<String, Object> at = out.data();
        for (int i = 0; i < path.length - 1; i++) {
            at = (Map<String, Object>) at.computeIfAbsent(path[i], k -> new LinkedHashMap<String, Object>());
        }
        at.put(path[path.length - 1], value);
        out.paths().add(FieldPath.of(path));
    }

    private static String kind(JsonObject typed) {
        Set<String> names = typed == null ? Set.of() : typed.fieldNames();
        if (names.size() != 1) {
            throw new IllegalArgumentException("a typed value has exactly one key, got " + typed);
        }
        return names.iterator().next();
    }

    /** JSON numbers as Long/Double, vert.x JSON types as maps and lists. */
    static Object normalize(Object v) {
        if (v instanceof JsonObject o) {
            return normalize(o.getMap());
        }
        if (v instanceof JsonArray a) {
            return normalize(a.getList());
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), normalize(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(x -> out.add(normalize(x)));
            return out;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte || v instanceof BigInteger) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float || v instanceof BigDecimal) {
            return ((Number) v).doubleValue();
        }
        return v;
    }
}
