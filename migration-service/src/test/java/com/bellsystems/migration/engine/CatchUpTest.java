package com.bellsystems.migration.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bellsystems.common.testing.TestDatabaseResource;
import com.bellsystems.migration.LegacyDb;
import com.bellsystems.migration.verify.VerificationReport;
import com.bellsystems.migration.verify.VerificationService;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 17's catch-up scenario for heartbeats, device_logs and commands: Phase 1 ran; the new
 * system stored live rows; the old backend kept writing SQLite and gave its next row the id it
 * always would (max + 1); a re-run copies that legacy row and says it was 1 new, the live row
 * stays, and verification passes. A legacy row altered afterwards fails both the job and the
 * verification, naming its key.
 */
@QuarkusTest
@TestProfile(CatchUpTest.OwnDatabase.class)
@WithTestResource(TestDatabaseResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CatchUpTest {

    /** A profile of its own restarts the service with its own database: the live rows it writes and the legacy ids it uses must not meet the other Phase 1 tests'. */
    public static class OwnDatabase implements QuarkusTestProfile {}

    static final Path LEGACY = Path.of("target", "legacy-catch-up.db");
    static final String[] TABLES = {"heartbeats", "device_logs", "commands"};

    @Inject
    MigrationRunner runner;

    @Inject
    JobRegistry registry;

    @Inject
    VerificationService verification;

    @ConfigProperty(name = "bellsys.test.database")
    String database;

    final List<String> out = new ArrayList<>();

    @Test
    @Order(1)
    void legacyRowsWrittenAfterLiveWritesBeganAreCaughtUp() throws Exception {
        try (LegacyDb db = LegacyDb.create(LEGACY)) {
            for (long id = 1; id <= 3; id++) {
                legacyRows(db, id);
            }
        }
        for (String t : TABLES) {
            assertTrue(run(t), String.join("\n", out));
        }

        // live rows stored by the new system, ids from its sequences
        exec(
                "INSERT INTO heartbeats (device_serial, payload) VALUES ('BS-LIVE', '{\"live\":true}')",
                "INSERT INTO device_logs (device_serial, level, message, received_at) "
                        + "VALUES ('BS-LIVE', 'INFO', 'live', '2025-10-03 12:30:00+00')",
                "INSERT INTO commands (device_serial, command_name) VALUES ('BS-LIVE', 'ring')");
        // they can never take an id the old backend may still give a legacy row
        assertEquals("1000000000001", one("SELECT id FROM heartbeats WHERE device_serial = 'BS-LIVE'"));
        assertEquals("1000000000001", one("SELECT id FROM device_logs WHERE device_serial = 'BS-LIVE'"));
        assertEquals("1000000001", one("SELECT id FROM commands WHERE device_serial = 'BS-LIVE'"));

        // the old backend keeps writing: its next id is max + 1, as it always was
        try (Connection lite = DriverManager.getConnection("jdbc:sqlite:" + LEGACY.toAbsolutePath());
                Statement st = lite.createStatement()) {
            for (String t : TABLES) {
                try (ResultSet rs = st.executeQuery("SELECT max(id) + 1 FROM " + t)) {
                    rs.next();
                    assertEquals(4, rs.getLong(1), t);
                }
            }
        }
        try (LegacyDb db = LegacyDb.open(LEGACY)) {
            legacyRows(db, 4);
        }

        for (String t : TABLES) {
            out.clear();
            assertTrue(run(t), String.join("\n", out));
            assertTrue(out.contains(t + ": 1 new row(s), 3 already present"), String.join("\n", out));
            assertTrue(out.contains(t + ": Source: 4 rows → Postgres: 4 rows ✓"), String.join("\n", out));
            assertEquals(
                    "1",
                    one("SELECT new_rows FROM _migration_runs WHERE script_name = '" + t
                            + "' ORDER BY id DESC LIMIT 1"));
            assertEquals("5", one("SELECT count(*) FROM " + t), t + ": four legacy rows and the live one");
        }
        assertEquals(
                "BS-4|{\"n\": 4}|2025-10-03 12:04:00+00",
                one("SELECT device_serial || '|' || payload::text || '|' || received_at FROM heartbeats WHERE id = 4"));
        assertEquals(
                "BS-4|legacy 4|2025-10-03 12:04:00+00",
                one("SELECT device_serial || '|' || message || '|' || received_at FROM device_logs WHERE id = 4"));
        assertEquals(
                "BS-4|cmd-4|acked",
                one("SELECT device_serial || '|' || command_name || '|' || status FROM commands WHERE id = 4"));

        // every legacy row by key and content; the live rows are counted apart, not as a mismatch
        for (String t : TABLES) {
            VerificationReport report = verification.verifyJob(t, LEGACY, -1);
            assertTrue(report.ok(), report.text());
            assertTrue(
                    report.text().contains("Source: 4 rows → Postgres: 4 rows (and 1 rows written by bellsys since)"),
                    report.text());
        }
    }

    @Test
    @Order(2)
    void anAlteredLegacyRowFailsTheJobAndTheVerificationNamingItsKey() throws Exception {
        try (LegacyDb db = LegacyDb.open(LEGACY)) {
            db.exec("UPDATE heartbeats SET payload = '{\"n\": 99}' WHERE id = 2");
            db.exec("UPDATE device_logs SET message = 'rewritten' WHERE id = 3");
        }
        VerificationReport heartbeats = verification.verifyJob("heartbeats", LEGACY, -1);
        assertFalse(heartbeats.ok(), heartbeats.text());
        assertTrue(heartbeats.text().contains("id=2 payload: expected {\"n\":99}"), heartbeats.text());
        VerificationReport logs = verification.verifyJob("device_logs", LEGACY, -1);
        assertFalse(logs.ok(), logs.text());
        assertTrue(logs.text().contains("id=3, received_at=2025-10-03 12:03:00.000000+00 message"), logs.text());

        String before = one("SELECT string_agg(t::text, ';' ORDER BY id) FROM heartbeats t");
        assertFalse(run("heartbeats"));
        String error = lastError("heartbeats");
        assertTrue(
                error.contains("heartbeats: source row(s) differ from what Postgres holds under the same key: "
                        + "id=2 (payload)"),
                error);
        assertEquals(before, one("SELECT string_agg(t::text, ';' ORDER BY id) FROM heartbeats t"), "rolled back");
        assertFalse(run("device_logs"));
        assertTrue(lastError("device_logs").contains("id=3, received_at="), lastError("device_logs"));
        assertTrue(lastError("device_logs").contains("(message)"), lastError("device_logs"));
    }

    /** One row per table with this id, as the old backend wrote them (naive UTC times). */
    private static void legacyRows(LegacyDb db, long id) throws Exception {
        String at = "2025-10-03 12:0" + id + ":00";
        db.insert("heartbeats", "id, device_serial, payload, received_at", id, "BS-" + id, "{\"n\": " + id + "}", at);
        db.insert(
                "device_logs",
                "id, device_serial, level, message, received_at",
                id,
                "BS-" + id,
                "INFO",
                "legacy " + id,
                at);
        db.insert(
                "commands",
                "id, device_serial, command_name, params, status, created_at",
                id,
                "BS-" + id,
                "cmd-" + id,
                "{}",
                "acked",
                at);
    }

    private boolean run(String job) {
        return runner.runNow(List.of(registry.job(job).orElseThrow()), LEGACY, out::add, p -> {});
    }

    private String lastError(String job) throws Exception {
        return one("SELECT error FROM _migration_runs WHERE script_name = '" + job + "' ORDER BY id DESC LIMIT 1");
    }

    private void exec(String... sql) throws Exception {
        try (Connection c = TestDatabaseResource.connect(database);
                Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    private String one(String sql) throws Exception {
        try (Connection c = TestDatabaseResource.connect(database);
                Statement st = c.createStatement()) {
            st.execute("SET TIME ZONE 'UTC'");
            try (ResultSet rs = st.executeQuery(sql)) {
                assertTrue(rs.next(), sql);
                return rs.getString(1);
            }
        }
    }
}
