package com.bellsystems.migration.firestore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bellsystems.common.testing.FirestoreEmulatorResource;
import com.bellsystems.common.testing.TestDatabaseResource;
import com.bellsystems.firestore.FirestoreProvider;
import com.bellsystems.migration.LegacyDb;
import com.bellsystems.migration.engine.JobRegistry;
import com.bellsystems.migration.engine.MigrationJob;
import com.bellsystems.migration.engine.MigrationRunner;
import com.bellsystems.migration.verify.VerificationReport;
import com.bellsystems.migration.verify.VerificationService;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Phase 2 and the staff job end to end: the real firebase-admin client reads Google's Firestore
 * emulator, real Postgres receives the rows. Orders before customers is refused; a full
 * run is compared field by field (by hand for the conversions, and by the verifier for every
 * document); a second run is a no-op; poisoned documents roll their job back and are logged;
 * Firestore receives no write at all (every document keeps its update time).
 */
@QuarkusTest
@WithTestResource(TestDatabaseResource.class)
@WithTestResource(FirestoreEmulatorResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FirestoreMigrationTest {

    static final String[] TABLES = {
        "console_settings",
        "public_features",
        "crm_products",
        "crm_customers",
        "crm_orders",
        "firmware_versions",
        "staff"
    };
    private static boolean seeded;
    /** The test's own client (the service's is FirestoreSource's), for seeding and for checking. */
    private static FirestoreProvider seeder;
    /** Update time of every document, as the test left them: any write by the jobs would change it. */
    private static final Map<String, Timestamp> written = new TreeMap<>();

    @Inject
    MigrationRunner runner;

    @Inject
    JobRegistry registry;

    @Inject
    VerificationService verification;

    @Inject
    ObjectMapper json;

    /** The service's provider: its client is built on the first Firestore call of a job. */
    @Inject
    FirestoreProvider provider;

    @ConfigProperty(name = "bellsys.test.database")
    String database;

    final List<String> out = new ArrayList<>();

    @BeforeEach
    void seedOnce() throws Exception {
        if (!seeded) {
            seeder = FirestoreProvider.forEmulator(
                    FirestoreEmulatorResource.projectId(),
                    FirestoreEmulatorResource.emulator().hostPort());
            written.clear();
            FirestoreSeed.seed(db(), FirestoreMigrationTest::put);
            seeded = true;
        }
        out.clear();
    }

    /**
     * The path is read-only: the documents are exactly those the test wrote, each with the update
     * time of the test's own write (Firestore gives every write, even of equal data, a new one).
     */
    @AfterEach
    void firestoreNeverWritten() throws Exception {
        assertEquals(written, updateTimes(), "Firestore documents changed by the jobs");
    }

    @AfterAll
    static void closeSeeder() {
        if (seeder != null) {
            seeder.close();
        }
    }

    static Firestore db() {
        return seeder.firestore();
    }

    /** Seeds (or replaces) a document with the test's own client and remembers its update time. */
    static void put(String path, Map<String, Object> data) throws Exception {
        written.put(
                path, db().document(path).set(data).get(60, TimeUnit.SECONDS).getUpdateTime());
    }

    static void delete(String path) throws Exception {
        db().document(path).delete().get(60, TimeUnit.SECONDS);
        written.remove(path);
    }

    /** Path to update time of every document of the run's project, subcollections included. */
    static Map<String, Timestamp> updateTimes() throws Exception {
        Map<String, Timestamp> out = new TreeMap<>();
        for (CollectionReference c : db().listCollections()) {
            collect(c, out);
        }
        return out;
    }

    private static void collect(CollectionReference collection, Map<String, Timestamp> out) throws Exception {
        for (DocumentReference ref : collection.listDocuments()) {
            DocumentSnapshot doc = ref.get().get(60, TimeUnit.SECONDS);
            if (doc.exists()) {
                out.put(ref.getPath(), doc.getUpdateTime());
            }
            for (CollectionReference sub : ref.listCollections()) {
                collect(sub, out);
            }
        }
    }

    boolean run(String... jobs) {
        List<MigrationJob> list = new ArrayList<>();
        for (String j : jobs) {
            list.add(registry.job(j).orElseThrow());
        }
        return runner.runNow(
                list,
                runner.sqlitePath(),
                line -> {
                    synchronized (out) {
                        out.add(line);
                    }
                },
                p -> {});
    }

    @Test
    @Order(1)
    void jobsAreRegisteredInTheSpecsOrder() {
        assertEquals(
                List.of(
                        "settings",
                        "public_features",
                        "crm_products",
                        "crm_customers",
                        "crm_orders",
                        "firmware_versions"),
                registry.phase(2).stream().map(MigrationJob::name).toList());
        assertEquals(
                List.of("staff"),
                registry.phase(3).stream().map(MigrationJob::name).toList());
        assertEquals("2.5", registry.job("crm_orders").orElseThrow().step());
    }

    @Test
    @Order(2)
    void ordersBeforeCustomersIsRefusedWithAClearMessage() throws Exception {
        assertFalse(run("crm_orders"));
        Map<String, Object> last = lastRun("crm_orders");
        assertEquals(false, last.get("success"));
        String error = (String) last.get("error");
        assertTrue(error.contains("run crm_customers (step 2.4) before crm_orders (step 2.5)"), error);
        assertEquals(0, count("crm_orders"));
        // refused before Firestore was asked anything: the service has not even built its client
        assertFalse(provider.isStarted(), "the service's Firestore client was built");
    }

    @Test
    @Order(3)
    void fullPhase2AndStaffRunMatchesFirestoreFieldByField() throws Exception {
        // a Phase 1 quotation whose customer arrives now: loaded as Phase 1 does (key dropped, re-added NOT VALID)
        exec(
                "ALTER TABLE crm_quotations DROP CONSTRAINT fk_crm_quotations_customer",
                "INSERT INTO crm_quotations (id, quotation_number, customer_id) VALUES ('q-c1', 'Q-1', 'c1')",
                "ALTER TABLE crm_quotations ADD CONSTRAINT fk_crm_quotations_customer FOREIGN KEY (customer_id) "
                        + "REFERENCES crm_customers (id) ON DELETE SET NULL NOT VALID");
        assertFalse(fkValidated());

        assertTrue(runner.runNow(registry.phase(2), runner.sqlitePath(), out::add, p -> {}), String.join("\n", out));
        assertTrue(runner.runNow(registry.phase(3), runner.sqlitePath(), out::add, p -> {}), String.join("\n", out));
        String log = String.join("\n", out);
        assertTrue(log.contains("crm_customers: Source: 3 rows → Postgres: 3 rows ✓"), log);
        assertTrue(log.contains("crm_orders: Source: 3 rows → Postgres: 3 rows ✓"), log);
        assertTrue(log.contains("staff: Source: 3 rows → Postgres: 3 rows ✓"), log);
        assertTrue(log.contains("skipped 1 'orders' document(s) not under crm_customers, e.g. orders/x1"), log);
        assertTrue(log.contains("unknown_extra (1 documents)"), log);
        assertFalse(log.contains("negotiating"), log);
        assertTrue(fkValidated(), "the quotations key is validated after crm_customers");
        for (String t : TABLES) {
            Map<String, Object> r = lastRun(t.equals("console_settings") ? "settings" : t);
            assertEquals(true, r.get("success"), t);
            assertEquals(r.get("source_rows"), r.get("dest_rows"), t);
        }

        // every document, every field, through the verifier
        for (int phase : new int[] {2, 3}) {
            VerificationReport report = verification.verifyPhase(phase, runner.sqlitePath(), -1);
            assertTrue(report.ok(), report.text());
        }
        VerificationReport sampled = verification.verifyPhase(2, runner.sqlitePath(), 2);
        assertTrue(sampled.ok(), sampled.text());

        // and the conversions, written out by hand
        String logoB64 = Base64.getEncoder().encodeToString(FirestoreSeed.BYTES);
        Map<String, JsonNode> settings = jsonColumn("SELECT key, value::text FROM console_settings");
        assertEquals(8, settings.size());
        assertEquals("Bell Systems Ε.Π.Ε.", settings.get("company_name").asText());
        assertEquals(587, settings.get("smtp").get("port").asInt());
        assertEquals("noreply", settings.get("smtp").get("auth").get("user").asText());
        assertEquals(
                "2025-10-03T12:00:01.123456Z", settings.get("holidays").get(0).asText());
        assertEquals("2024-02-29T00:00:00Z", settings.get("holidays").get(1).asText());
        assertEquals(logoB64, settings.get("logo").asText());
        assertEquals(json.readTree("{\"lat\":37.9838,\"lng\":23.7275}"), settings.get("hq"));
        assertEquals("u1", settings.get("default_owner").asText());
        assertTrue(settings.get("nothing").isNull());

        assertEquals(
                List.of(
                        "beta|false|{\"max\": 3}",
                        "booking|true|{\"slots\": 4, \"until\": \"2024-02-29T00:00:00Z\"}",
                        "legacy|false|{\"note\": \"x\"}",
                        "shop|true|{}"),
                strings(
                        "SELECT feature || '|' || enabled || '|' || config::text FROM public_features ORDER BY feature"));

        assertEquals(
                List.of(
                        "p1|p1|Καμπάνα 50kg|BELL-50|1234.50|EUR|pcs|13.00|7|false|2024-02-29 00:00:00+00|2025-10-03 12:00:01.123456+00",
                        "p2|p2|Minimal||0.00|EUR|pcs|24.00|0|true",
                        "p3|p3|Numbers as text|1234|12.50|EUR|pcs|24.00|3|true|2025-10-03 12:00:01+00|2025-10-03 12:00:01+00"),
                strings(
                        "SELECT concat_ws('|', id, firestore_id, name, coalesce(sku, ''), price, currency, unit_type, vat_percent, "
                                + "stock_on_hand, active::text, CASE WHEN id <> 'p2' THEN created_at::text END, "
                                + "CASE WHEN id <> 'p2' THEN updated_at::text END) FROM crm_products ORDER BY id"));
        assertEquals(
                List.of("Χυτή\tκαμπάνα\nγραμμή 2 \\ end"),
                strings("SELECT description FROM crm_products WHERE id = 'p1'"));
        // a missing now()-default column takes the job's transaction time
        assertEquals(1, count("crm_products WHERE id = 'p2' AND created_at > now() - interval '1 hour'"));

        try (Connection c = TestDatabaseResource.connect(database);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT id, firestore_id, title, name, language, folder_id, relationship_status, "
                                + "contacts::text, notes::text, location::text, tags, owned_items::text, linked_user_ids, "
                                + "technical_issues::text, install_support::text, transaction_history::text, crm_summary::text, "
                                + "created_at, updated_at, (row_to_json(c)::jsonb - 'firestore_extra')::text, "
                                + "firestore_extra::text FROM crm_customers c WHERE id = 'c1'")) {
            assertTrue(rs.next());
            assertEquals("c1", rs.getString(1));
            assertEquals("c1", rs.getString(2));
            assertEquals("Fr.", rs.getString(3));
            assertEquals("Γιώργος", rs.getString(4));
            assertEquals("en", rs.getString(5));
            assertEquals("F-0001", rs.getString(6));
            assertEquals("active", rs.getString(7));
            assertEquals(
                    json.readTree("[{\"type\":\"email\",\"value\":\"g@example.gr\",\"primary\":true},"
                            + "{\"type\":\"phone\",\"value\":\"+30 210 000\",\"primary\":false}]"),
                    json.readTree(rs.getString(8)));
            assertEquals(
                    json.readTree(
                            "[{\"text\":\"first\\nvisit\",\"at\":\"2025-10-03T12:00:01.123456Z\",\"by\":\"u1\"}]"),
                    json.readTree(rs.getString(9)));
            assertEquals(json.readTree("{\"lat\":37.98,\"lng\":23.72}"), json.readTree(rs.getString(10)));
            assertArrayEquals(new String[] {"vip", "καμπάνες", "with \"quote\", comma {brace} \\ slash"}, (String[])
                    rs.getArray(11).getArray());
            assertEquals(
                    json.readTree("[{\"serial\":\"BS-1\",\"photo\":\"" + logoB64
                            + "\",\"installed\":\"2024-02-29T00:00:00Z\","
                            + "\"nested\":{\"deep\":{\"list\":[1,2.5,null,true]}}},{\"serial\":\"BS-2\"}]"),
                    json.readTree(rs.getString(12)));
            assertArrayEquals(new String[] {"app-u1", "app-u2"}, (String[])
                    rs.getArray(13).getArray());
            assertEquals("[]", rs.getString(14));
            assertEquals(
                    json.readTree("[{\"when\":\"2024-02-29T00:00:00Z\",\"where\":{\"lat\":1.5,\"lng\":2.5}}]"),
                    json.readTree(rs.getString(15)));
            assertEquals(
                    json.readTree("[{\"amount\":10.25,\"at\":\"2025-10-03T12:00:01.123456Z\"}]"),
                    json.readTree(rs.getString(16)));
            assertEquals(
                    json.readTree("{\"null\":null,\"bool\":true,\"int\":9007199254740993,\"double\":2.5,"
                            + "\"string\":\"Αθήνα 🔔\",\"time\":\"2025-10-03T12:00:01.123456Z\",\"geo\":{\"lat\":-33.5,\"lng\":151.25},"
                            + "\"bytes\":\"" + logoB64
                            + "\",\"ref\":\"p1\",\"list\":[1,\"two\",{\"inner\":[3.5,{\"deep\":\"2024-02-29T00:00:00Z\"}]},null],"
                            + "\"map\":{\"a\":{\"b\":{\"c\":\"u2\"}}}}"),
                    json.readTree(rs.getString(17)));
            assertEquals(
                    OffsetDateTime.of(2024, 2, 29, 0, 0, 0, 0, ZoneOffset.UTC),
                    rs.getObject(18, OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC));
            assertEquals(
                    OffsetDateTime.of(2025, 10, 3, 10, 0, 1, 123_456_000, ZoneOffset.UTC),
                    rs.getObject(19, OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC));
            // no column for the legacy and unknown fields; firestore_extra keeps them with their types
            String row = rs.getString(20);
            assertFalse(
                    row.contains("negotiating") || row.contains("has_problem") || row.contains("unknown_extra"), row);
            JsonNode extra = json.readTree(rs.getString(21));
            assertEquals(json.readTree("{\"booleanValue\": true}"), extra.get("negotiating"));
            assertEquals(json.readTree("{\"booleanValue\": false}"), extra.get("has_problem"));
            assertEquals(json.readTree("{\"stringValue\": \"dropped with a warning\"}"), extra.get("unknown_extra"));
            // a value its column holds only in another form keeps its Firestore type there too
            assertEquals(
                    json.readTree("{\"geoPointValue\": {\"latitude\": 37.98, \"longitude\": 23.72}}"),
                    extra.get("location"));
        }
        // missing fields took the schema's defaults
        assertEquals(
                List.of("c2|el|lead|[]|[]|{}|[]|{}|[]|[]|[]|"),
                strings(
                        "SELECT concat_ws('|', id, language, "
                                + "relationship_status, contacts, notes, tags, owned_items, linked_user_ids, technical_issues, install_support, "
                                + "transaction_history, coalesce(location::text, '') || coalesce(crm_summary::text, '')) FROM crm_customers WHERE id = 'c2'"));

        assertEquals(
                List.of(
                        "o1a|c1|ORD-1|paid|2025-10-03 12:00:01.123456+00|21.00|19.95|USD|tab\there",
                        "o1b|c1|ORD-2|negotiating||0.00|0.00|EUR|",
                        "o3a|c3|ORD-3|negotiating||0.00|0.00|EUR|"),
                strings(
                        "SELECT concat_ws('|', id, customer_id, order_number, status, coalesce(status_updated_date::text, ''), "
                                + "subtotal, total_price, currency, coalesce(notes, '')) FROM crm_orders ORDER BY id"));
        assertEquals(
                json.readTree("[{\"product\":\"p1\",\"qty\":2,\"price\":10.5}]"),
                json.readTree(strings("SELECT items::text FROM crm_orders WHERE id = 'o1a'")
                        .get(0)));
        assertEquals(
                json.readTree(
                        "{\"address\":{\"street\":\"Οδός 1\",\"city\":\"Αθήνα\"},\"geo\":{\"lat\":37.1,\"lng\":23.2}}"),
                json.readTree(strings("SELECT shipping::text FROM crm_orders WHERE id = 'o1a'")
                        .get(0)));
        assertEquals(
                List.of("[]|{}|[]|"),
                strings(
                        "SELECT concat_ws('|', items, payment_status, timeline, "
                                + "coalesce(discount::text, '') || coalesce(shipping::text, '')) FROM crm_orders WHERE id = 'o1b'"));

        assertEquals(
                List.of(
                        "fw1|bell-ctl|beta|1.2.3|5000000000|true|2025-10-03 12:00:01.123456+00",
                        "fw2|bell-ctl|stable|1.0.0||false|"),
                strings(
                        "SELECT concat_ws('|', id, hw_type, channel, version, coalesce(size_bytes::text, ''), mandatory::text, "
                                + "coalesce(uploaded_at::text, '')) FROM firmware_versions ORDER BY id"));

        // staff: hashes byte for byte, null permissions stay null (role defaults), absent ones take '{}'
        assertEquals(
                List.of(
                        "u1|admin@bellsystems.gr|sysadmin|<null>|true",
                        "u2|maria@bellsystems.gr|staff|" + "{\"crm\": {\"edit\": false, \"view\": true}}|false",
                        "u3|nikos@bellsystems.gr|staff|{}|true"),
                strings(
                        "SELECT concat_ws('|', id, email, role, coalesce(permissions::text, '<null>'), is_active::text) FROM staff ORDER BY id"));
        Map<String, String> expectedHashes =
                Map.of("u1", FirestoreSeed.PY_2B_12, "u2", FirestoreSeed.PY_2A_10, "u3", FirestoreSeed.PY_2B_12);
        try (Connection c = TestDatabaseResource.connect(database);
                Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery("SELECT id, convert_to(hashed_password, 'UTF8') FROM staff ORDER BY id")) {
            int n = 0;
            while (rs.next()) {
                n++;
                assertArrayEquals(expectedHashes.get(rs.getString(1)).getBytes(StandardCharsets.UTF_8), rs.getBytes(2));
            }
            assertEquals(3, n);
        }
    }

    @Test
    @Order(4)
    void secondRunIsANoOp() throws Exception {
        Map<String, String> before = digests();
        assertTrue(runner.runNow(registry.phase(2), runner.sqlitePath(), out::add, p -> {}), String.join("\n", out));
        assertTrue(runner.runNow(registry.phase(3), runner.sqlitePath(), out::add, p -> {}), String.join("\n", out));
        assertEquals(before, digests());
        String log = String.join("\n", out);
        assertTrue(log.contains("crm_customers: 0 new row(s), 3 already present"), log);
        assertTrue(log.contains("crm_orders: 0 new row(s), 3 already present"), log);
        assertTrue(log.contains("staff: 0 new row(s), 3 already present"), log);
    }

    /**
     * A staff row bellsys made itself before Phase 3 (the seed admin: no firestore_id, never in
     * Firestore) is no source row's copy: Phase 3 verification leaves it out of the row count and
     * says so. The same row claiming a Firestore origin (firestore_id set) without a document fails.
     */
    @Test
    @Order(4)
    void aRowMadeInBellsysAndNeverInFirestoreDoesNotFailVerification() throws Exception {
        exec("INSERT INTO staff (id, email, name, role, hashed_password) "
                + "VALUES ('seed-admin-1', 'seed@bellsys.local', 'Seed Admin', 'sysadmin', '$2b$12$x')");
        try {
            VerificationReport report = verification.verifyPhase(3, runner.sqlitePath(), -1);
            assertTrue(report.ok(), report.text());
            assertTrue(report.text().contains("(1 of them made in bellsys and never in Firestore"), report.text());
            VerificationReport sampled = verification.verifyPhase(3, runner.sqlitePath(), 50);
            assertTrue(sampled.ok(), sampled.text());

            exec("UPDATE staff SET firestore_id = 'seed-admin-1' WHERE id = 'seed-admin-1'");
            VerificationReport claimed = verification.verifyPhase(3, runner.sqlitePath(), -1);
            assertFalse(claimed.ok(), claimed.text());
        } finally {
            exec("DELETE FROM staff WHERE id = 'seed-admin-1'");
        }
    }

    @Test
    @Order(5)
    void poisonedCustomerRollsTheJobBackAndIsLogged() throws Exception {
        put(
                "crm_customers/c4-good",
                FirestoreSeed.map(
                        "name",
                        "Good",
                        "folder_id",
                        "F-0004",
                        "created_at",
                        FirestoreSeed.T1,
                        "updated_at",
                        FirestoreSeed.T1));
        put(
                "crm_customers/c5-poison",
                FirestoreSeed.map(
                        "folder_id", "F-0005", "created_at", FirestoreSeed.T1, "updated_at", FirestoreSeed.T1));
        Map<String, String> before = digests();
        assertFalse(run("crm_customers"));
        String error = (String) lastRun("crm_customers").get("error");
        assertEquals(false, lastRun("crm_customers").get("success"));
        assertTrue(
                error.contains("document crm_customers/c5-poison field name: is missing and crm_customers.name "
                        + "requires a value"),
                error);
        assertEquals(before, digests(), "the good document before the poisoned one was rolled back too");

        // a value of the wrong type names the document and field the same way
        put(
                "crm_customers/c5-poison",
                FirestoreSeed.map(
                        "name",
                        "Now named",
                        "folder_id",
                        "F-0005",
                        "created_at",
                        FirestoreSeed.map("seconds", 1L),
                        "updated_at",
                        FirestoreSeed.T1));
        assertFalse(run("crm_customers"));
        error = (String) lastRun("crm_customers").get("error");
        assertTrue(
                error.contains("document crm_customers/c5-poison field created_at: expected a timestamp, found a map"),
                error);
        assertEquals(before, digests());

        delete("crm_customers/c5-poison");
        assertTrue(run("crm_customers"), String.join("\n", out));
        assertEquals(1, count("crm_customers WHERE id = 'c4-good'"));
    }

    @Test
    @Order(6)
    void orderWhoseCustomerDocumentIsMissingIsParkedAndTheOthersLoad() throws Exception {
        put(
                "crm_customers/ghost/orders/og1",
                FirestoreSeed.map(
                        "order_number", "ORD-G", "created_at", FirestoreSeed.T1, "updated_at", FirestoreSeed.T1));
        put(
                "crm_customers/c2/orders/o2a",
                FirestoreSeed.map(
                        "order_number", "ORD-4", "created_at", FirestoreSeed.T1, "updated_at", FirestoreSeed.T1));
        assertTrue(run("crm_orders"), String.join("\n", out));
        String log = String.join("\n", out);
        assertTrue(log.contains("crm_orders: 1 new row(s), 3 already present"), log);
        assertTrue(
                log.contains("parked crm_customers/ghost/orders/og1 in _migration_parked: the customer document "
                        + "crm_customers/ghost is missing"),
                log);
        assertEquals(0, count("crm_orders WHERE id = 'og1'"));
        assertEquals(
                List.of("crm_orders|orders|og1|crm_customers/ghost/orders/og1|ORD-G"),
                strings("SELECT concat_ws('|', job, collection, document_id, path, "
                        + "document->'order_number'->>'stringValue') FROM _migration_parked"));
        assertTrue(verification.verifyJob("crm_orders", runner.sqlitePath(), -1).ok());
        // once the order is gone from Firestore, the next run leaves nothing parked
        delete("crm_customers/ghost/orders/og1");
        assertTrue(run("crm_orders"), String.join("\n", out));
        assertEquals(0, count("_migration_parked"));
        delete("crm_customers/c2/orders/o2a");
        exec("DELETE FROM crm_orders WHERE id = 'o2a'");
    }

    @Test
    @Order(7)
    void quotationWithAMissingCustomerFailsTheCustomersJobNamed() throws Exception {
        exec(
                "ALTER TABLE crm_quotations DROP CONSTRAINT fk_crm_quotations_customer",
                "INSERT INTO crm_quotations (id, quotation_number, customer_id) VALUES ('q-orphan', 'Q-9', 'nobody')",
                "ALTER TABLE crm_quotations ADD CONSTRAINT fk_crm_quotations_customer FOREIGN KEY (customer_id) "
                        + "REFERENCES crm_customers (id) ON DELETE SET NULL NOT VALID");
        assertFalse(run("crm_customers"));
        String error = (String) lastRun("crm_customers").get("error");
        assertTrue(error.contains("quotation q-orphan (customer_id nobody)"), error);
        assertFalse(fkValidated(), "the VALIDATE was rolled back with the job");
        exec("DELETE FROM crm_quotations WHERE id = 'q-orphan'");
        assertTrue(run("crm_customers"), String.join("\n", out));
        assertTrue(fkValidated());
    }

    @Test
    @Order(8)
    void duplicateUniqueValueFailsTheCountCheckNamingTheDocument() throws Exception {
        put("crm_products/p9-dup", FirestoreSeed.map("name", "Same SKU", "sku", "BELL-50"));
        assertFalse(run("crm_products"));
        String error = (String) lastRun("crm_products").get("error");
        assertTrue(
                error.contains("Source: 4 rows → Postgres: 3 rows ✗") && error.contains("crm_products/p9-dup"), error);
        assertEquals(0, count("crm_products WHERE id = 'p9-dup'"));
        delete("crm_products/p9-dup");
    }

    /**
     * Two orders with one id under two customers (a collection group allows it): pages move into
     * crm_orders one by one, where the second is skipped by ON CONFLICT, so the duplicate check of
     * the staged rows must fail the job before commit, naming both documents. With pages of one
     * document the two are in different pages; with the default pages, in one.
     */
    @Test
    @Order(9)
    void ordersSharingAnIdAcrossPagesFailTheJobNamingBoth() throws Exception {
        put(
                "crm_customers/c1/orders/o-twin",
                FirestoreSeed.map(
                        "order_number", "ORD-T1", "created_at", FirestoreSeed.T1, "updated_at", FirestoreSeed.T1));
        put(
                "crm_customers/c2/orders/o-twin",
                FirestoreSeed.map(
                        "order_number", "ORD-T2", "created_at", FirestoreSeed.T1, "updated_at", FirestoreSeed.T1));
        Map<String, String> before = digests();
        for (String pageSize : List.of("1", "500")) {
            System.setProperty("bellsys.migration.firestore.page-size", pageSize);
            try {
                assertEquals(Integer.parseInt(pageSize), FirestoreSource.pageSize());
                assertFalse(run("crm_orders"));
            } finally {
                System.clearProperty("bellsys.migration.firestore.page-size");
            }
            String error = (String) lastRun("crm_orders").get("error");
            assertTrue(
                    error.contains("crm_orders: several documents share the key id: o-twin "
                            + "(crm_customers/c1/orders/o-twin, crm_customers/c2/orders/o-twin)"),
                    "pages of " + pageSize + ": " + error);
            assertEquals(before, digests(), "pages of " + pageSize + ": nothing stays written");
        }
        delete("crm_customers/c1/orders/o-twin");
        delete("crm_customers/c2/orders/o-twin");
        assertTrue(run("crm_orders"), String.join("\n", out));
        assertEquals(0, count("crm_orders WHERE id = 'o-twin'"));
    }

    // ------------------------------------------------------------------ helpers

    private void exec(String... sql) throws Exception {
        try (Connection c = TestDatabaseResource.connect(database);
                Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    private boolean fkValidated() throws Exception {
        return strings("SELECT convalidated::text FROM pg_constraint WHERE conname = 'fk_crm_quotations_customer'")
                .equals(List.of("true"));
    }

    private long count(String fromWhere) throws Exception {
        return Long.parseLong(strings("SELECT count(*) FROM " + fromWhere).get(0));
    }

    private List<String> strings(String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = TestDatabaseResource.connect(database);
                Statement st = c.createStatement()) {
            st.execute("SET TIME ZONE 'UTC'");
            ResultSet rs = st.executeQuery(sql);
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private Map<String, JsonNode> jsonColumn(String sql) throws Exception {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        try (Connection c = TestDatabaseResource.connect(database);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.put(rs.getString(1), json.readTree(rs.getString(2)));
            }
        }
        return out;
    }

    private Map<String, Object> lastRun(String job) throws Exception {
        try (Connection c = TestDatabaseResource.connect(database);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT success, error, source_rows, dest_rows FROM _migration_runs WHERE script_name = '" + job
                                + "' ORDER BY id DESC LIMIT 1")) {
            assertTrue(rs.next(), "no run of " + job);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("success", rs.getObject(1));
            m.put("error", rs.getString(2));
            m.put("source_rows", rs.getObject(3));
            m.put("dest_rows", rs.getObject(4));
            return m;
        }
    }

    /** A digest of every row of every target table, to prove nothing changed. */
    private Map<String, String> digests() throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        for (String t : TABLES) {
            String all = String.join("\n", strings("SELECT t::text FROM " + t + " t ORDER BY 1"));
            out.put(
                    t,
                    HexFormat.of()
                            .formatHex(
                                    MessageDigest.getInstance("SHA-256").digest(all.getBytes(StandardCharsets.UTF_8))));
        }
        return out;
    }

    private static boolean phaseOneRan;

    /**
     * The plan runs Phase 2 after Phase 1 (engine/Prerequisites): Phase 1 runs once first, on a
     * legacy file with the schema and no rows, so that it succeeds without adding rows here.
     */
    @BeforeEach
    void phaseOneRanFirst() throws Exception {
        if (!phaseOneRan) {
            Path empty = Files.createTempFile("legacy-empty", ".db");
            Files.delete(empty);
            LegacyDb.create(empty).close();
            assertTrue(runner.runNow(registry.phase(1), empty, out::add, p -> {}), String.join("\n", out));
            phaseOneRan = true;
            out.clear();
        }
    }
}
