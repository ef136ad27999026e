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

    public Column column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }
}
