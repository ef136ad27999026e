package com.bellsystems.common.schema;

import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.util.HashSet;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;

/**
 * Every service's schema step at start, in place of Quarkus's {@code quarkus.flyway.migrate-at-start}
 * (switched off in common's defaults): {@link SchemaAdoption} migrates an empty or Flyway-managed
 * database, adopts an Alembic one that matches the baseline, and otherwise refuses, which stops
 * start-up with the report. Runs before any other start-up observer touches the database.
 * {@code bellsys.schema.migrate-at-start=false} skips it (the migration-service CLI's
 * {@code schema-check} uses that to look before anything changes).
 */
@Singleton
public class SchemaStartup {

    @Produces
    @Singleton
    SchemaAdoption schemaAdoption(
            AgroalDataSource dataSource,
            Flyway flyway,
            @ConfigProperty(name = "bellsys.schema.alembic-revisions") List<String> alembicRevisions) {
        return new SchemaAdoption(dataSource, flyway, new HashSet<>(alembicRevisions));
    }

    // before the scheduler (which starts at PLATFORM_BEFORE) and every other start-up observer
    void onStart(
            @Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE - 1) StartupEvent event,
            SchemaAdoption adoption,
            @ConfigProperty(name = "bellsys.schema.migrate-at-start", defaultValue = "true") boolean migrateAtStart) {
        if (!migrateAtStart) {
            Log.info("schema: bellsys.schema.migrate-at-start=false, the database is not migrated at start");
            return;
        }
        try {
            adoption.migrate(line -> Log.info(line));
        } catch (SchemaRefusedException e) {
            Log.error("schema: " + e.getMessage());
            throw e;
        }
    }
}
