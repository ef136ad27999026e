package com.bellsystems.migration.service;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bellsystems.common.testing.TestDatabaseResource;
import com.bellsystems.common.testing.TestTokens;
import com.bellsystems.migration.cli.MigrationCli;
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
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * {@code schema-check}: a database Flyway made is the same as the expected schema; a column added
 * and an index dropped by hand are both named (CLI and API); the scratch database is dropped.
 */
@QuarkusTest
@TestProfile(SchemaCheckTest.OwnDatabase.class)
@WithTestResource(TestDatabaseResource.class)
class SchemaCheckTest {

    /** Its own database: the test changes the live schema for a moment. */
    public static class OwnDatabase implements QuarkusTestProfile {}

    @Inject
    MigrationCli cli;

    @ConfigProperty(name = "bellsys.test.database")
    String database;

    @Test
    void namesWhatDiffersFromTheExpectedSchema() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        assertEquals(0, cli.run(new String[] {"schema-check"}, print), bytes.toString(StandardCharsets.UTF_8));
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("SAME as the expected schema"), bytes.toString());

        exec(
                "ALTER TABLE heartbeats ADD COLUMN legacy_extra TEXT",
                "DROP INDEX idx_heartbeats_serial_time",
                "ALTER TABLE commands ALTER COLUMN sent_by SET NOT NULL");
        try {
            List<String> differences = given().header("Authorization", "Bearer " + TestTokens.sysadmin())
                    .when()
                    .get("/api/admin/migrations/schema-check")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("differences", String.class);
            assertEquals(
                    List.of(
                            "differs column commands.sent_by: expected text, found text NOT NULL",
                            "extra   column heartbeats.legacy_extra: text",
                            "missing index heartbeats.idx_heartbeats_serial_time: CREATE INDEX "
                                    + "idx_heartbeats_serial_time ON public.heartbeats USING btree (device_serial, "
                                    + "received_at DESC)"),
                    differences);
            bytes.reset();
            assertEquals(1, cli.run(new String[] {"schema-check"}, print));
            assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("3 difference(s)"), bytes.toString());
        } finally {
            exec(
                    "ALTER TABLE heartbeats DROP COLUMN legacy_extra",
                    "CREATE INDEX idx_heartbeats_serial_time ON heartbeats (device_serial, received_at DESC)",
                    "ALTER TABLE commands ALTER COLUMN sent_by DROP NOT NULL");
        }
        bytes.reset();
        assertEquals(0, cli.run(new String[] {"schema-check"}, print), bytes.toString(StandardCharsets.UTF_8));
        try (Connection c = TestDatabaseResource.connect(database);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT count(*) FROM pg_database WHERE datname LIKE 'bellsys\\_schema\\_check\\_%'")) {
            rs.next();
            assertEquals(0, rs.getLong(1), "the scratch databases are dropped");
        }
    }

    private void exec(String... sql) throws Exception {
        try (Connection c = TestDatabaseResource.connect(database);
                Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }
}
