package com.bellsystems.migration.engine;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Map;

/**
 * What a successful job reports: counts (source rows, those in Postgres, and how many of them this
 * run inserted: all of them on a first run, the caught-up ones on a re-run), the verification line
 * it printed, any warnings, and the run report stored with the run ({@code _migration_runs.report}:
 * what was kept beside the columns, parked, or did not fit exactly; null when a job has none).
 */
@RegisterForReflection
public record JobResult(
        long sourceRows,
        long destRows,
        long newRows,
        String summary,
        List<String> warnings,
        Map<String, Object> report) {

    public JobResult(long sourceRows, long destRows, long newRows, String summary, List<String> warnings) {
        this(sourceRows, destRows, newRows, summary, warnings, null);
    }
}
