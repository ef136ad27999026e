package com.bellsystems.common.audit;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The field diff the audit log stores: {"field": {"old": x, "new": y}} for every field whose value
 * changed. Secrets (password hashes, tokens, keys) are redacted on both sides: the log says that
 * they changed, never what they are.
 */
public final class ChangeDiff {

    public static final String REDACTED = "[REDACTED]";

    private static final List<String> SECRET_MARKERS =
            List.of("password", "secret", "token", "private_key", "privatekey", "api_key", "apikey");

    private ChangeDiff() {}

    /** The changed fields between two snapshots of one record; empty when nothing changed. */
    public static Map<String, Object> between(Map<String, ?> before, Map<String, ?> after) {
        Map<String, ?> old = before == null ? Map.of() : before;
        Map<String, ?> now = after == null ? Map.of() : after;
        Set<String> fields = new TreeSet<>(old.keySet());
        fields.addAll(now.keySet());
        Map<String, Object> changes = new LinkedHashMap<>();
        for (String field : fields) {
            Object o = old.get(field);
            Object n = now.get(field);
            if (!sameValue(o, n)) {
                Map<String, Object> change = new LinkedHashMap<>();
                change.put("old", isSecret(field) ? REDACTED : o);
                change.put("new", isSecret(field) ? REDACTED : n);
                changes.put(field, change);
            }
        }
        return changes;
    }

    /** A copy of the map with secret fields replaced, for snapshots logged on CREATE or in meta. */
    public static Map<String, Object> redact(Map<String, ?> values) {
        Map<String, Object> copy = new LinkedHashMap<>();
        if (values != null) {
            values.forEach((k, v) -> copy.put(k, isSecret(k) ? REDACTED : v));
        }
        return copy;
    }

    public static boolean isSecret(String field) {
        String f = field.toLowerCase(Locale.ROOT);
        return SECRET_MARKERS.stream().anyMatch(f::contains);
    }

    private static boolean sameValue(Object a, Object b) {
        // 10.0 and 10.00 are the same amount of money
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y) == 0;
        }
        return Objects.equals(a, b);
    }
}
