package com.bellsystems.crm.outbox;

import static com.bellsystems.crm.Api.admin;
import static com.bellsystems.crm.Api.query;
import static com.bellsystems.crm.outbox.OutboxTest.eventually;
import static com.bellsystems.crm.outbox.OutboxTest.firestore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bellsystems.common.testing.FirestoreEmulatorResource;
import com.bellsystems.common.testing.TestDatabaseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * After the rollback window a collection's mirror is switched off with
 * {@code bellsys.crm.mirror.<collection>.enabled=false}: its mutations enqueue nothing and nothing
 * reaches Firestore, while the other collections (here the orders) keep mirroring.
 */
@QuarkusTest
@TestProfile(MirrorSwitchTest.CustomersMirrorOff.class)
@WithTestResource(TestDatabaseResource.class)
@WithTestResource(FirestoreEmulatorResource.class)
class MirrorSwitchTest {

    public static class CustomersMirrorOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("bellsys.crm.mirror.crm_customers.enabled", "false");
        }
    }

    static long outboxRows(String collection, String documentId) {
        return (long) query(
                        "SELECT count(*) AS n FROM firestore_outbox WHERE collection = ? AND document_id = ?",
                        collection,
                        documentId)
                .get(0)
                .get("n");
    }

    @Test
    void aSwitchedOffCollectionEnqueuesAndSendsNothingWhileOthersStillMirror() {
        var created = admin().body(Map.of("name", "Not Mirrored", "tags", List.of("vip")))
                .post("/api/crm/customers");
        created.then().statusCode(201);
        String id = created.path("id");
        String etag = admin().header("If-Match", created.header("ETag"))
                .body(Map.of("surname", "Still Not"))
                .patch("/api/crm/customers/" + id)
                .then()
                .statusCode(200)
                .extract()
                .header("ETag");
        // the customer's mutations committed (and were audited) without any outbox row
        assertEquals(List.of("CREATE", "UPDATE"), com.bellsystems.crm.Api.auditActions("customer", id));
        assertEquals(0, outboxRows("crm_customers", id));

        // orders are still mirrored: enqueued in the order's transaction and delivered
        String order = admin().body(
                        Map.of("items", List.of(Map.of("description", "Bell", "quantity", 1, "unit_price", 99))))
                .post("/api/crm/customers/" + id + "/orders")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String orderCollection = "crm_customers/" + id + "/orders";
        assertEquals(1, outboxRows(orderCollection, order));
        String orderDoc = orderCollection + "/" + order;
        eventually("order mirrored", () -> firestore().exists(orderDoc));
        assertEquals(99.0, firestore().get(orderDoc).get("total_price"));
        // the worker has drained everything pending (the customer's writes, had there been any, were older)
        eventually("outbox drained", () -> query("SELECT 1 FROM firestore_outbox WHERE done_at IS NULL")
                .isEmpty());
        assertFalse(firestore().exists("crm_customers/" + id), "a switched-off collection must not reach Firestore");
        assertTrue(firestore().paths("crm_customers").stream().noneMatch(p -> p.endsWith("/" + id)));

        // deleting the customer: no customer delete is enqueued, but its cascaded order is removed from Firestore
        admin().header("If-Match", etag)
                .delete("/api/crm/customers/" + id)
                .then()
                .statusCode(204);
        assertEquals(0, outboxRows("crm_customers", id));
        assertEquals(1, (long) query(
                        "SELECT count(*) AS n FROM firestore_outbox WHERE collection = ? AND document_id = ?"
                                + " AND operation = 'delete'",
                        orderCollection,
                        order)
                .get(0)
                .get("n"));
        eventually("cascaded order removed from Firestore", () -> !firestore().exists(orderDoc));
        assertEquals(
                0,
                query("SELECT 1 FROM firestore_outbox WHERE collection = 'crm_customers'")
                        .size());
    }
}
