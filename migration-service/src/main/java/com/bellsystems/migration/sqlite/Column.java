package com.bellsystems.migration.sqlite;

/**
 * One column of a legacy table and the target column of the same name.
 *
 * @param name       the name in SQLite and in Postgres (columns are matched by name)
 * @param conversion how the value is read
 * @param required   the source must have this column; an optional one that is missing is left to
 *                   the target's default
 * @param notNull    the target refuses NULL; a NULL that the conversion does not replace (with
 *                   [] / {} / false) fails the job naming the row and column
 */
public record Column(String name, Conversion conversion, boolean required, boolean notNull) {

    public static Column req(String name, Conversion c) {
        return new Column(name, c, true, true);
    }

    public static Column nullable(String name, Conversion c) {
        return new Column(name, c, true, false);
    }

    public static Column optional(String name, Conversion c) {
        return new Column(name, c, false, true);
    }

    public static Column optionalNullable(String name, Conversion c) {
        return new Column(name, c, false, false);
    }
}
