package com.bellsystems.crm.support;

import java.util.ArrayList;
import java.util.List;

/** Builds a WHERE clause of equality filters on our own column names, skipping blank values. */
public final class Filters {

    public final List<String> where = new ArrayList<>();
    public final List<Object> params = new ArrayList<>();

    public Filters eq(String column, Object value) {
        if (value != null && !(value instanceof String s && s.isBlank())) {
            params.add(value);
            where.add(column + " = $" + params.size());
        }
        return this;
    }

    public String sql() {
        return String.join(" AND ", where);
    }
}
