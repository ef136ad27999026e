package com.bellsystems.migration.firestore;

import com.bellsystems.migration.engine.JobCatalog;
import com.bellsystems.migration.engine.MigrationJob;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The Firestore jobs (Phase 2 and 3.1 staff) for the engine's JobRegistry. */
@ApplicationScoped
public class FirestoreJobCatalog implements JobCatalog {

    private final List<MigrationJob> jobs = Phase2Jobs.all();

    @Override
    public List<MigrationJob> jobs() {
        return jobs;
    }
}
