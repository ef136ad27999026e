package com.bellsystems.common.outbox;

/**
 * The Firestore type a mirrored column is written as. The legacy documents hold timestamps as
 * Firestore timestamps, money as doubles and counts as integers; {@link #JSON} is a JSONB (or array)
 * column whose plain JSON the mirror writes back with the types the document already holds at the
 * same place (a Timestamp stays a Timestamp, a GeoPoint a GeoPoint, a reference a reference: see
 * firestore-support's {@code MirrorValues}).
 */
public enum FieldType {
    STRING,
    INTEGER,
    DOUBLE,
    BOOLEAN,
    TIMESTAMP,
    JSON;

    /** The type for a Postgres column type as {@code format_type} names it. */
    public static FieldType ofPostgres(String pgType) {
        String t = pgType.toLowerCase(java.util.Locale.ROOT);
        if (t.endsWith("[]") || t.equals("jsonb") || t.equals("json")) {
            return JSON;
        }
        if (t.startsWith("timestamp") || t.equals("date")) {
            return TIMESTAMP;
        }
        if (t.startsWith("numeric") || t.equals("double precision") || t.equals("real")) {
            return DOUBLE;
        }
        if (t.equals("integer") || t.equals("bigint") || t.equals("smallint")) {
            return INTEGER;
        }
        if (t.equals("boolean")) {
            return BOOLEAN;
        }
        return STRING;
    }
}
