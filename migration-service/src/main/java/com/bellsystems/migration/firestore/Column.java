package com.bellsystems.migration.firestore;

/**
 * One target column of a Firestore job (the twin of the SQLite source's {@code sqlite.Column}): the document field it comes from, its type, and what a
 * missing field becomes. A field that is absent (or null for a NOT NULL column) takes the schema's
 * default when there is one ({@link Missing#DEFAULT}); without a default the job fails naming the
 * document and the field ({@link Missing#REQUIRED}).
 *
 * @param name     Postgres column
 * @param field    Firestore field (top level), or null for DOC_ID / PARENT_ID
 * @param conversion how the field value is converted
 * @param missing  what an absent or null field becomes
 * @param fallback the schema default as a converted value ({@link #NOW} for now()), for DEFAULT
 */
public record Column(String name, String field, Conversion conversion, Missing missing, Object fallback) {

    /** The transaction's now(), as the column default {@code DEFAULT now()} would give. */
    public static final Object NOW = new Object() {
        @Override
        public String toString() {
            return "now()";
        }
    };

    /** The column every Firestore target has for the fields no other column holds exactly. */
    public static final String EXTRA = "firestore_extra";

    /** What an absent field becomes. */
    public enum Missing {
        /** NOT NULL without a default: the job fails naming document and field. */
        REQUIRED,
        /** Nullable without a default: NULL. */
        NULL,
        /** Has a default: absent (or null in a NOT NULL column) takes it. */
        DEFAULT,
        /** Nullable with a default: absent takes the default, an explicit null stays NULL. */
        DEFAULT_KEEP_NULL
    }

    /** firestore_extra (JSONB, NULL when nothing is kept), filled by the job, never from one field. */
    public static Column extra() {
        return new Column(EXTRA, null, Conversion.EXTRA, Missing.NULL, null);
    }

    public static Column docId(String name) {
        return new Column(name, null, Conversion.DOC_ID, Missing.REQUIRED, null);
    }

    public static Column parentId(String name) {
        return new Column(name, null, Conversion.PARENT_ID, Missing.REQUIRED, null);
    }

    public static Column req(String name, Conversion type) {
        return new Column(name, name, type, Missing.REQUIRED, null);
    }

    public static Column nullable(String name, Conversion type) {
        return new Column(name, name, type, Missing.NULL, null);
    }

    public static Column def(String name, Conversion type, Object fallback) {
        return new Column(name, name, type, Missing.DEFAULT, fallback);
    }

    public static Column defKeepNull(String name, Conversion type, Object fallback) {
        return new Column(name, name, type, Missing.DEFAULT_KEEP_NULL, fallback);
    }
}
