package com.bellsystems.migration.firestore;

/**
 * The Postgres column types Firestore values are converted to, with the Java value each carries
 * between conversion and COPY: TEXT String, BOOL Boolean, NUMERIC_* BigDecimal, INT/BIGINT Long,
 * TIME Long epoch microseconds, JSON* the JSON text, TEXT_ARRAY List of String. DOC_ID and
 * PARENT_ID are TEXT taken from the document's path instead of a field.
 */
public enum FsType {
    DOC_ID,
    PARENT_ID,
    TEXT,
    BOOL,
    NUMERIC_12_2(12, 2),
    NUMERIC_5_2(5, 2),
    INT,
    BIGINT,
    TIME,
    JSON,
    JSON_ARRAY,
    JSON_OBJECT,
    TEXT_ARRAY;

    final int precision;
    final int scale;

    FsType() {
        this(0, 0);
    }

    FsType(int precision, int scale) {
        this.precision = precision;
        this.scale = scale;
    }

    boolean isJson() {
        return this == JSON || this == JSON_ARRAY || this == JSON_OBJECT;
    }

    boolean isNumeric() {
        return precision > 0;
    }
}
