package com.bellsystems.migration.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bellsystems.common.schema.SchemaSnapshot;
import com.bellsystems.common.testing.AlembicDatabase;
import com.bellsystems.common.testing.AlembicDatabaseResource;
import com.bellsystems.common.testing.TestDatabaseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * {@code schema-check} as the CLI runs it (start-up schema step off, as MigrationMain sets it):
 * it reports an Alembic database and what differs, and changes nothing.
 */
@QuarkusTest
@TestProfile(SchemaCheckCommandTest.LookOnly.class)
@WithTestResource(AlembicDatabaseResource.class)
class SchemaCheckCommandTest {

    public static class LookOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("bellsys.schema.migrate-at-start", "false");
        }
    }

    @Inject
    SchemaCheckCommand command;

    @ConfigProperty(name = "bellsys.test.database")
    String database;

    @Test
    void reportsAdoptableThenADifferenceAndChangesNothing() throws Exception {
        SchemaSnapshot before;
        try (Connection c = TestDatabaseResource.connect(database)) {
            before = SchemaSnapshot.read(c);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, command.run(new PrintStream(out, true, StandardCharsets.UTF_8)));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("Alembic-managed at revision c2d3e4f5a6b7 and the schema matches the baseline"), text);
        assertTrue(text.contains("start-up: would proceed"), text);

        try (Connection c = TestDatabaseResource.connect(database);
                Statement s = c.createStatement()) {
            s.execute("ALTER TABLE crm_orders ALTER COLUMN notes TYPE VARCHAR(200)");
        }
        out.reset();
        assertEquals(1, command.run(new PrintStream(out, true, StandardCharsets.UTF_8)));
        text = out.toString(StandardCharsets.UTF_8);
        assertTrue(
                text.contains(
                        "different column crm_orders.notes: expected text null, found character varying(200) null"),
                text);
        assertTrue(text.contains("start-up: would refuse"), text);

        try (Connection c = TestDatabaseResource.connect(database);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT to_regclass('flyway_schema_history') IS NULL")) {
            rs.next();
            assertTrue(rs.getBoolean(1), "no Flyway history: nothing was migrated");
            SchemaSnapshot after = SchemaSnapshot.read(c);
            assertEquals(
                    1,
                    before.objects().entrySet().stream()
                            .filter(e -> !e.getValue().equals(after.objects().get(e.getKey())))
                            .count(),
                    "only the column the test altered differs");
            assertEquals(
                    AlembicDatabaseResource.loaded(database).fingerprints().keySet(),
                    AlembicDatabase.fingerprints(
                                    c, AlembicDatabaseResource.loaded(database).tableColumns())
                            .keySet());
        }
    }
}
