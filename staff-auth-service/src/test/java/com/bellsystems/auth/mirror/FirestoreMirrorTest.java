package com.bellsystems.auth.mirror;

import static com.bellsystems.auth.Fixtures.count;
import static com.bellsystems.auth.Fixtures.database;
import static com.bellsystems.auth.Fixtures.unique;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bellsystems.common.testing.FirestoreEmulatorResource;
import com.bellsystems.common.testing.TestDatabaseResource;
import com.bellsystems.common.testing.TestTokens;
import com.bellsystems.firestore.FirestoreProvider;
import com.bellsystems.firestore.FirestoreValues;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.Firestore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The rollback window's exact mirror of staff-auth's collections (docs/firestore.md): staff in
 * {@code admin_users/{id}}, console settings in {@code settings/console}, public features in
 * {@code settings/public_features}. Each legacy document is seeded in Google's emulator with fields
 * bellsys does not know, its rows in Postgres as Phases 2/3 made them; a change through the API
 * leaves the document equal to the original except the fields the change wrote, types included.
 */
@QuarkusTest
@WithTestResource(TestDatabaseResource.class)
@WithTestResource(FirestoreEmulatorResource.class)
class FirestoreMirrorTest {

    static final Timestamp T1 = Timestamp.ofTimeSecondsAndNanos(1_700_000_000L, 123_456_000);
    static final Timestamp T2 = Timestamp.ofTimeSecondsAndNanos(1_710_000_000L, 0);
    static final String SYSADMIN = TestTokens.token("mirror-sysadmin", "Sys Admin", "sysadmin", Map.of());

    private static Firestore db;

    static synchronized Firestore db() {
        if (db == null) {
            db = FirestoreProvider.forEmulator(
                            FirestoreEmulatorResource.projectId(),
                            FirestoreEmulatorResource.emulator().hostPort())
                    .firestore();
        }
        return db;
    }

    static Map<String, Object> doc(String path) throws Exception {
        return db().document(path).get().get(30, TimeUnit.SECONDS).getData();
    }

    static void seed(String path, Map<String, Object> data) throws Exception {
        db().document(path).set(data).get(30, TimeUnit.SECONDS);
    }

    static void sql(String statement, Object... args) throws Exception {
        try (Connection c = TestDatabaseResource.connect(database());
                PreparedStatement ps = c.prepareStatement(statement)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }

    /** Waits until the document's outbox rows have all been sent (at least one merge among them). */
    static void mirrored(String path) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (count("SELECT count(*) FROM firestore_outbox WHERE document_path = ? AND operation = 'merge'", path) == 0
                || count("SELECT count(*) FROM firestore_outbox WHERE document_path = ? AND done_at IS NULL", path)
                        > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the change of " + path + " never reached Firestore");
            }
            Thread.sleep(100);
        }
    }

    static void assertSameExcept(Map<String, Object> original, Map<String, Object> now, Set<String> changed) {
        Set<String> names = new HashSet<>(original.keySet());
        names.addAll(now.keySet());
        for (String name : names) {
            if (!changed.contains(name)) {
                assertTrue(now.containsKey(name), "field " + name + " was removed");
                assertEquals(original.get(name), now.get(name), "field " + name + " changed");
            }
        }
    }

    /**
     * Runs pyca/bcrypt, the library the legacy Python backend hashes and checks passwords with
     * (Debian python3-bcrypt under /usr/bin/python3), with {@code args} as sys.argv[1:].
     */
    static String legacyBcrypt(String script, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("/usr/bin/python3", "-c", script));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String text = out.toString(StandardCharsets.UTF_8).trim();
        assertEquals(0, p.exitValue(), "python3 bcrypt (apt-get install python3-bcrypt): " + text);
        return text;
    }

    @Test
    void aPasswordChangeWritesTheNewHashTheLegacyBackendAcceptsAndKeepsTheRest() throws Exception {
        String id = unique("legacy-staff");
        String email = id + "@bellsystems.local";
        String path = "admin_users/" + id;
        String oldHash = legacyBcrypt(
                "import bcrypt,sys; print(bcrypt.hashpw(sys.argv[1].encode(), bcrypt.gensalt(4)).decode())",
                "old-password-1");
        Map<String, Object> legacy = new LinkedHashMap<>();
        legacy.put("email", email);
        legacy.put("name", "Μαρία Παπαδοπούλου");
        legacy.put("role", "staff");
        legacy.put("permissions", Map.of("crm", Map.of("view", true, "edit", true)));
        legacy.put("hashed_password", oldHash);
        legacy.put("is_active", true);
        legacy.put("created_at", T1);
        legacy.put("updated_at", T1);
        // only the legacy side knows these
        legacy.put("last_login", T2);
        legacy.put("fcm_tokens", List.of("tok-1", "tok-2"));
        legacy.put("manager", db().document("admin_users/boss"));
        seed(path, legacy);
        sql(
                """
                INSERT INTO staff (id, firestore_id, email, name, role, permissions, hashed_password, is_active,
                    created_at, updated_at)
                VALUES (?, ?, ?, ?, 'staff', '{"crm": {"view": true, "edit": true}}'::jsonb, ?, true, ?, ?)""",
                id,
                id,
                email,
                legacy.get("name"),
                oldHash,
                FirestoreValues.toOffsetDateTime(T1),
                FirestoreValues.toOffsetDateTime(T1));
        Map<String, Object> original = doc(path);

        String token = TestTokens.token(id, "Μαρία", "staff", Map.of("crm", Map.of("view", true, "edit", true)));
        given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("current_password", "old-password-1", "new_password", "new-password-2"))
                .put("/api/staff/me/password")
                .then()
                .statusCode(204);
        mirrored(path);
        Map<String, Object> now = doc(path);
        String newHash = (String) now.get("hashed_password");
        assertNotEquals(oldHash, newHash);
        assertEquals(
                "True False",
                legacyBcrypt(
                        "import bcrypt,sys; h=sys.argv[1].encode(); "
                                + "print(bcrypt.checkpw(sys.argv[2].encode(), h), bcrypt.checkpw(sys.argv[3].encode(), h))",
                        newHash,
                        "new-password-2",
                        "old-password-1"),
                "the legacy backend's bcrypt accepts the new password and no longer the old one");
        assertInstanceOf(Timestamp.class, now.get("updated_at"));
        assertNotEquals(T1, now.get("updated_at"));
        assertSameExcept(original, now, Set.of("hashed_password", "updated_at"));
        assertEquals(original.keySet(), now.keySet());

        // deactivating writes is_active (and updated_at) only; role and permissions are untouched
        Map<String, Object> before = now;
        long merges =
                count("SELECT count(*) FROM firestore_outbox WHERE document_path = ? AND operation = 'merge'", path);
        given().auth().oauth2(SYSADMIN).delete("/api/staff/" + id).then().statusCode(200);
        assertEquals(
                merges + 1,
                count("SELECT count(*) FROM firestore_outbox WHERE document_path = ? AND operation = 'merge'", path));
        mirrored(path);
        now = doc(path);
        assertEquals(false, now.get("is_active"));
        assertSameExcept(before, now, Set.of("is_active", "updated_at"));
    }

    @Test
    void aSettingChangesOnlyItsFieldOfTheSettingsDocument() throws Exception {
        String path = "settings/console";
        Map<String, Object> legacy = new LinkedHashMap<>();
        legacy.put("company_name", "BellSystems");
        legacy.put("vat_percent", 24L);
        legacy.put("last_backup", T1);
        legacy.put("app_only", Map.of("since", T2, "flag", true));
        seed(path, legacy);
        for (String key : List.of("company_name", "vat_percent", "last_backup")) {
            sql(
                    "INSERT INTO console_settings (key, value, updated_at) VALUES (?, ?::jsonb, now())",
                    key,
                    switch (key) {
                        case "company_name" -> "\"BellSystems\"";
                        case "vat_percent" -> "24";
                        default -> "\"" + FirestoreValues.iso(T1) + "\"";
                    });
        }
        Map<String, Object> original = doc(path);

        put("/api/settings/company_name", Map.of("value", "BellSystems SA"));
        put("/api/settings/last_backup", Map.of("value", FirestoreValues.iso(T2)));
        put("/api/settings/quotation.footer", Map.of("value", Map.of("text", "Με εκτίμηση", "size", 3)));
        mirrored(path);
        Map<String, Object> now = doc(path);
        assertEquals("BellSystems SA", now.get("company_name"));
        assertEquals(T2, now.get("last_backup"), "a setting that was a Timestamp stays one");
        assertEquals(
                Map.of("text", "Με εκτίμηση", "size", 3L),
                now.get("quotation.footer"),
                "a key with a dot is one field");
        assertSameExcept(original, now, Set.of("company_name", "last_backup", "quotation.footer"));
    }

    @Test
    void aFeatureIsWrittenInTheShapeTheDocumentHoldsIt() throws Exception {
        String path = "settings/public_features";
        Map<String, Object> legacy = new LinkedHashMap<>();
        legacy.put("cloudflash", Map.of("enabled", true, "min_fw", "2.0.0"));
        legacy.put("melody_store", false);
        legacy.put("beta", Map.of("enabled", false, "config", Map.of("pct", 10L)));
        legacy.put("app_only_flag", Map.of("enabled", true, "since", T2));
        seed(path, legacy);
        sql(
                "INSERT INTO public_features (feature, enabled, config) VALUES ('cloudflash', true, '{\"min_fw\": \"2.0.0\"}')");
        sql("INSERT INTO public_features (feature, enabled, config) VALUES ('melody_store', false, '{}')");
        sql("INSERT INTO public_features (feature, enabled, config) VALUES ('beta', false, '{\"pct\": 10}')");
        Map<String, Object> original = doc(path);

        put("/api/public-features/cloudflash", Map.of("enabled", false));
        put("/api/public-features/melody_store", Map.of("enabled", true));
        put("/api/public-features/beta", Map.of("enabled", true, "config", Map.of("pct", 20)));
        mirrored(path);
        Map<String, Object> now = doc(path);
        assertEquals(Map.of("enabled", false, "min_fw", "2.0.0"), now.get("cloudflash"));
        assertEquals(true, now.get("melody_store"));
        assertEquals(Map.of("enabled", true, "config", Map.of("pct", 20L)), now.get("beta"));
        assertSameExcept(original, now, Set.of("cloudflash", "melody_store", "beta"));
    }

    /** An old unsent write is reported in readiness, but never takes login out of service here. */
    @Test
    void anOldPendingWriteIsReportedWithoutStoppingLogins() throws Exception {
        String docId = unique("aged");
        sql(
                """
                INSERT INTO firestore_outbox (collection, document_id, operation, payload, created_at, next_attempt_at)
                VALUES ('admin_users', ?, 'merge', '{"fields": {}}'::jsonb, now() - interval '25 hours',
                        now() + interval '1 hour')""",
                docId);
        try {
            String check = "checks.find { it.name == 'Firestore outbox' }";
            given().get("/q/health/ready")
                    .then()
                    .statusCode(200)
                    .body(check + ".status", org.hamcrest.Matchers.equalTo("UP"))
                    .body(check + ".data.oldest_age_seconds", org.hamcrest.Matchers.greaterThanOrEqualTo(25 * 3600));
        } finally {
            sql("DELETE FROM firestore_outbox WHERE document_id = ?", docId);
        }
    }

    static void put(String url, Map<String, Object> body) {
        given().auth()
                .oauth2(SYSADMIN)
                .contentType(ContentType.JSON)
                .body(body)
                .put(url)
                .then()
                .statusCode(200);
    }
}
