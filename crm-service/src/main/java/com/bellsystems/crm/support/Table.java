package com.bellsystems.crm.support;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What the generic store needs to know about one table: its key, how to bind its JSONB and array
 * columns, the audit entity type and label, the column whose change is a STATUS_CHANGE, and where
 * (if anywhere) its rows are mirrored in Firestore, with which columns.
 */
public record Table(
        String name,
        String idColumn,
        String entityType,
        String labelColumn,
        Set<String> jsonColumns,
        Set<String> arrayColumns,
        String statusColumn,
        boolean versioned,
        Function<Map<String, Object>, MirrorDoc> mirror,
        List<String> mirrorFields) {

    public static Table of(String name, String entityType, String labelColumn) {
        return new Table(name, "id", entityType, labelColumn, Set.of(), Set.of(), null, true, null, List.of());
    }

    public Table json(String... columns) {
        return new Table(
                name,
                idColumn,
                entityType,
                labelColumn,
                Set.of(columns),
                arrayColumns,
                statusColumn,
                versioned,
                mirror,
                mirrorFields);
    }

    public Table arrays(String... columns) {
        return new Table(
                name,
                idColumn,
                entityType,
                labelColumn,
                jsonColumns,
                Set.of(columns),
                statusColumn,
                versioned,
                mirror,
                mirrorFields);
    }

    public Table status(String column) {
        return new Table(
                name,
                idColumn,
                entityType,
                labelColumn,
                jsonColumns,
                arrayColumns,
                column,
                versioned,
                mirror,
                mirrorFields);
    }

    public Table key(String column) {
        return new Table(
                name,
                column,
                entityType,
                labelColumn,
                jsonColumns,
                arrayColumns,
                statusColumn,
                versioned,
                mirror,
                mirrorFields);
    }

    public Table unversioned() {
        return new Table(
                name,
                idColumn,
                entityType,
                labelColumn,
                jsonColumns,
                arrayColumns,
                statusColumn,
                false,
                mirror,
                mirrorFields);
    }

    /**
     * Rows are mirrored to the document {@code target} names, writing only {@code fields}: the
     * columns the Phase 2 job read from the legacy fields of the same names (never bellsys-only
     * columns, never {@code firestore_extra}). Each is written with the Firestore type of its
     * Postgres type (common's {@code FieldType.ofPostgres}). Without fields every column but the
     * key, {@code id}, {@code firestore_id} and {@code firestore_extra} is mirrored.
     */
    public Table mirroredTo(Function<Map<String, Object>, MirrorDoc> target, String... fields) {
        return new Table(
                name,
                idColumn,
                entityType,
                labelColumn,
                jsonColumns,
                arrayColumns,
                statusColumn,
                versioned,
                target,
                List.of(fields));
    }

    public String idOf(Map<String, Object> row) {
        return String.valueOf(row.get(idColumn));
    }

    public String labelOf(Map<String, Object> row) {
        Object label = labelColumn == null ? null : row.get(labelColumn);
        return label == null ? null : label.toString();
    }
}
