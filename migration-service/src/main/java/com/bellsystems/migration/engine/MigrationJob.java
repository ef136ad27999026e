package com.bellsystems.migration.engine;

import com.bellsystems.migration.verify.TableReport;

/**
 * One migration job as the runner sees it. Implementations: {@code SqliteTableJob} (Phase 1, one per
 * legacy table); Firestore jobs plug in the same way. A job runs in one Postgres transaction of its
 * own, verifies counts before it commits, and throws {@link MigrationException} on failure.
 */
public interface MigrationJob {

    /** The name used in the API, CLI and as {@code _migration_runs.script_name}. */
    String name();

    int phase();

    /** The spec's step number, e.g. "1.6". */
    String step();

    JobResult run(JobContext ctx) throws Exception;

    /** The spec's verification checklist for this job's table; {@code sample} random rows (or all when negative). */
    TableReport verify(JobContext ctx, int sample) throws Exception;
}
