package com.bellsystems.migration.sqlite;

import com.bellsystems.migration.engine.JobCatalog;
import com.bellsystems.migration.engine.MigrationJob;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Phase 1's twelve SQLite jobs, one {@link SqliteTableJob} per {@link Phase1Tables} entry. */
@ApplicationScoped
public class Phase1Catalog implements JobCatalog {

    private final List<MigrationJob> jobs =
            Phase1Tables.ALL.stream().<MigrationJob>map(SqliteTableJob::new).toList();

    @Override
    public List<MigrationJob> jobs() {
        return jobs;
    }
}
