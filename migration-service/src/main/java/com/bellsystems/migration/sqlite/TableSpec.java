package com.bellsystems.migration.sqlite;

import java.util.List;

/**
 * The declarative description of one Phase 1 job: which legacy table goes to which Postgres table,
 * its key, its columns and conversions, and the few table-specific steps (SQL run inside the job's
 * transaction before and after the load). The engine ({@link SqliteTableJob}) does the rest.
 *
 * @param job             job name (the spec's script name without migrate_)
 * @param step            the spec's step number, e.g. "1.6"
 * @param source          legacy SQLite table
 * @param target          Postgres table
 * @param key             key column names (source keys are kept)
 * @param serialColumn    the BIGSERIAL column whose sequence is moved past the highest id, or null
 * @param partitionTime   for device_logs: the time column partitions are made for, else null
 * @param columns         the columns
 * @param before          SQL run in the transaction before loading
 * @param after           SQL run in the transaction after loading, before the count check
 */
public record TableSpec(
        String job,
        String step,
        String source,
        String target,
        List<String> key,
        String serialColumn,
        String partitionTime,
        List<Column> columns,
        List<String> before,
        List<String> after) {

    /**
     * Ids from here up belong to rows bellsys writes itself: V61 moves the services' sequences of
     * the SQLite-keyed tables (those with a {@code serialColumn}) here, so a legacy row written
     * after Phase 1 can always be caught up under its own id (docs/migration.md, "Catch-up").
     */
    public static final long LIVE_ID_FLOOR = 1_000_000_000_000L;

    /** Command ids travel to the devices in {@code command_id}: kept below 2^31 for 32-bit firmware. */
    public static final long LIVE_COMMAND_ID_FLOOR = 1_000_000_000L;

    /** Where this table's bellsys-written ids begin (V61). */
    public long liveIdFloor() {
        return target.equals("commands") ? LIVE_COMMAND_ID_FLOOR : LIVE_ID_FLOOR;
    }

    public Column column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }
}
