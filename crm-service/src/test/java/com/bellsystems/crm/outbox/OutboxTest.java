package com.bellsystems.crm.outbox;

import static com.bellsystems.crm.Api.admin;
import static com.bellsystems.crm.Api.query;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bellsystems.common.testing.FirestoreEmulator;
import com.bellsystems.common.testing.FirestoreEmulatorResource;
import com.bellsystems.common.testing.TestDatabaseResource;
import com.bellsystems.firestore.outbox.OutboxWorker;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Firestore mirror end to end: the real firebase-admin client against Google's Firestore
 * emulator. Writes arrive in commit order; with Firestore down requests still succeed and the
 * queued writes arrive once it is back. The emulator is this class's own, since a test kills it.
 */
@QuarkusTest
@WithTestResource(TestDatabaseResource.class)
@WithTestResource(
        value = FirestoreEmulatorResource.class,
        initArgs = @ResourceArg(name = FirestoreEmulatorResource.INSTANCE_ARG, value = FirestoreEmulatorResource.OWN))
class OutboxTest {

    @Inject
    OutboxWorker worker;

    @AfterEach
    void firestoreBack() {
        if (!emulator().isRunning()) {
            emulator().restart();
        }
    }

    static FirestoreEmulator emulator() {
        return FirestoreEmulatorResource.emulator();
    }

    static FirestoreDocuments firestore() {
        return FirestoreDocuments.current();
    }

    /** Waits for the condition; a failing Firestore read (the emulator just restarted) counts as not yet. */
    static void eventually(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!holds(condition)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never happened: " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static boolean holds(BooleanSupplier condition) {
        try {
            return condition.getAsBoolean();
        } catch (IllegalStateException e) {
            return false;
        }
    }

    @Test
    void mutationsAreMirroredInCommitOrder() {
        var created = admin().body(Map.of("name", "Mirror Me", "tags", List.of("vip")))
                .post("/api/crm/customers");
        String id = created.path("id");
        // the outbox row was written in the customer's transaction
        assertEquals(
                1,
                query("SELECT 1 FROM firestore_outbox WHERE collection = 'crm_customers' AND document_id = ?", id)
                        .size());
        admin().header("If-Match", created.header("ETag"))
                .body(Map.of("surname", "Twice"))
                .patch("/api/crm/customers/" + id)
                .then()
                .statusCode(200);
        String order = admin().body(
                        Map.of("items", List.of(Map.of("description", "Bell", "quantity", 2, "unit_price", 10.5))))
                .post("/api/crm/customers/" + id + "/orders")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String customerDoc = "crm_customers/" + id;
        String orderDoc = customerDoc + "/orders/" + order;
        eventually(
                "customer (latest version) and order mirrored",
                () -> firestore().exists(orderDoc)
                        && firestore().exists(customerDoc)
                        && "Twice".equals(firestore().get(customerDoc).get("surname")));
        assertEquals("Mirror Me", firestore().get(customerDoc).get("name"));
        assertEquals(List.of("vip"), firestore().get(customerDoc).get("tags"));
        assertEquals(21.0, firestore().get(orderDoc).get("total_price"));

        admin().delete("/api/crm/customers/" + id).then().statusCode(204);
        eventually(
                "customer and its orders removed",
                () -> !firestore().exists(customerDoc) && !firestore().exists(orderDoc));
        assertEquals(List.of("CREATE", "DELETE"), com.bellsystems.crm.Api.auditActions("order", order));
        eventually("outbox drained", () -> query(
                        "SELECT 1 FROM firestore_outbox WHERE document_id IN (?, ?) AND done_at IS NULL", id, order)
                .isEmpty());
    }

    @Test
    void anOutageNeitherFailsRequestsNorLosesWrites() {
        emulator().stop();
        var created = admin().body(Map.of("name", "During Outage")).post("/api/crm/customers");
        created.then().statusCode(201);
        String id = created.path("id");
        admin().header("If-Match", created.header("ETag"))
                .body(Map.of("organization", "Still Works"))
                .patch("/api/crm/customers/" + id)
                .then()
                .statusCode(200);
        eventually("a failed attempt recorded", () -> !query(
                        "SELECT 1 FROM firestore_outbox WHERE document_id = ? AND attempts > 0 AND last_error IS NOT NULL AND done_at IS NULL",
                        id)
                .isEmpty());
        // Firestore is down, so it cannot be asked: nothing of this customer was sent (every row still pending)
        assertFalse(emulator().isRunning());
        assertTrue(query("SELECT 1 FROM firestore_outbox WHERE document_id = ? AND done_at IS NOT NULL", id)
                .isEmpty());
        given().get("/q/health/ready").then().statusCode(200).body("checks.name", hasItem("Firestore outbox"));

        emulator().restart();
        eventually(
                "the writes arrive after Firestore returns",
                () -> firestore().exists("crm_customers/" + id)
                        && "Still Works"
                                .equals(firestore().get("crm_customers/" + id).get("organization")));
        assertEquals("During Outage", firestore().get("crm_customers/" + id).get("name"));
    }

    @Test
    void publishedMelodiesReachTheAppAndUnpublishRemovesThem() {
        String id = admin().body(Map.of(
                        "name", "Christ is Risen", "pid", "m-1", "data", Map.of("bpm", 72, "notes", List.of(1, 2, 3))))
                .post("/api/melodies")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        admin().post("/api/melodies/" + id + "/publish").then().statusCode(200);
        eventually("melody published", () -> firestore().exists("melodies/" + id));
        assertEquals("Christ is Risen", firestore().get("melodies/" + id).get("name"));
        assertEquals(72L, firestore().get("melodies/" + id).get("bpm"));
        admin().post("/api/melodies/" + id + "/unpublish").then().statusCode(200);
        eventually("melody unpublished", () -> !firestore().exists("melodies/" + id));
        assertEquals(List.of("CREATE", "PUBLISH", "UNPUBLISH"), com.bellsystems.crm.Api.auditActions("melody", id));
    }

    @Test
    void depthAndAgeAreMetricsAndReadinessData() {
        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("bellsys_outbox_depth"))
                .body(containsString("bellsys_outbox_oldest_age_seconds"));
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'Firestore outbox' }.data.depth", notNullValue())
                .body("checks.find { it.name == 'Firestore outbox' }.data.oldest_age_seconds", notNullValue());
    }

    /**
     * Readiness goes DOWN (503) when the oldest unsent write is older than ready-max-age (24 h), with
     * depth and age in the detail, and UP again once the worker has sent it.
     */
    @Test
    void readinessGoesDownWhenTheOldestPendingWriteIsTooOld() {
        String doc = "readiness-" + java.util.UUID.randomUUID();
        // next_attempt_at in the future keeps the worker off the row until the test releases it
        long id = (long) query(
                        """
                INSERT INTO firestore_outbox (collection, document_id, operation, payload, created_at, next_attempt_at)
                VALUES ('crm_products', ?, 'set', '{"name": "aged"}'::jsonb, now() - interval '23 hours', now() + interval '1 hour')
                RETURNING id""",
                        doc)
                .get(0)
                .get("id");
        try {
            String check = "checks.find { it.name == 'Firestore outbox' }";
            // old, but within the limit: still ready
            given().get("/q/health/ready")
                    .then()
                    .statusCode(200)
                    .body(check + ".status", equalTo("UP"))
                    .body(check + ".data.depth", greaterThanOrEqualTo(1))
                    .body(check + ".data.oldest_age_seconds", greaterThanOrEqualTo(23 * 3600))
                    .body(check + ".data.max_age_seconds", equalTo(24 * 3600));

            query("UPDATE firestore_outbox SET created_at = now() - interval '25 hours' WHERE id = ? RETURNING id", id);
            given().get("/q/health/ready")
                    .then()
                    .statusCode(503)
                    .body("status", equalTo("DOWN"))
                    .body(check + ".status", equalTo("DOWN"))
                    .body(check + ".data.depth", greaterThanOrEqualTo(1))
                    .body(
                            check + ".data.oldest_age_seconds",
                            allOf(greaterThanOrEqualTo(25 * 3600), lessThan(26 * 3600)))
                    .body(check + ".data.max_age_seconds", equalTo(24 * 3600));
            // the rest of the service keeps answering: only the mirror is reported
            admin().get("/api/crm/customers").then().statusCode(200);

            // release it: the worker sends it to Firestore, marks it done, and readiness is UP again
            query("UPDATE firestore_outbox SET next_attempt_at = now() WHERE id = ? RETURNING id", id);
            eventually("the aged write reaches Firestore", () -> firestore().exists("crm_products/" + doc));
            eventually("the aged write is marked done", () -> !query(
                            "SELECT 1 FROM firestore_outbox WHERE id = ? AND done_at IS NOT NULL", id)
                    .isEmpty());
            given().get("/q/health/ready")
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("UP"))
                    .body(check + ".status", equalTo("UP"))
                    .body(check + ".data.oldest_age_seconds", lessThan(24 * 3600));
        } finally {
            query("DELETE FROM firestore_outbox WHERE id = ? RETURNING id", id);
        }
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void backoffDoublesUpToTheCap() {
        assertEquals(Duration.ofSeconds(1), worker.backoff(1));
        assertEquals(Duration.ofSeconds(2), worker.backoff(2));
        assertEquals(Duration.ofSeconds(2), worker.backoff(30)); // capped by the %test max PT2S
        assertTrue(worker.backoff(3).compareTo(Duration.ZERO) > 0);
        assertNull(null);
    }
}
