package com.bellsystems.migration.engine;

import java.util.List;

/**
 * One migration job as the runner sees it. Implementations: {@code SqliteTableJob} (Phase 1, one per
 * legacy table) and the Firestore jobs (Phases 2-3), both loading through {@link TableLoad}. A job
 * runs in one Postgres transaction of its own, checks its rows before it commits, and throws
 * {@link MigrationException} on failure.
 */
public interface MigrationJob {

    /** The name used in the API, CLI and as {@code _migration_runs.script_name}. */
    String name();

    int phase();

    /** The spec's step number, e.g. "1.6". */
    String step();

    /**
     * Jobs that must have succeeded before this one may run, besides every job of the earlier
     * phases ({@link Prerequisites}), with the reason the plan gives.
     */
    default List<Requirement> requires() {
        return List.of();
    }

    /** A job that must run first, and why. */
    record Requirement(String job, String reason) {}

    JobResult run(JobContext ctx) throws Exception;

    /** The spec's verification checklist for this job's table; {@code sample} random rows (or all when negative). */
    TableReport verify(JobContext ctx, int sample) throws Exception;
}
