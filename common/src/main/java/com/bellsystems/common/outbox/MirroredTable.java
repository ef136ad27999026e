package com.bellsystems.common.outbox;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * How the rows of one Postgres table are mirrored to Firestore during the rollback window: the
 * switch ({@code bellsys.mirror.<switchKey>.enabled}), the document a row lives at (the legacy path,
 * e.g. {@code crm_customers/{customer_id}/orders/{id}}) and the mirrored columns with their
 * Firestore types. A column's field name is the column name: the Phase 2 jobs read every column
 * from the legacy field of the same name. Only the listed columns are ever written, so columns
 * bellsys added (and {@code firestore_extra}) never reach Firestore.
 *
 * <pre>{@code
 * static final MirroredTable FIRMWARE = MirroredTable.of("firmware_versions", row -> "firmware_versions/" + row.get("id"))
 *         .fields(FieldType.STRING, "hw_type", "channel", "version")
 *         .fields(FieldType.TIMESTAMP, "uploaded_at", "created_at");
 * }</pre>
 */
public record MirroredTable(
        String switchKey, Function<Map<String, Object>, String> documentPath, Map<String, FieldType> fields) {

    public MirroredTable {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public static MirroredTable of(String switchKey, Function<Map<String, Object>, String> documentPath) {
        return new MirroredTable(switchKey, documentPath, Map.of());
    }

    /** Adds columns of one type. */
    public MirroredTable fields(FieldType type, String... columns) {
        Map<String, FieldType> more = new LinkedHashMap<>(fields);
        for (String c : columns) {
            if (MirrorFields.EXTRA_COLUMN.equals(c)) {
                throw new IllegalArgumentException(c + " is never a Firestore field");
            }
            more.put(c, type);
        }
        return new MirroredTable(switchKey, documentPath, more);
    }

    /** Columns typed by their Postgres types ({@code format_type} names), for callers that read the catalogue. */
    public MirroredTable typedBy(Map<String, String> pgTypes, List<String> columns) {
        MirroredTable t = this;
        for (String c : columns) {
            String pg = pgTypes.get(c);
            if (pg != null) {
                t = t.fields(FieldType.ofPostgres(pg), c);
            }
        }
        return t;
    }

    /** Every mirrored column of a new row (a create writes them all). */
    public MirrorFields all(Map<String, Object> row) {
        MirrorFields out = MirrorFields.create();
        fields.forEach((column, type) -> {
            if (row.containsKey(column)) {
                out.put(column, type, row.get(column));
            }
        });
        return out;
    }

    /** The mirrored columns whose value differs between {@code before} and {@code after}. */
    public MirrorFields changed(Map<String, Object> before, Map<String, Object> after) {
        MirrorFields out = MirrorFields.create();
        fields.forEach((column, type) -> {
            if (after.containsKey(column) && !same(before.get(column), after.get(column))) {
                out.put(column, type, after.get(column));
            }
        });
        return out;
    }

    static boolean same(Object a, Object b) {
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y) == 0;
        }
        if (a instanceof Object[] x && b instanceof Object[] y) {
            return java.util.Arrays.equals(x, y);
        }
        return Objects.equals(MirrorFields.plain(a), MirrorFields.plain(b));
    }
}
