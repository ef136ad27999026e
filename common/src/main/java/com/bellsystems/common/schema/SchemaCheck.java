package com.bellsystems.common.schema;

import java.util.List;

/**
 * What the database is and what start-up would do with it, decided before anything is changed.
 *
 * @param state what the database is
 * @param summary one line saying so (and what start-up does)
 * @param alembicRevision the revision in {@code alembic_version}, if that table exists
 * @param diff the live schema against the Alembic baseline (null unless the database is Alembic-managed)
 * @param pending Flyway migrations not yet applied (empty for a database that start-up refuses)
 */
public record SchemaCheck(State state, String summary, String alembicRevision, SchemaDiff diff, List<String> pending) {

    /** What a database can be at start. */
    public enum State {
        /** Nothing in the schema: Flyway builds everything from V1. */
        EMPTY(true),
        /** Flyway history present: Flyway applies what is pending. */
        FLYWAY(true),
        /** Alembic-managed at a known revision and its schema matches the baseline: baseline, then migrate. */
        ADOPTABLE(true),
        /** Alembic-managed, but not adoptable (revision unknown, schema differs, empty Flyway history). */
        ALEMBIC_REFUSED(false),
        /** Tables, but neither history: nothing says what made them. */
        UNMANAGED(false);

        private final boolean canStart;

        State(boolean canStart) {
            this.canStart = canStart;
        }

        public boolean canStart() {
            return canStart;
        }
    }

    public boolean canStart() {
        return state.canStart();
    }

    /** The report an operator reads: the verdict, then what differs (or "schema matches"), then pending migrations. */
    public String text() {
        StringBuilder out = new StringBuilder(summary);
        if (diff != null) {
            out.append('\n').append(diff.text());
        }
        if (!pending.isEmpty()) {
            out.append('\n').append("pending migrations: ").append(String.join(", ", pending));
        }
        return out.toString();
    }
}
