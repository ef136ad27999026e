package com.bellsystems.firestore.fake;

import com.google.firestore.v1.MapValue;
import com.google.firestore.v1.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Field path parsing (dots, `quoted` segments) and reading/writing nested map fields. */
final class FieldPaths {

    static final String NAME = "__name__";

    private FieldPaths() {}

    /** Segments of a field path as the SDK sends it: {@code a.b}, {@code `a.b`.c}, backslash escapes inside backticks. */
    static List<String> parse(String path) {
        List<String> segments = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (quoted) {
                if (c == '\\' && i + 1 < path.length()) {
                    current.append(path.charAt(++i));
                } else if (c == '`') {
                    quoted = false;
                } else {
                    current.append(c);
                }
            } else if (c == '`') {
                quoted = true;
            } else if (c == '.') {
                segments.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        segments.add(current.toString());
        return segments;
    }

    /** The value at a path of a document's fields, or null when a segment is missing. */
    static Value get(Map<String, Value> fields, List<String> path) {
        Map<String, Value> current = fields;
        Value value = null;
        for (int i = 0; i < path.size(); i++) {
            if (current == null) {
                return null;
            }
            value = current.get(path.get(i));
            if (value == null) {
                return null;
            }
            current = value.hasMapValue() ? value.getMapValue().getFieldsMap() : null;
            if (i < path.size() - 1 && current == null) {
                return null;
            }
        }
        return value;
    }

    /** Sets (value non-null) or deletes (value null) the field at path, creating intermediate maps. */
    static void set(Map<String, Value> fields, List<String> path, Value value) {
        String head = path.get(0);
        if (path.size() == 1) {
            if (value == null) {
                fields.remove(head);
            } else {
                fields.put(head, value);
            }
            return;
        }
        Value existing = fields.get(head);
        if (value == null && (existing == null || !existing.hasMapValue())) {
            return;
        }
        Map<String, Value> child = new java.util.HashMap<>(
                existing != null && existing.hasMapValue()
                        ? existing.getMapValue().getFieldsMap()
                        : Map.of());
        set(child, path.subList(1, path.size()), value);
        fields.put(
                head,
                Value.newBuilder()
                        .setMapValue(MapValue.newBuilder().putAllFields(child))
                        .build());
    }
}
