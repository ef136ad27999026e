package com.bellsystems.migration.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * What a job gets to work with. Phase 1 jobs read {@code sqlitePath}; the Firestore jobs look
 * their client up themselves (firestore/FirestoreSource), so the runner, lock, run log and API
 * stay the same for both sources.
 *
 * @param postgres   JDBC datasource for the job's one transaction
 * @param sqlitePath legacy SQLite file (opened read-only)
 * @param json       Jackson mapper
 * @param progress   this run's progress
 * @param out        operator-visible lines (the CLI prints them, the server logs them)
 * @param runId      this run's {@code _migration_runs} id (null when verifying)
 */
public record JobContext(
        DataSource postgres, Path sqlitePath, ObjectMapper json, Progress progress, Consumer<String> out, Long runId) {

    public JobContext(
            DataSource postgres, Path sqlitePath, ObjectMapper json, Progress progress, Consumer<String> out) {
        this(postgres, sqlitePath, json, progress, out, null);
    }
}
