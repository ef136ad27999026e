package com.bellsystems.migration.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bellsystems.common.testing.TestDatabaseResource;
import com.bellsystems.migration.LegacyDb;
import com.bellsystems.migration.verify.VerificationReport;
import com.bellsystems.migration.verify.VerificationService;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
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
 * Phase 1 end to end against the real Postgres: a legacy file full of messy values is migrated,
 * every field of every row is compared, a second run is a no-op, a poisoned row leaves its table
 * untouched and is logged, a missing column is refused before anything is written.
 */
@QuarkusTest
@WithTestResource(TestDatabaseResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class Phase1MigrationTest {

    static final Path MESSY = Path.of("target", "legacy-messy.db");

    @Inject
    MigrationRunner runner;

    @Inject
    JobRegistry registry;

    @Inject
    VerificationService verification;

    @ConfigProperty(name = "bellsys.test.database")
    String database;

    public static void messyFile(Path file) throws Exception {
        try (LegacyDb db = LegacyDb.create(file)) {
            db.insert(
                    "melody_drafts",
                    "id, name, pid, status, data, created_by, created_at, updated_at",
                    "d1",
                    "Καμπάνα Αγίου Νικολάου",
                    "P-1",
                    "draft",
                    "{\"notes\":[1,2,3],\"tempo\":120}",
                    "Γιώργος",
                    "2025-10-03 12:00:01",
                    "2025-10-03T12:00:01Z");
            db.insert(
                    "melody_drafts",
                    "id, name, pid, status, data, created_by, created_at, updated_at",
                    "d2",
                    "Plain",
                    null,
                    "published",
                    "",
                    null,
                    "2025-10-03T12:00:01.123456+02:00",
                    1_759_492_801L);
            db.insert(
                    "melody_drafts",
                    "id, name, pid, status, data, created_by, created_at, updated_at",
                    "d3",
                    "Millis 🔔",
                    null,
                    "draft",
                    "null",
                    null,
                    1_759_492_801_123L,
                    "1759492801");

            db.insert(
                    "built_melodies",
                    "id, name, pid, steps, binary_path, progmem_code, assigned_melody_ids, is_builtin, created_at, updated_at",
                    "b1",
                    "Χαρμόσυνο",
                    "P-9",
                    "[{\"note\":\"Ντο\",\"ms\":250}]",
                    "/bin/b1.bin",
                    "const uint8_t m[] = {1,2};",
                    "[\"d1\",\"d2\"]",
                    1,
                    "2025-01-31 23:59:59",
                    "2025-02-01T01:59:59+02:00");
            db.insert(
                    "built_melodies",
                    "id, name, pid, steps, binary_path, progmem_code, assigned_melody_ids, is_builtin, created_at, updated_at",
                    "b2",
                    "Empty arrays",
                    null,
                    "",
                    null,
                    null,
                    "null",
                    0,
                    1_700_000_000L,
                    1_700_000_000_000L);
            db.insert(
                    "built_melodies",
                    "id, name, pid, steps, binary_path, progmem_code, assigned_melody_ids, is_builtin, created_at, updated_at",
                    "b3",
                    "Null arrays",
                    null,
                    null,
                    null,
                    null,
                    null,
                    0,
                    "2024-02-29 00:00:00",
                    "2024-02-29 00:00:00.5");

            db.insert(
                    "mfg_audit_log",
                    "id, occurred_at, actor, action, serial_number, details",
                    7L,
                    "2025-10-03T12:00:01+0200",
                    "Νίκος",
                    "flash",
                    "BS-001",
                    "{\"fw\":\"1.2.3\"}");
            db.insert(
                    "mfg_audit_log",
                    "id, occurred_at, actor, action, serial_number, details",
                    12L,
                    "2025-10-03 12:00:01.5",
                    "eve",
                    "test",
                    null,
                    null);

            db.insert(
                    "device_alerts",
                    "id, device_serial, alert_type, severity, state, message, details, raised_at, cleared_at",
                    3L,
                    "BS-001",
                    "offline",
                    "critical",
                    "cleared",
                    "Η συσκευή χάθηκε",
                    "{\"minutes\":12}",
                    "2025-09-01 08:00:00",
                    "2025-09-01T09:30:00Z");
            db.insert(
                    "device_alerts",
                    "id, device_serial, alert_type, severity, state, message, details, raised_at, cleared_at",
                    4L,
                    "BS-002",
                    "temp",
                    "warning",
                    "active",
                    null,
                    "",
                    1_756_713_600L,
                    "");

            db.insert(
                    "crm_sync_state",
                    "key, value, updated_at",
                    "gmail_cursor",
                    "{\"historyId\":\"8812\"}",
                    "2025-10-03 12:00:01");
            db.insert(
                    "crm_sync_state",
                    "key, value, updated_at",
                    "last_sync",
                    "2025-10-03T12:00:01Z",
                    "2025-10-03 12:00:01");
            db.insert("crm_sync_state", "key, value, updated_at", "count", "42", 1_759_492_801L);

            String qcols =
                    "id, quotation_number, customer_id, title, subject, status, language, currency, global_discount_percent, "
                            + "shipping_cost, install_cost, extras_label, extras_cost, vat_percent, subtotal, discount_amount, vat_amount, "
                            + "total, comments, client_snapshot, pdf_path, created_by, created_at, updated_at";
            db.insert(
                    "crm_quotations",
                    qcols,
                    "q1",
                    "ΠΡ-2025-001",
                    "cust-not-yet-migrated",
                    "Καμπαναριό",
                    "Προσφορά",
                    "sent",
                    "el",
                    "EUR",
                    5.0,
                    120.5,
                    0.0,
                    "Μεταφορικά",
                    30.0,
                    24.0,
                    1234.565,
                    61.73,
                    281.45,
                    1454.28,
                    "[{\"by\":\"Γιώργος\",\"text\":\"ok\"}]",
                    "{\"name\":\"Παπαδόπουλος\"}",
                    "/pdf/q1.pdf",
                    "admin",
                    "2025-10-03 12:00:01",
                    "2025-10-03T12:00:01.123456+02:00");
            db.insert(
                    "crm_quotations",
                    qcols,
                    "q2",
                    "Q-2",
                    null,
                    null,
                    null,
                    "draft",
                    "en",
                    "USD",
                    0,
                    0,
                    0,
                    null,
                    0,
                    24,
                    0.1,
                    0,
                    0.02,
                    0.12,
                    "",
                    null,
                    null,
                    null,
                    1_759_492_801L,
                    1_759_492_801_123L);

            String icols =
                    "id, quotation_id, product_id, description, unit_type, unit_cost, discount_percent, quantity, vat_percent, line_total, sort_order";
            db.insert(
                    "crm_quotation_items",
                    icols,
                    10L,
                    "q1",
                    "prod-1",
                    "Καμπάνα 50kg",
                    "pcs",
                    1000.0,
                    5.0,
                    1.0,
                    24.0,
                    950.0,
                    0L);
            db.insert(
                    "crm_quotation_items",
                    icols,
                    11L,
                    "q1",
                    null,
                    "Τοποθέτηση",
                    "hours",
                    35.5,
                    0.0,
                    2.5,
                    24.0,
                    88.75,
                    1L);
            db.insert("crm_quotation_items", icols, 12L, "q2", null, "Line", "pcs", 0.1, 0, 1.234, 24, 0.12, 0L);

            db.insert(
                    "crm_media",
                    "id, customer_id, order_id, filename, nextcloud_path, mime_type, direction, tags, uploaded_by, created_at",
                    "m1",
                    "cust-1",
                    "ord-1",
                    "φωτό.jpg",
                    "/Customers/cust-1/φωτό.jpg",
                    "image/jpeg",
                    "inbound",
                    "[\"site\",\"καμπάνα\"]",
                    "admin",
                    "2025-10-03 12:00:01");
            db.insert(
                    "crm_media",
                    "id, customer_id, order_id, filename, nextcloud_path, mime_type, direction, tags, uploaded_by, created_at",
                    "m2",
                    null,
                    null,
                    "a.pdf",
                    "/x/a.pdf",
                    null,
                    null,
                    "null",
                    null,
                    1_759_492_801L);

            String ccols =
                    "id, customer_id, channel, direction, subject, body, from_address, to_addresses, attachments, "
                            + "ext_message_id, logged_by, is_important, is_read, occurred_at, created_at";
            db.insert(
                    "crm_comms_log",
                    ccols,
                    "c1",
                    "cust-1",
                    "email",
                    "inbound",
                    "Θέμα",
                    "line1\nline2\twith tab \\ backslash\r\nend",
                    "a@b.gr",
                    "[\"sales@bellsystems.gr\"]",
                    null,
                    "<msg-1@mail>",
                    null,
                    1,
                    0,
                    "2025-10-03T12:00:01.123456+02:00",
                    "2025-10-03 12:00:01");
            db.insert(
                    "crm_comms_log",
                    ccols,
                    "c2",
                    null,
                    "phone",
                    "outbound",
                    null,
                    null,
                    null,
                    "",
                    "",
                    null,
                    "admin",
                    0,
                    1,
                    1_759_492_801L,
                    1_759_492_801_000L);
            db.insert(
                    "crm_comms_log",
                    ccols,
                    "c3",
                    null,
                    "sms",
                    "outbound",
                    null,
                    "",
                    null,
                    "null",
                    "[]",
                    null,
                    "admin",
                    0,
                    0,
                    "2025-10-03",
                    "2025-10-03");

            String kcols =
                    "id, device_serial, command_name, params, status, response, sent_by, created_at, sent_at, acked_at";
            db.insert(
                    "commands",
                    kcols,
                    100L,
                    "BS-001",
                    "ring",
                    "{\"melody\":\"b1\"}",
                    "acked",
                    "{\"ok\":true}",
                    "admin",
                    "2025-10-03 12:00:01",
                    "2025-10-03 12:00:02",
                    "2025-10-03 12:00:03");
            db.insert(
                    "commands", kcols, 101L, "BS-002", "reboot", "", "pending", null, null, 1_759_492_801L, null, null);

            db.exec("ALTER TABLE heartbeats ADD COLUMN legacy_flag TEXT");
            String hcols =
                    "id, device_serial, firmware_version, hardware_type, ip_address, uptime_seconds, signal_rssi, free_memory, payload, received_at, legacy_flag";
            db.insert(
                    "heartbeats",
                    hcols,
                    1L,
                    "BS-001",
                    "1.2.3",
                    "esp32",
                    "10.0.0.5",
                    8_640_000L,
                    -70,
                    123_456L,
                    "{\"uptime\":8640000}",
                    "2025-10-03 12:00:01",
                    "x");
            db.insert(
                    "heartbeats",
                    hcols,
                    2L,
                    "BS-002",
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    "",
                    1_759_492_801_123L,
                    null);
            db.insert(
                    "heartbeats",
                    hcols,
                    5L,
                    "BS-003",
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    "null",
                    "2025-10-03T12:00:01Z",
                    null);

            String lcols = "id, device_serial, level, message, device_timestamp, received_at";
            db.insert(
                    "device_logs",
                    lcols,
                    1L,
                    "BS-001",
                    "INFO",
                    "Καμπάνα χτύπησε 🔔",
                    1_759_492_801_000L,
                    "2025-10-03 12:00:01");
            db.insert("device_logs", lcols, 2L, "BS-001", "WARN", "tab\there", null, "2025-10-03T12:00:01Z");
            db.insert("device_logs", lcols, 3L, "BS-002", "ERROR", "offset", null, "2025-11-01T01:30:00.123456+02:00");
            db.insert("device_logs", lcols, 4L, "BS-002", "INFO", "seconds", 5L, 1_756_684_800L);
            db.insert("device_logs", lcols, 5L, "BS-002", "INFO", "millis", null, 1_759_492_801_123L);
            db.insert("device_logs", lcols, 6L, "BS-003", "INFO", "old", null, "2024-12-31 23:59:59.999999");
        }
    }

    @Test
    @Order(1)
    void phaseOneMigratesEveryFieldOfEveryRow() throws Exception {
        messyFile(MESSY);
        byte[] before = sha256(MESSY);
        List<String> out = new ArrayList<>();
        assertTrue(runner.runNow(registry.phase(1), MESSY, out::add, p -> {}), String.join("\n", out));
        assertArrayEquals(before, sha256(MESSY), "the legacy file is never changed");
        assertTrue(out.contains("device_logs: Source: 6 rows → Postgres: 6 rows ✓"), String.join("\n", out));
        assertTrue(out.contains("crm_quotations: Source: 2 rows → Postgres: 2 rows ✓"), String.join("\n", out));
        assertTrue(
                out.stream().anyMatch(l -> l.contains("ignoring extra legacy column(s) legacy_flag")),
                String.join("\n", out));

        // every field of every row, converted, against what Postgres holds
        VerificationReport report = verification.verifyPhase(1, MESSY, -1);
        assertTrue(report.ok(), report.text());
        assertEquals(12, report.tables().size());
        for (TableReport t : report.tables()) {
            assertEquals(t.sourceRows(), t.sampledRows(), t.table());
        }

        // and independently of the engine's converters, the messy values as a person reads them
        try (Connection pg = TestDatabaseResource.connect(database);
                Statement st = pg.createStatement()) {
            st.execute("SET TIME ZONE 'UTC'");
            assertEquals(
                    "Καμπάνα Αγίου Νικολάου|{\"notes\": [1, 2, 3], \"tempo\": 120}|2025-10-03 12:00:01+00|2025-10-03 12:00:01+00",
                    one(
                            st,
                            "SELECT name || '|' || data::text || '|' || created_at::text || '|' || updated_at::text FROM melody_drafts WHERE id = 'd1'"));
            assertEquals(
                    "{}|2025-10-03 10:00:01.123456+00|2025-10-03 12:00:01+00",
                    one(
                            st,
                            "SELECT data::text || '|' || created_at::text || '|' || updated_at::text FROM melody_drafts WHERE id = 'd2'"));
            assertEquals(
                    "{}|2025-10-03 12:00:01.123+00|2025-10-03 12:00:01+00",
                    one(
                            st,
                            "SELECT data::text || '|' || created_at::text || '|' || updated_at::text FROM melody_drafts WHERE id = 'd3'"));
            assertEquals(
                    "[]|[]|false|2023-11-14 22:13:20+00|2023-11-14 22:13:20+00",
                    one(
                            st,
                            "SELECT steps::text || '|' || assigned_melody_ids::text || '|' || is_builtin || '|' || created_at || '|' || updated_at FROM built_melodies WHERE id = 'b2'"));
            assertEquals(
                    "[]|[]",
                    one(
                            st,
                            "SELECT steps::text || '|' || assigned_melody_ids::text FROM built_melodies WHERE id = 'b3'"));
            assertEquals(
                    "true|2025-01-31 23:59:59+00",
                    one(st, "SELECT is_builtin || '|' || updated_at FROM built_melodies WHERE id = 'b1'"));
            assertEquals(
                    "2025-10-03 10:00:01+00|{}",
                    one(st, "SELECT occurred_at || '|' || details::text FROM mfg_audit_log WHERE id = 7")
                            .replace("{\"fw\": \"1.2.3\"}", "{}"));
            assertEquals(
                    "2025-10-03 12:00:01.5+00|{}",
                    one(st, "SELECT occurred_at || '|' || details::text FROM mfg_audit_log WHERE id = 12"));
            assertEquals(
                    "{}|2025-09-01 08:00:00+00|null",
                    one(
                            st,
                            "SELECT details::text || '|' || raised_at || '|' || coalesce(cleared_at::text, 'null') FROM device_alerts WHERE id = 4"));
            assertEquals(
                    "\"2025-10-03T12:00:01Z\"",
                    one(st, "SELECT value::text FROM crm_sync_state WHERE key = 'last_sync'"));
            assertEquals("42", one(st, "SELECT value::text FROM crm_sync_state WHERE key = 'count'"));
            assertEquals(
                    "1234.57|0.10|[]|null|0.12",
                    one(
                            st,
                            "SELECT (SELECT subtotal FROM crm_quotations WHERE id = 'q1') || '|' || subtotal || '|' || comments::text || '|' || coalesce(client_snapshot::text, 'null') || '|' || total FROM crm_quotations WHERE id = 'q2'"));
            assertEquals(
                    "2.500|35.50|hours",
                    one(
                            st,
                            "SELECT quantity || '|' || unit_cost || '|' || unit_type FROM crm_quotation_items WHERE id = 11"));
            assertEquals("[]", one(st, "SELECT tags::text FROM crm_media WHERE id = 'm2'"));
            assertEquals(
                    "line1\nline2\twith tab \\ backslash\r\nend|true|false|2025-10-03 10:00:01.123456+00",
                    one(
                            st,
                            "SELECT body || '|' || is_important || '|' || is_read || '|' || occurred_at FROM crm_comms_log WHERE id = 'c1'"));
            assertEquals(
                    "[]|[]|2025-10-03 00:00:00+00",
                    one(
                            st,
                            "SELECT to_addresses::text || '|' || attachments::text || '|' || occurred_at FROM crm_comms_log WHERE id = 'c3'"));
            assertEquals(
                    "{}|null|pending",
                    one(
                            st,
                            "SELECT params::text || '|' || coalesce(response::text, 'null') || '|' || status FROM commands WHERE id = 101"));
            assertEquals(
                    "{}|2025-10-03 12:00:01.123+00",
                    one(st, "SELECT payload::text || '|' || received_at FROM heartbeats WHERE id = 2"));
            assertEquals(
                    "2025-10-31 23:30:00.123456+00|device_logs_2025_10",
                    one(st, "SELECT received_at || '|' || tableoid::regclass FROM device_logs WHERE id = 3"));
            assertEquals(
                    "2025-09-01 00:00:00+00|2025-10-03 12:00:01.123+00|2024-12-31 23:59:59.999999+00",
                    one(
                            st,
                            "SELECT (SELECT received_at::text FROM device_logs WHERE id = 4) || '|' || (SELECT received_at::text FROM device_logs WHERE id = 5) || '|' || received_at FROM device_logs WHERE id = 6"));
            // the late quotations -> customers key is back, NOT VALID, after the load
            assertEquals(
                    "f",
                    one(st, "SELECT convalidated FROM pg_constraint WHERE conname = 'fk_crm_quotations_customer'"));
            // sequences are past the migrated ids: new rows never collide
            // (issue 17: bellsys's own rows start in the range V61 reserves above every legacy id)
            assertEquals("1000000000001", one(st, "SELECT nextval(pg_get_serial_sequence('mfg_audit_log', 'id'))"));
            assertEquals("1000000000001", one(st, "SELECT nextval(pg_get_serial_sequence('device_logs', 'id'))"));
            assertEquals("1000000000001", one(st, "SELECT nextval(pg_get_serial_sequence('heartbeats', 'id'))"));
            assertEquals("12", one(st, "SELECT count(*) FROM _migration_runs WHERE success"));
        }
    }

    @Test
    @Order(2)
    void aSecondRunIsANoOpThatSucceeds() throws Exception {
        long before = totalRows();
        List<String> out = new ArrayList<>();
        assertTrue(runner.runNow(registry.phase(1), MESSY, out::add, p -> {}), String.join("\n", out));
        assertEquals(before, totalRows());
        assertTrue(out.contains("device_logs: Source: 6 rows → Postgres: 6 rows ✓"), String.join("\n", out));
        try (Connection pg = TestDatabaseResource.connect(database);
                Statement st = pg.createStatement()) {
            assertEquals("24", one(st, "SELECT count(*) FROM _migration_runs WHERE success"));
        }
    }

    @Test
    @Order(3)
    void aPoisonedRowLeavesTheTableUntouchedAndIsLogged() throws Exception {
        Path file = Path.of("target", "legacy-poisoned.db");
        try (LegacyDb db = LegacyDb.create(file)) {
            String hcols = "id, device_serial, payload, received_at";
            db.insert("heartbeats", hcols, 40L, "BS-040", "{}", "2025-10-03 12:00:01");
            db.insert("heartbeats", hcols, 41L, "BS-041", "{}", "2025-10-03 12:00:01");
            db.insert("heartbeats", hcols, 42L, "BS-042", "{}", "the day before yesterday");
            db.insert("heartbeats", hcols, 43L, "BS-043", "{}", "2025-10-03 12:00:01");
        }
        long before = count("heartbeats");
        List<String> out = new ArrayList<>();
        assertFalse(runner.runNow(List.of(registry.job("heartbeats").orElseThrow()), file, out::add, p -> {}));
        assertEquals(before, count("heartbeats"), "nothing of the poisoned load is left");
        try (Connection pg = TestDatabaseResource.connect(database);
                Statement st = pg.createStatement()) {
            assertEquals("0", one(st, "SELECT count(*) FROM heartbeats WHERE id BETWEEN 40 AND 43"));
            ResultSet rs = st.executeQuery("SELECT success, error, finished_at IS NOT NULL FROM _migration_runs "
                    + "WHERE script_name = 'heartbeats' ORDER BY id DESC LIMIT 1");
            assertTrue(rs.next());
            assertFalse(rs.getBoolean(1));
            String error = rs.getString(2);
            assertTrue(error.contains("heartbeats row id=42 column received_at"), error);
            assertTrue(error.contains("the day before yesterday"), error);
            assertTrue(rs.getBoolean(3));
        }
    }

    /**
     * The direct load of an empty device_logs drops its key and indexes, makes partitions as the
     * rows reach new months and pauses its COPY for each: a row refused after all of that leaves
     * the table as it was, with its key, indexes and partitions. (Runs first: device_logs empty.)
     */
    @Test
    @Order(0)
    void aPoisonedRowAfterNewMonthsLeavesDeviceLogsAsItWas() throws Exception {
        Path file = Path.of("target", "legacy-poisoned-logs.db");
        try (LegacyDb db = LegacyDb.create(file)) {
            String lcols = "id, device_serial, level, message, device_timestamp, received_at";
            db.insert("device_logs", lcols, 1L, "BS-001", "INFO", "march", null, "2021-03-10 10:00:00");
            db.insert("device_logs", lcols, 2L, "BS-001", "INFO", "january", null, "2021-01-10 10:00:00");
            db.insert("device_logs", lcols, 3L, "BS-001", "INFO", "may", null, "2021-05-10 10:00:00");
            db.insert("device_logs", lcols, 4L, "BS-001", "INFO", "poisoned", null, "not a time");
        }
        String indexes = "SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes "
                + "WHERE tablename = 'device_logs'";
        String partitions = "SELECT count(*) FROM pg_inherits WHERE inhparent = 'device_logs'::regclass";
        String before;
        String partitionsBefore;
        try (Connection pg = TestDatabaseResource.connect(database);
                Statement st = pg.createStatement()) {
            assertEquals("0", one(st, "SELECT count(*) FROM device_logs"));
            before = one(st, indexes);
            partitionsBefore = one(st, partitions);
        }
        List<String> out = new ArrayList<>();
        assertFalse(runner.runNow(List.of(registry.job("device_logs").orElseThrow()), file, out::add, p -> {}));
        assertTrue(
                out.stream()
                        .anyMatch(l -> l.contains("device_logs row id=4, received_at=not a time column received_at")),
                String.join("\n", out));
        try (Connection pg = TestDatabaseResource.connect(database);
                Statement st = pg.createStatement()) {
            assertEquals("0", one(st, "SELECT count(*) FROM device_logs"));
            assertEquals(before, one(st, indexes));
            assertTrue(before.contains("device_logs_pkey"), before);
            assertEquals(
                    "PRIMARY KEY (id, received_at)",
                    one(st, "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'device_logs_pkey'"));
            assertEquals(partitionsBefore, one(st, partitions));
            assertNone(one(st, "SELECT to_regclass('device_logs_2021_03')"));
        }
    }

    @Test
    @Order(4)
    void aMissingRequiredColumnIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path file = Path.of("target", "legacy-missing-column.db");
        try (LegacyDb db = LegacyDb.create(file)) {
            db.exec("DROP TABLE commands");
            db.exec(
                    "CREATE TABLE commands (id INTEGER PRIMARY KEY, device_serial TEXT, params TEXT, status TEXT, created_at TEXT)");
            db.insert(
                    "commands",
                    "id, device_serial, params, status, created_at",
                    500L,
                    "BS-1",
                    "{}",
                    "sent",
                    "2025-10-03");
        }
        List<String> out = new ArrayList<>();
        assertFalse(runner.runNow(List.of(registry.job("commands").orElseThrow()), file, out::add, p -> {}));
        assertTrue(
                out.stream().anyMatch(l -> l.contains("lacks required column(s) command_name")),
                String.join("\n", out));
        assertEquals(0, countWhere("commands", "id = 500"));
    }

    @Test
    @Order(5)
    void aMissingFileFailsCleanly() {
        List<String> out = new ArrayList<>();
        assertFalse(runner.runNow(
                List.of(registry.job("crm_media").orElseThrow()), Path.of("target", "no-such.db"), out::add, p -> {}));
        assertTrue(out.stream().anyMatch(l -> l.contains("legacy SQLite file not found")), String.join("\n", out));
        assertFalse(Files.exists(Path.of("target", "no-such.db")), "a read-only open never creates the file");
    }

    private long totalRows() throws Exception {
        long sum = 0;
        for (MigrationJob j : registry.phase(1)) {
            sum += count(j.name());
        }
        return sum;
    }

    private long count(String table) throws Exception {
        return countWhere(table, "true");
    }

    private long countWhere(String table, String where) throws Exception {
        try (Connection pg = TestDatabaseResource.connect(database);
                Statement st = pg.createStatement()) {
            return Long.parseLong(one(st, "SELECT count(*) FROM " + table + " WHERE " + where));
        }
    }

    private static String one(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            String v = rs.getString(1);
            assertFalse(rs.next(), sql);
            return v;
        }
    }

    private static byte[] sha256(Path file) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
    }

    static void assertNone(Object o) {
        assertNull(o);
    }
}
