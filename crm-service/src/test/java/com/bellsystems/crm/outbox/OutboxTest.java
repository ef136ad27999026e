package com.bellsystems.crm.outbox;

import static com.bellsystems.crm.Api.admin;
import static com.bellsystems.crm.Api.query;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bellsystems.common.testing.TestDatabaseResource;
import com.bellsystems.crm.RecordingMirror;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The outbox worker against a recording stand-in for Firestore: order, retries, outage. */
@QuarkusTest
@WithTestResource(TestDatabaseResource.class)
class OutboxTest {

    @Inject
    RecordingMirror mirror;

    @Inject
    OutboxWorker worker;

    @AfterEach
    void recover() {
        mirror.failing = false;
    }

    static void eventually(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
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

    @Test
    void mutationsAreMirroredInCommitOrder() {
        var created = admin().body(Map.of("name", "Mirror Me")).post("/api/crm/customers");
        String id = created.path("id");
        // the outbox row was written with the customer
        List<Map<String, Object>> rows = query("SELECT operation FROM firestore_outbox WHERE collection = 'crm_customers' AND document_id = ?", id);
        assertEquals(1, rows.size());
        admin().header("If-Match", created.header("ETag")).body(Map.of("surname", "Twice"))
                .patch("/api/crm/customers/" + id).then().statusCode(200);
        String order = admin().body(Map.of("items", List.of(Map.of("description", "Bell", "quantity", 2, "unit_price", 10.5))))
                .post("/api/crm/customers/" + id + "/orders").then().statusCode(201).extract().path("id");
        String orderDoc = "crm_customers/" + id + "/orders/" + order;
        eventually("customer and order mirrored", () -> mirror.documents.containsKey("crm_customers/" + id) && "Twice".equals(doc("crm_customers/" + id).get("surname"))
                && mirror.documents.containsKey(orderDoc));
        assertEquals(21.0, mirror.documents.get(orderDoc).get("total_price"));

        admin().delete("/api/crm/customers/" + id).then().statusCode(204);
        eventually("customer and its orders removed", () -> !mirror.documents.containsKey("crm_customers/" + id)
                && !mirror.documents.containsKey(orderDoc));
        List<String> calls = mirror.calls.stream().filter(c -> c.endsWith("crm_customers/" + id)).toList();
        assertEquals(List.of("set crm_customers/" + id, "set crm_customers/" + id, "delete crm_customers/" + id), calls);
        assertTrue(query("SELECT 1 FROM firestore_outbox WHERE document_id = ? AND done_at IS NULL", id).isEmpty());
    }

    @Test
    void anOutageNeitherFailsRequestsNorLosesWrites() {
        mirror.failing = true;
        String id = admin().body(Map.of("name", "During Outage")).post("/api/crm/customers")
                .then().statusCode(201).extract().path("id");
        eventually("a failed attempt recorded", () -> !query(
                "SELECT 1 FROM firestore_outbox WHERE document_id = ? AND attempts > 0 AND last_error IS NOT NULL AND done_at IS NULL", id).isEmpty());
        assertFalse(mirror.documents.containsKey("crm_customers/" + id));
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItem("Firestore outbox"));

        mirror.failing = false;
        eventually("the write arrives after recovery", () -> mirror.documents.containsKey("crm_customers/" + id));
        assertEquals("During Outage", doc("crm_customers/" + id).get("name"));
    }

    @Test
    void depthAndAgeAreMetricsAndReadinessData() {
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("bellsys_crm_outbox_depth"))
                .body(containsString("bellsys_crm_outbox_oldest_age_seconds"));
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'Firestore outbox' }.data.depth", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void backoffDoublesUpToTheCap() {
        assertEquals(Duration.ofSeconds(1), worker.backoff(1));
        assertEquals(Duration.ofSeconds(2), worker.backoff(2));
        assertEquals(Duration.ofSeconds(2), worker.backoff(30)); // capped by %test max PT2S
    }

    private Map<String, Object> doc(String path) {
        Map<String, Object> d = mirror.documents.get(path);
        assertNotNull(d, path);
        return d;
    }
}
