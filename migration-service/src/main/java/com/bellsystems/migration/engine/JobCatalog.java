package com.bellsystems.migration.engine;

import java.util.List;

/**
 * A source of migration jobs (one per phase or per source system), discovered by CDI: Phase 1's
 * SQLite jobs are one catalog, the Firestore jobs another. Jobs come back in run order.
 */
public interface JobCatalog {

    List<MigrationJob> jobs();
}
