package com.bellsystems.auth.support;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSONB in and out of Postgres as plain Java values (Map, List, String, Number, Boolean). JSONB
 * travels as text ({@code $n::text::jsonb} in, {@code col::text} out) so no driver-specific JSON
 * types leak into records, diffs or the permission check, which all expect plain maps.
 */
public final class Jsons {

    private Jsons() {}

    /** Vert.x JSON wrappers replaced by plain maps and lists, recursively. */
    public static Object plain(Object value) {
        if (value instanceof JsonObject o) {
            return plain(o.getMap());
        }
        if (value instanceof JsonArray a) {
            return plain(a.getList());
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put(String.valueOf(k), plain(v)));
            return copy;
        }
        if (value instanceof List<?> l) {
            List<Object> copy = new ArrayList<>(l.size());
            l.forEach(v -> copy.add(plain(v)));
            return copy;
        }
        return value;
    }

    /** JSON text for a {@code $n::text::jsonb} parameter; null stays SQL NULL. */
    public static String encode(Object value) {
        return value == null ? null : Json.encode(plain(value));
    }

    public static Object decode(String text) {
        return text == null ? null : plain(Json.decodeValue(text));
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> decodeMap(String text) {
        Object value = decode(text);
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }
}
