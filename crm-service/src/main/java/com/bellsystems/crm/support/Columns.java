package com.bellsystems.crm.support;

import java.util.Map;

/** Column values of an insert or a partial update, built from request records. */
public final class Columns {

    private Columns() {}

    /** Sets the column only when the value is present: a null field of a partial update leaves the column as it is. */
    public static void putIfPresent(Map<String, Object> columns, String column, Object value) {
        if (value != null) {
            columns.put(column, value);
        }
    }
}
