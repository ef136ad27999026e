package com.bellsystems.migration.firestore;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bellsystems.common.testing.FirestoreEmulatorResource;
import com.bellsystems.common.testing.TestDatabaseResource;
import com.bellsystems.common.testing.TestTokens;
import com.bellsystems.firestore.FirestoreProvider;
import com.bellsystems.migration.LegacyDb;
import com.bellsystems.migration.cli.MigrationCli;
import com.bellsystems.migration.engine.JobRegistry;
import com.bellsystems.migration.engine.MigrationJob;
import com.bellsystems.migration.engine.MigrationRunner;
import com.bellsystems.migration.verify.VerificationReport;
import com.bellsystems.migration.verify.VerificationService;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.Blob;
import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.GeoPoint;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
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
 * Issue 18, "nothing dropped on the way in", against Google's Firestore emulator (real
 * firebase-admin) and real Postgres: an adversarial data set (fields without a column, extra keys
 * of a public feature, sub-cent money, text in number fields, settings documents nobody
 * configured, an orphan order, an unknown role and unknown permissions) goes through Phases 2 and
 * 3; nothing is lost (firestore_extra keeps every field with its Firestore type), each case is in
 * the run report read through the admin API, the orphan is parked while the phase goes on, and
 * verification per phase compares whole documents. The document paths are configuration (this
 * test moves them to {@code config/...}); a missing document or an empty collection fails its job
 * unless allowed.
 */
@QuarkusTest
@TestProfile(NothingDroppedTest.Paths.class)
@WithTestResource(TestDatabaseResource.class)
@WithTestResource(FirestoreEmulatorResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NothingDroppedTest {

    /** The settings documents somewhere else than the defaults, and an empty collection allowed. */
    public static class Paths implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "bellsys.migration.firestore.settings-document", "config/console",
                    "bellsys.migration.firestore.public-features-document", "config/features",
                    "bellsys.migration.firestore.allow-empty", "firmware_versions");
        }
    }

    /** 2025-10-03T12:00:01.123456Z (Firestore keeps microseconds, as Postgres does). */
    static final Timestamp NANOS = Timestamp.ofTimeSecondsAndNanos(1_759_492_801L, 123_456_000);

    static final byte[] BYTES = {0, 1, (byte) 0xfe, (byte) 0xff};

    private static FirestoreProvider seeder;
    private static boolean phaseOneRan;
    private static final Map<String, Timestamp> written = new TreeMap<>();

    @Inject
    MigrationRunner runner;

    @Inject
    JobRegistry registry;

    @Inject
    VerificationService verification;

    @Inject
    MigrationCli cli;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "bellsys.test.database")
    String database;

    final List<String> out = new ArrayList<>();

    @BeforeEach
    void phaseOneFirst() throws Exception {
        if (seeder == null) {
            seeder = FirestoreProvider.forEmulator(
                    FirestoreEmulatorResource.projectId(),
                    FirestoreEmulatorResource.emulator().hostPort());
        }
        if (!phaseOneRan) {
            Path empty = Files.createTempFile("legacy-empty", ".db");
            Files.delete(empty);
            LegacyDb.create(empty).close();
            assertTrue(runner.runNow(registry.phase(1), empty, out::add, p -> {}), String.join("\n", out));
            phaseOneRan = true;
        }
        out.clear();
    }

    /** Read-only on Firestore: every document keeps the update time of the test's own write. */
    @AfterEach
    void firestoreNeverWritten() throws Exception {
        Map<String, Timestamp> now = new TreeMap<>();
        for (CollectionReference c : db().listCollections()) {
            collect(c, now);
        }
        assertEquals(written, now, "Firestore documents changed by the jobs");
    }

    @AfterAll
    static void closeSeeder() {
        if (seeder != null) {
            seeder.close();
        }
    }

    @Test
    @Order(1)
    void aMissingSettingsDocumentOrAnEmptyCollectionFailsItsJob() throws Exception {
        assertFalse(run("settings"));
        String error = lastRun("settings").get("error");
        assertTrue(
                error.contains("the Firestore document config/console does not exist (configured by "
                        + "bellsys.migration.firestore.settings-document); nothing was written"),
                error);
        assertFalse(run("public_features"));
        assertTrue(lastRun("public_features").get("error").contains("config/features does not exist"));
        assertFalse(run("crm_products"));
        error = lastRun("crm_products").get("error");
        assertTrue(
                error.contains("the Firestore collection 'crm_products' is empty or does not exist")
                        && error.contains("bellsys.migration.firestore.allow-empty=crm_products"),
                error);
        assertEquals("0", one("SELECT count(*) FROM console_settings"));
        // allowed empty by the operator: succeeds with nothing
        assertTrue(run("firmware_versions"), String.join("\n", out));
        assertEquals("0", lastRun("firmware_versions").get("dest_rows"));
    }

    @Test
    @Order(2)
    void phasesTwoAndThreeLoseNothingAndReportEveryCase() throws Exception {
        seed();
        assertTrue(runner.runNow(registry.phase(2), runner.sqlitePath(), out::add, p -> {}), String.join("\n", out));
        assertTrue(runner.runNow(registry.phase(3), runner.sqlitePath(), out::add, p -> {}), String.join("\n", out));
        String log = String.join("\n", out);

        // ---- fields without a column, with their Firestore types
        JsonNode c1 = extra("crm_customers", "c1");
        JsonNode custom = c1.at("/custom_fields/mapValue/fields");
        assertEquals(
                "2025-10-03T12:00:01.123456Z",
                custom.at("/since/timestampValue").asText());
        assertEquals(37.98, custom.at("/site/geoPointValue/latitude").asDouble());
        assertEquals("admin_users/u1", custom.at("/owner/referenceValue").asText());
        assertEquals(
                Base64.getEncoder().encodeToString(BYTES),
                custom.at("/blob/bytesValue").asText());
        assertEquals("9007199254740993", custom.at("/big/integerValue").asText());
        assertEquals(2.0, custom.at("/ratio/doubleValue").asDouble());
        assertEquals(
                "x",
                custom.at("/nested/arrayValue/values/1/mapValue/fields/k/stringValue")
                        .asText());
        assertEquals("crm_customers/c0", c1.at("/legacy_ref/referenceValue").asText());
        // a timestamp in a time column is held exactly there: not duplicated
        assertNull(c1.get("created_at"), c1.toString());
        assertEquals(
                "2025-10-03 12:00:01.123456+00", one("SELECT created_at::text FROM crm_customers WHERE id = 'c1'"));

        JsonNode p1 = extra("crm_products", "p1");
        assertEquals("Χαλκουργία Α.Ε.", p1.at("/supplier/stringValue").asText());
        assertEquals(50.5, p1.at("/weight_kg/doubleValue").asDouble());
        assertEquals(
                "firestore_extra",
                strings("SELECT column_name FROM information_schema.columns WHERE table_name = "
                                + "'crm_products' AND column_name = 'firestore_extra' AND data_type = 'jsonb'")
                        .get(0));
        JsonNode o1 = extra("crm_orders", "o1");
        assertEquals("admin_users/u1", o1.at("/assigned_to/referenceValue").asText());
        JsonNode u1 = extra("staff", "u1");
        assertEquals(
                "tok-1", u1.at("/fcm_tokens/arrayValue/values/0/stringValue").asText());
        assertEquals(2, u1.at("/fcm_tokens/arrayValue/values").size());

        // ---- money that does not fit NUMERIC(12,2), text in number fields: kept exactly, reported
        assertEquals(
                List.of("p1|12.35", "p2|0.00", "p3|0.00", "p4|19.90", "p5|19.90"),
                strings("SELECT id || '|' || price FROM crm_products ORDER BY id"));
        assertEquals(12.345, p1.at("/price/doubleValue").asDouble());
        assertEquals(1e-7, extra("crm_products", "p2").at("/price/doubleValue").asDouble());
        assertEquals(
                "twelve", extra("crm_products", "p3").at("/price/stringValue").asText());
        assertEquals(
                "19.90", extra("crm_products", "p4").at("/price/stringValue").asText());
        assertEquals("7", one("SELECT stock_on_hand FROM crm_products WHERE id = 'p4'"));
        assertEquals(
                "7",
                extra("crm_products", "p4").at("/stock_on_hand/stringValue").asText());
        assertEquals("100.00", one("SELECT total_price FROM crm_orders WHERE id = 'o1'"));
        assertEquals(99.999, o1.at("/total_price/doubleValue").asDouble());
        assertTrue(
                log.contains("crm_products: 4 value(s) do not fit crm_products.price exactly; the originals are "
                        + "kept in firestore_extra (e.g. crm_products/p1 field price: double 12.345 → 12.35)"),
                log);
        // a value that fits its column exactly is not duplicated
        assertNull(extra("crm_products", "p5"));

        // ---- a public feature's keys beside enabled/config
        assertEquals(
                List.of("rollout|true|{\"slots\": 2}", "shop|true|{}"),
                strings(
                        "SELECT feature || '|' || enabled || '|' || config::text FROM public_features ORDER BY feature"));
        JsonNode rollout = extra("public_features", "rollout", "feature").at("/rollout/mapValue/fields");
        assertEquals("25", rollout.at("/percent/integerValue").asText());
        assertEquals(
                "beta", rollout.at("/audience/arrayValue/values/0/stringValue").asText());
        assertTrue(log.contains("rollout.audience (1 documents), rollout.percent (1 documents)"), log);

        // ---- settings: the configured document's fields, its typed values, the other documents parked
        assertEquals(
                List.of("company_name", "holidays", "hq", "logo"),
                strings("SELECT key FROM console_settings ORDER BY key"));
        assertEquals(
                "2025-10-03T12:00:01.123456Z",
                extra("console_settings", "holidays", "key")
                        .at("/holidays/arrayValue/values/0/timestampValue")
                        .asText());
        assertEquals(
                List.of(
                        "settings|config/legacy_console|{\"stringValue\": \"Old\"}",
                        "settings|config/smtp|{\"integerValue\": \"587\"}"),
                strings(
                        "SELECT job || '|' || path || '|' || coalesce(document->'company_name', document->'port')::text "
                                + "FROM _migration_parked WHERE job = 'settings' ORDER BY path"));

        // ---- the orphan order parked, the phase went on
        assertEquals(
                List.of("crm_orders|orders|og|crm_customers/ghost/orders/og"),
                strings("SELECT concat_ws('|', job, collection, document_id, path) FROM _migration_parked "
                        + "WHERE job = 'crm_orders'"));
        assertEquals(
                "ORD-GHOST",
                json.readTree(one("SELECT document::text FROM _migration_parked WHERE document_id = 'og'"))
                        .at("/order_number/stringValue")
                        .asText());
        assertEquals("0", one("SELECT count(*) FROM crm_orders WHERE id = 'og'"));
        assertEquals("t", lastRun("crm_orders").get("success"));
        assertEquals("t", lastRun("firmware_versions").get("success"), "the jobs after crm_orders ran");
        assertEquals("t", lastRun("staff").get("success"));

        // ---- staff: an unknown role parked, unknown permissions copied and reported
        assertEquals(List.of("u1", "u3"), strings("SELECT id FROM staff ORDER BY id"));
        assertTrue(one("SELECT reason FROM _migration_parked WHERE job = 'staff' AND document_id = 'u2'")
                .startsWith("unknown role 'superuser' (the roles are admin, staff, sysadmin)"));
        assertTrue(
                log.contains(
                        "staff: admin_users/u3 has permission(s) the catalogue does not know: crm:delete, " + "shop"),
                log);

        // ---- every case in the stored run report, read through the admin API
        JsonNode products = report("crm_products");
        assertEquals(4, products.at("/inexact/by_column/price").asInt());
        assertEquals(1, products.at("/inexact/by_column/stock_on_hand").asInt());
        assertEquals(1, products.at("/extra_fields/supplier").asInt());
        assertEquals(1, products.at("/extra_fields/weight_kg").asInt());
        assertTrue(products.get("warnings").toString().contains("12.345"), products.toString());
        assertTrue(products.at("/inexact/values").toString().contains("string 'twelve'"), products.toString());
        JsonNode customers = report("crm_customers");
        assertEquals(1, customers.at("/extra_fields/custom_fields").asInt());
        assertEquals(1, customers.at("/extra_fields/legacy_ref").asInt());
        assertEquals(1, customers.at("/legacy_fields_kept/negotiating").asInt());
        // where the run's time went, stage by stage (what an operator reads when a job is slow)
        JsonNode stages = customers.get("stage_ms");
        assertTrue(stages != null && stages.isObject(), customers.toString());
        for (String stage :
                List.of("reading Firestore, inserting page by page", "inserting", "counting source", "committing")) {
            assertTrue(stages.has(stage) && stages.get(stage).asLong() >= 0, stage + " in " + stages);
        }
        assertFalse(stages.has("queued") || stages.has("succeeded"), stages.toString());
        JsonNode orders = report("crm_orders");
        assertEquals(1, orders.at("/parked/count").asInt());
        assertEquals(
                "crm_customers/ghost/orders/og",
                orders.at("/parked/documents/0/path").asText());
        assertEquals(1, orders.at("/extra_fields/assigned_to").asInt());
        JsonNode settings = report("settings");
        assertEquals(2, settings.at("/parked/count").asInt());
        assertTrue(settings.get("warnings").toString().contains("parked config/smtp"), settings.toString());
        JsonNode features = report("public_features");
        assertEquals(1, features.at("/extra_fields/rollout.percent").asInt());
        JsonNode staff = report("staff");
        assertEquals(1, staff.at("/parked/count").asInt());
        assertEquals("admin_users/u2", staff.at("/parked/documents/0/path").asText());
        assertEquals(
                json.readTree("[\"crm:delete\", \"shop\"]"),
                staff.at("/unknown_permissions/admin_users~1u3"),
                staff.toString());
        assertEquals(1, staff.at("/extra_fields/fcm_tokens").asInt());
        // the run list carries the reports too
        String list = given().header("Authorization", "Bearer " + TestTokens.sysadmin())
                .when()
                .get("/api/admin/migrations/runs?size=100")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertTrue(list.contains("\"report\":{") && list.contains("crm_customers/ghost/orders/og"), list);
    }

    @Test
    @Order(3)
    void verificationPerPhaseComparesWholeDocuments() throws Exception {
        for (int phase : new int[] {2, 3}) {
            VerificationReport all = verification.verifyPhase(phase, runner.sqlitePath(), -1);
            assertTrue(all.ok(), all.text());
            assertTrue(all.text().contains("whole documents (columns + firestore_extra"), all.text());
        }
        // the CLI, per phase and per job
        for (String what : new String[] {"phase2", "phase3", "crm_orders"}) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            int code = cli.run(new String[] {"verify", what}, new PrintStream(bytes, true, StandardCharsets.UTF_8));
            String text = bytes.toString(StandardCharsets.UTF_8);
            assertEquals(0, code, text);
            assertFalse(text.contains("does not exist"), text);
        }
        // the admin endpoint, per phase (also spelled as a job name) and per job
        for (String query : new String[] {"phase=2", "phase=3", "job=phase2", "job=staff"}) {
            given().header("Authorization", "Bearer " + TestTokens.sysadmin())
                    .when()
                    .get("/api/admin/migrations/verify?" + query)
                    .then()
                    .statusCode(200)
                    .body("ok", org.hamcrest.Matchers.equalTo(true));
        }

        // a field lost from firestore_extra is found and named
        exec("UPDATE crm_products SET firestore_extra = firestore_extra - 'supplier' WHERE id = 'p1'");
        VerificationReport broken = verification.verifyJob("crm_products", runner.sqlitePath(), -1);
        assertFalse(broken.ok());
        assertTrue(
                broken.text().contains("crm_products/p1 field supplier: expected string 'Χαλκουργία Α.Ε.', found lost"),
                broken.text());
        // so is a rounded value whose original is gone
        exec("UPDATE crm_products SET firestore_extra = firestore_extra - 'price' || "
                + "'{\"supplier\": {\"stringValue\": \"Χαλκουργία Α.Ε.\"}}' WHERE id = 'p1'");
        broken = verification.verifyJob("crm_products", runner.sqlitePath(), -1);
        assertTrue(
                broken.text().contains("crm_products/p1 field price: expected double 12.345, found double 12.35"),
                broken.text());
    }

    // ------------------------------------------------------------------ data

    private void seed() throws Exception {
        Firestore db = db();
        put(
                "config/console",
                map(
                        "company_name",
                        "Bell Systems",
                        "holidays",
                        List.of(NANOS),
                        "logo",
                        Blob.fromBytes(BYTES),
                        "hq",
                        new GeoPoint(37.9838, 23.7275)));
        put(
                "config/features",
                map(
                        "shop",
                        true,
                        "rollout",
                        map(
                                "enabled",
                                true,
                                "config",
                                map("slots", 2L),
                                "percent",
                                25L,
                                "audience",
                                List.of("beta", "staff"))));
        // settings documents nobody configured
        put("config/smtp", map("host", "mail.example.gr", "port", 587L));
        put("config/legacy_console", map("company_name", "Old"));

        put(
                "crm_products/p1",
                map("name", "Καμπάνα", "price", 12.345, "supplier", "Χαλκουργία Α.Ε.", "weight_kg", 50.5));
        put("crm_products/p2", map("name", "Tiny", "price", 1e-7));
        put("crm_products/p3", map("name", "Words", "price", "twelve"));
        put("crm_products/p4", map("name", "Text numbers", "price", "19.90", "stock_on_hand", "7"));
        put("crm_products/p5", map("name", "Exact", "price", 19.9, "stock_on_hand", 3L));

        Map<String, Object> custom = map(
                "since",
                NANOS,
                "site",
                new GeoPoint(37.98, 23.72),
                "owner",
                db.document("admin_users/u1"),
                "blob",
                Blob.fromBytes(BYTES),
                "big",
                9_007_199_254_740_993L,
                "ratio",
                2.0,
                "nested",
                List.of(1L, map("k", "x")));
        put(
                "crm_customers/c1",
                map(
                        "name",
                        "Ενορία",
                        "folder_id",
                        "F-1",
                        "created_at",
                        NANOS,
                        "updated_at",
                        NANOS,
                        "custom_fields",
                        custom,
                        "legacy_ref",
                        db.document("crm_customers/c0"),
                        "negotiating",
                        true));
        put(
                "crm_customers/c1/orders/o1",
                map(
                        "order_number",
                        "ORD-1",
                        "total_price",
                        99.999,
                        "assigned_to",
                        db.document("admin_users/u1"),
                        "created_at",
                        NANOS,
                        "updated_at",
                        NANOS));
        // an order whose customer document does not exist
        put(
                "crm_customers/ghost/orders/og",
                map("order_number", "ORD-GHOST", "created_at", NANOS, "updated_at", NANOS));

        put(
                "admin_users/u1",
                map(
                        "email", "admin@example.gr",
                        "name", "Admin",
                        "role", "sysadmin",
                        "hashed_password", FirestoreSeed.PY_2B_12,
                        "fcm_tokens", List.of("tok-1", "tok-2")));
        put(
                "admin_users/u2",
                map(
                        "email",
                        "root@example.gr",
                        "name",
                        "Root",
                        "role",
                        "superuser",
                        "hashed_password",
                        FirestoreSeed.PY_2B_12));
        put(
                "admin_users/u3",
                map(
                        "email", "maria@example.gr",
                        "name", "Μαρία",
                        "role", "staff",
                        "permissions", map("crm", map("view", true, "delete", true), "shop", true),
                        "hashed_password", FirestoreSeed.PY_2A_10));
    }

    // ------------------------------------------------------------------ helpers

    static Firestore db() {
        return seeder.firestore();
    }

    static Map<String, Object> map(Object... kv) {
        return FirestoreSeed.map(kv);
    }

    static void put(String path, Map<String, Object> data) throws Exception {
        written.put(
                path, db().document(path).set(data).get(60, TimeUnit.SECONDS).getUpdateTime());
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

    boolean run(String job) {
        List<MigrationJob> jobs = List.of(registry.job(job).orElseThrow());
        return runner.runNow(jobs, runner.sqlitePath(), out::add, p -> {});
    }

    /** The stored report of a job's last run, through the admin API. */
    private JsonNode report(String job) throws Exception {
        String id = one("SELECT id FROM _migration_runs WHERE script_name = '" + job + "' ORDER BY id DESC LIMIT 1");
        String body = given().header("Authorization", "Bearer " + TestTokens.sysadmin())
                .when()
                .get("/api/admin/migrations/runs/" + id)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        JsonNode report = json.readTree(body).at("/run/report");
        assertFalse(report.isMissingNode() || report.isNull(), body);
        return report;
    }

    private JsonNode extra(String table, String id) throws Exception {
        return extra(table, id, "id");
    }

    private JsonNode extra(String table, String id, String key) throws Exception {
        String text = one("SELECT firestore_extra::text FROM " + table + " WHERE " + key + " = '" + id + "'");
        return text == null ? null : json.readTree(text);
    }

    private Map<String, String> lastRun(String job) throws Exception {
        Map<String, String> m = new LinkedHashMap<>();
        try (Connection c = TestDatabaseResource.connect(database);
                Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery("SELECT success, error, dest_rows FROM _migration_runs WHERE script_name = '"
                                + job + "' ORDER BY id DESC LIMIT 1")) {
            assertTrue(rs.next(), "no run of " + job);
            m.put("success", rs.getString(1));
            m.put("error", rs.getString(2));
            m.put("dest_rows", rs.getString(3));
        }
        return m;
    }

    private void exec(String sql) throws Exception {
        try (Connection c = TestDatabaseResource.connect(database);
                Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private String one(String sql) throws Exception {
        List<String> rows = strings(sql);
        assertEquals(1, rows.size(), sql + " → " + rows);
        return rows.get(0);
    }

    private List<String> strings(String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = TestDatabaseResource.connect(database);
                Statement st = c.createStatement()) {
            st.execute("SET TIME ZONE 'UTC'");
            try (ResultSet rs = st.executeQuery(sql)) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
        }
        return rows;
    }
}
