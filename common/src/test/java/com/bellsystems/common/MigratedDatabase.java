package com.bellsystems.common;

import com.bellsystems.common.testing.TestDatabaseResource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.flywaydb.core.Flyway;

/** A fresh database with the Flyway history applied, for the plain (non-Quarkus) tests of common. */
public final class MigratedDatabase implements AutoCloseable {

    private final TestDatabaseResource resource = new TestDatabaseResource();
    public final String name;

    public MigratedDatabase() {
        Map<String, String> config = resource.start();
        name = config.get("bellsys.test.database");
        Flyway.configure()
                .dataSource(TestDatabaseResource.jdbcUrl(name), "postgres", "")
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    public Connection connect() throws SQLException {
        return TestDatabaseResource.connect(name);
    }

    @Override
    public void close() {
        resource.stop();
    }
}
