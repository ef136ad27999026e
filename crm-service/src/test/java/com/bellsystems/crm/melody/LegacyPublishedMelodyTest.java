package com.bellsystems.crm.melody;

import static com.bellsystems.crm.Api.admin;
import static com.bellsystems.crm.Api.auditActions;
import static com.bellsystems.crm.Api.query;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bellsystems.common.testing.FirestoreEmulatorResource;
import com.bellsystems.common.testing.TestDatabaseResource;
import com.bellsystems.firestore.FirestoreProvider;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, melodies published before the migration, on real Postgres and Google's Firestore
 * emulator: the draft as the SQLite migration leaves it (no {@code published_at}) beside the app's
 * copy in {@code melodies/{id}} as the old backend wrote it (fixture
 * {@code firestore/legacy-published-melody.json}, see the README there). Unpublish and delete work
 * and the app's copy follows; adopting takes the publication time from Firestore; what publish
 * writes has the shape of the fixture.
 */
@QuarkusTest
@WithTestResource(TestDatabaseResource.class)
@WithTestResource(FirestoreEmulatorResource.class)
class LegacyPublishedMelodyTest {

    static final OffsetDateTime FIXTURE_PUBLISHED_AT = OffsetDateTime.parse("2025-11-02T09:15:00Z");

    @Test
    void aMelodyPublishedBeforeTheMigrationCanBeUnpublishedAndTheAppsCopyGoes() throws Exception {
        String id = legacyPublished("draft");
        admin().post("/api/melodies/" + id + "/unpublish")
                .then()
                .statusCode(200)
                .body("status", equalTo("draft"))
                .body("published_at", equalTo(null));
        eventually("the app's copy removed", () -> !app(id).exists());
        assertEquals(List.of("UNPUBLISH"), auditActions("melody", id));
        // now it is not published anywhere: a second unpublish is the usual 409
        admin().post("/api/melodies/" + id + "/unpublish").then().statusCode(409);
    }

    @Test
    void aMelodyMarkedPublishedByTheLegacyDraftIsRecognisedToo() throws Exception {
        String id = legacyPublished("published");
        admin().post("/api/melodies/" + id + "/unpublish").then().statusCode(200);
        eventually("the app's copy removed", () -> !app(id).exists());
    }

    @Test
    void deletingAMelodyPublishedBeforeTheMigrationRemovesTheAppsCopy() throws Exception {
        String id = legacyPublished("draft");
        admin().delete("/api/melodies/" + id).then().statusCode(204);
        eventually("the app's copy removed", () -> !app(id).exists());
        assertEquals(List.of("DELETE"), auditActions("melody", id));
    }

    @Test
    void draftsTheAppNeverHadStayAsTheyWere() {
        String id = draftRow("draft");
        admin().post("/api/melodies/" + id + "/unpublish").then().statusCode(409);
        admin().delete("/api/melodies/" + id).then().statusCode(204);
        assertEquals(
                0,
                query("SELECT 1 FROM firestore_outbox WHERE collection = 'melodies' AND document_id = ?", id)
                        .size());
    }

    /**
     * A melody bellsys itself unpublished, whose outbox delete has not reached Firestore yet (a copy is
     * still there): its state is this database's, not the copy's.
     */
    @Test
    void aCopyLeftByAPendingUnpublishIsNotTakenForALegacyPublication() throws Exception {
        String id = legacyPublished("draft");
        query(
                "INSERT INTO audit_log (actor_id, actor_name, action, entity_type, entity_id) VALUES"
                        + " ('admin-1', 'Ada Admin', 'UNPUBLISH', 'melody', ?) RETURNING id",
                id);
        admin().post("/api/melodies/" + id + "/unpublish").then().statusCode(409);
        admin().post("/api/melodies/adopt-published").then().statusCode(200).body("adopted", not(hasItem(id)));
        assertEquals(
                "draft",
                query("SELECT status FROM melody_drafts WHERE id = ?", id)
                        .get(0)
                        .get("status"));
    }

    @Test
    void adoptingTakesThePublishedStateAndTimeFromFirestore() throws Exception {
        String id = legacyPublished("draft");
        admin().post("/api/melodies/adopt-published").then().statusCode(200).body("adopted", hasItem(id));
        var row = query("SELECT status, published_at FROM melody_drafts WHERE id = ?", id)
                .get(0);
        assertEquals("published", row.get("status"));
        assertEquals(FIXTURE_PUBLISHED_AT.toInstant(), ((java.sql.Timestamp) row.get("published_at")).toInstant());
        admin().get("/api/melodies?status=published").then().statusCode(200).body("items.id", hasItem(id));
        // once: a second run adopts nothing new and writes no second audit row
        admin().post("/api/melodies/adopt-published").then().statusCode(200).body("adopted", not(hasItem(id)));
        assertEquals(List.of("UPDATE"), auditActions("melody", id));
        // and it unpublishes like any published melody
        admin().post("/api/melodies/" + id + "/unpublish").then().statusCode(200);
        eventually("the app's copy removed", () -> !app(id).exists());
    }

    @Test
    void aMelodyPublishedNowHasTheShapeOfTheLegacyDocument() throws Exception {
        String legacyId = legacyPublished("draft");
        String id = admin().body(Map.of(
                        "name",
                        "Χριστός Ανέστη",
                        "pid",
                        "pid-17",
                        "data",
                        Map.of("bpm", 72, "notes", List.of(1, 3, 2))))
                .post("/api/melodies")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        admin().post("/api/melodies/" + id + "/publish").then().statusCode(200);
        eventually("published to the app", () -> app(id).exists());

        Map<String, String> legacyShape = shape(app(legacyId).getData());
        Map<String, String> ours = shape(app(id).getData());
        assertEquals(legacyShape, ours, "field names and Firestore types of melodies/{id}");
        assertEquals(id, app(id).getString("id"));
        assertNotNull(app(id).getTimestamp("published_at"));
    }

    // ---------------------------------------------------------------- fixtures

    /** A draft as the SQLite migration leaves it, and the app's copy as the old backend published it. */
    String legacyPublished(String legacyStatus) throws Exception {
        String id = draftRow(legacyStatus);
        seedAppDocument(id);
        assertTrue(app(id).exists());
        return id;
    }

    static String draftRow(String status) {
        String id = "legacy-" + UUID.randomUUID().toString().substring(0, 12);
        query(
                "INSERT INTO melody_drafts (id, name, pid, status, data, created_by) VALUES (?, ?, ?, ?, ?::jsonb, ?)"
                        + " RETURNING id",
                id,
                "Χριστός Ανέστη",
                "pid-17",
                status,
                "{\"bpm\": 72, \"notes\": [1, 3, 2]}",
                "staff-1");
        return id;
    }

    /** The fixture, under document id {@code id} (its {@code id} field too), through the emulator's REST API. */
    static void seedAppDocument(String id) throws Exception {
        String body;
        try (InputStream in =
                LegacyPublishedMelodyTest.class.getResourceAsStream("/firestore/legacy-published-melody.json")) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("legacy-melody-1", id);
        }
        String url = "http://" + FirestoreEmulatorResource.emulator().hostPort() + "/v1/projects/"
                + FirestoreEmulatorResource.projectId() + "/databases/(default)/documents/melodies?documentId=" + id;
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url))
                                .header("Authorization", "Bearer owner")
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
    }

    /** Field name -> Firestore value type, as the app's SDK would see it. */
    static Map<String, String> shape(Map<String, Object> data) {
        Map<String, String> shape = new TreeMap<>();
        data.forEach((k, v) -> shape.put(k, v == null ? "null" : v.getClass().getSimpleName()));
        return shape;
    }

    private static volatile Firestore firestore;

    static DocumentSnapshot app(String id) {
        try {
            if (firestore == null) {
                firestore = FirestoreProvider.forEmulator(
                                FirestoreEmulatorResource.projectId(),
                                FirestoreEmulatorResource.emulator().hostPort())
                        .firestore();
            }
            return firestore.document("melodies/" + id).get().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never happened: " + what);
            }
            Thread.sleep(100);
        }
    }
}
