package com.bellsystems.migration.schema;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.bellsystems.common.schema.SchemaSnapshot;
import com.bellsystems.common.testing.AlembicDatabase;
import com.bellsystems.common.testing.AlembicDatabaseResource;
import com.bellsystems.common.testing.TestDatabaseResource;
import com.bellsystems.common.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The service started on an Alembic-made database (the plan's Phases 0-3, rows in every table):
 * start-up adopted it, every row is still there with the same content, and the schema is the one
 * a fresh database gets.
 */
@QuarkusTest
@WithTestResource(AlembicDatabaseResource.class)
class AdoptAtStartTest {

    @ConfigProperty(name = "bellsys.test.database")
    String database;

    @Test
    void everyRowIsKeptAndTheSchemaIsTheFreshOne() throws Exception {
        AlembicDatabaseResource.Loaded loaded = AlembicDatabaseResource.loaded(database);
        assertNotNull(loaded);
        assertEquals(25, loaded.tableColumns().size());
        try (Connection c = TestDatabaseResource.connect(database)) {
            assertEquals(
                    loaded.fingerprints(),
                    AlembicDatabase.fingerprints(c, loaded.tableColumns()),
                    "every row, by key and content");
        }

        TestDatabaseResource fresh = new TestDatabaseResource();
        String freshDb = fresh.start().get("bellsys.test.database");
        try {
            Flyway.configure()
                    .dataSource(TestDatabaseResource.jdbcUrl(freshDb), "postgres", "")
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            try (Connection a = TestDatabaseResource.connect(database);
                    Connection f = TestDatabaseResource.connect(freshDb)) {
                assertEquals(
                        SchemaSnapshot.read(f).text(), SchemaSnapshot.read(a).text());
            }
        } finally {
            fresh.stop();
        }
    }

    @Test
    void schemaCheckEndpointSaysFlywayManagedSinceAdoption() {
        given().header("Authorization", "Bearer " + TestTokens.sysadmin())
                .get("/api/admin/migrations/schema-check")
                .then()
                .statusCode(200)
                .body("state", equalTo("flyway"))
                .body("can_start", equalTo(true))
                .body("summary", containsString("adopted from Alembic, alembic_version c2d3e4f5a6b7 kept"));
        given().header("Authorization", "Bearer " + TestTokens.sysadmin())
                .get("/api/admin/migrations/schema-check?format=text")
                .then()
                .statusCode(200)
                .body(containsString("managed by Flyway at version"));
        given().header("Authorization", "Bearer " + TestTokens.staff(Map.of()))
                .get("/api/admin/migrations/schema-check")
                .then()
                .statusCode(403);
        given().get("/api/admin/migrations/schema-check").then().statusCode(401);
    }
}
