package com.bellsystems.crm.outbox;

import static com.bellsystems.crm.Api.admin;
import static com.bellsystems.crm.Api.query;
import static com.bellsystems.crm.outbox.OutboxTest.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bellsystems.common.testing.FirestoreEmulatorResource;
import com.bellsystems.common.testing.TestDatabaseResource;
import com.bellsystems.firestore.FirestoreValues;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.GeoPoint;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The rollback window's exact mirror: a legacy document with fields bellsys does not know (seeded
 * in Firestore, its row in Postgres as Phase 2 would have made it) is changed through the crm API,
 * and afterwards equals the original except the fields the change wrote, types included
 * (Timestamps stay Timestamps, GeoPoints GeoPoints, references references). The change's
 * {@code updated_at} is one of the fields it wrote (a Timestamp, equal to the row's).
 */
@QuarkusTest
@WithTestResource(TestDatabaseResource.class)
@WithTestResource(FirestoreEmulatorResource.class)
class ExactMirrorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final Timestamp T1 = Timestamp.ofTimeSecondsAndNanos(1_700_000_000L, 123_456_000);
    static final Timestamp T2 = Timestamp.ofTimeSecondsAndNanos(1_710_000_000L, 0);

    static Firestore db() {
        return FirestoreDocuments.current().db();
    }

    static Map<String, Object> doc(String path) {
        return FirestoreDocuments.current().get(path);
    }

    static void seed(String path, Map<String, Object> data) throws Exception {
        db().document(path).set(data).get(30, TimeUnit.SECONDS);
    }

    /** A document field as the Phase 2 jobs stored it in a JSONB column. */
    static String json(Object firestoreValue) throws Exception {
        return JSON.writeValueAsString(FirestoreValues.toJson(firestoreValue));
    }

    static OffsetDateTime time(Timestamp t) {
        return FirestoreValues.toOffsetDateTime(t);
    }

    /** Waits until every outbox row of the document has been sent (and there was at least one merge). */
    static void mirrored(String path) {
        eventually(
                "the change of " + path + " reached Firestore",
                () -> !query("SELECT 1 FROM firestore_outbox WHERE document_path = ? AND operation = 'merge'", path)
                                .isEmpty()
                        && query("SELECT 1 FROM firestore_outbox WHERE document_path = ? AND done_at IS NULL", path)
                                .isEmpty());
    }

    static String etag(String url) {
        return admin().get(url).then().statusCode(200).extract().header("ETag");
    }

    /** Every field but {@code changed} is exactly the original (value and Firestore type); no field came or went. */
    static void assertSameExcept(Map<String, Object> original, Map<String, Object> now, Set<String> changed) {
        Set<String> names = new HashSet<>(original.keySet());
        names.addAll(now.keySet());
        for (String name : names) {
            if (!changed.contains(name)) {
                assertTrue(now.containsKey(name), "field " + name + " was removed");
                assertEquals(original.get(name), now.get(name), "field " + name + " changed");
            }
        }
        Set<String> before = new HashSet<>(original.keySet());
        Set<String> after = new HashSet<>(now.keySet());
        before.removeAll(changed);
        after.removeAll(changed);
        assertEquals(before, after, "the document's field names besides the changed ones");
    }

    /** The row's updated_at as the Timestamp the mirror must have written. */
    static void assertUpdatedAtOfRow(String table, String id, Map<String, Object> now) {
        Object updated = now.get("updated_at");
        assertInstanceOf(Timestamp.class, updated, "updated_at stays a Timestamp");
        java.sql.Timestamp row = (java.sql.Timestamp) query("SELECT updated_at FROM " + table + " WHERE id = ?", id)
                .get(0)
                .get("updated_at");
        assertEquals(row.toInstant(), FirestoreValues.toInstant((Timestamp) updated));
    }

    @Test
    void aCustomerKeepsEveryFieldAndTypeBellsysDidNotChange() throws Exception {
        String id = "legacy-" + UUID.randomUUID();
        String path = "crm_customers/" + id;
        Map<String, Object> note = new LinkedHashMap<>();
        note.put("text", "first visit");
        note.put("at", T1);
        note.put("by", db().document("admin_users/u1"));
        Map<String, Object> legacy = new LinkedHashMap<>();
        legacy.put("name", "Ιερός Ναός Αγίου Γεωργίου");
        legacy.put("surname", "Old");
        legacy.put("folder_id", "F-" + id);
        legacy.put("language", "el");
        legacy.put("relationship_status", "lead");
        legacy.put("notes", List.of(note));
        legacy.put("location", new GeoPoint(37.98, 23.72));
        legacy.put("tags", List.of("church"));
        legacy.put("created_at", T1);
        legacy.put("updated_at", T2);
        // what only the app / the old Console / Firestore hold
        legacy.put("negotiating", true);
        legacy.put("app_rating", 5L);
        legacy.put("last_app_sync", T2);
        legacy.put("owner", db().document("users/app-u9"));
        legacy.put("app_geo", new GeoPoint(1.5, 2.5));
        seed(path, legacy);
        query(
                """
                INSERT INTO crm_customers (id, firestore_id, name, surname, folder_id, language, relationship_status,
                    notes, location, tags, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, 'el', 'lead', ?::jsonb, ?::jsonb, '{church}', ?, ?) RETURNING id""",
                id,
                id,
                legacy.get("name"),
                "Old",
                legacy.get("folder_id"),
                json(legacy.get("notes")),
                json(legacy.get("location")),
                time(T1),
                time(T2));
        Map<String, Object> original = doc(path);

        // one text field
        admin().header("If-Match", etag("/api/crm/customers/" + id))
                .body(Map.of("surname", "New"))
                .patch("/api/crm/customers/" + id)
                .then()
                .statusCode(200);
        mirrored(path);
        Map<String, Object> now = doc(path);
        assertEquals("New", now.get("surname"));
        assertSameExcept(original, now, Set.of("surname", "updated_at"));
        assertUpdatedAtOfRow("crm_customers", id, now);

        // a JSONB field: the note the document had keeps its Timestamp and reference; a new
        // location is a GeoPoint again
        Map<String, Object> before = now;
        admin().header("If-Match", etag("/api/crm/customers/" + id))
                .body(Map.of(
                        "notes",
                        List.of(
                                Map.of("text", "first visit", "at", FirestoreValues.iso(T1), "by", "u1"),
                                Map.of("text", "second visit", "by", "u2")),
                        "location",
                        Map.of("lat", 38.0, "lng", 23.8)))
                .patch("/api/crm/customers/" + id)
                .then()
                .statusCode(200);
        eventually("the notes reached Firestore", () -> ((List<?>) doc(path).get("notes")).size() == 2);
        mirrored(path);
        now = doc(path);
        List<?> notes = (List<?>) now.get("notes");
        assertEquals(note, notes.get(0), "the legacy note, Timestamp and reference included");
        // a new note is typed like the legacy ones: its author is a reference too
        assertEquals(Map.of("text", "second visit", "by", db().document("admin_users/u2")), notes.get(1));
        assertEquals(new GeoPoint(38.0, 23.8), now.get("location"));
        assertSameExcept(before, now, Set.of("notes", "location", "updated_at"));
        assertUpdatedAtOfRow("crm_customers", id, now);
    }

    @Test
    void anOrderUnderItsCustomerKeepsItsLegacyFields() throws Exception {
        String customer = "legacy-" + UUID.randomUUID();
        String order = "o-" + UUID.randomUUID();
        String customerPath = "crm_customers/" + customer;
        String path = customerPath + "/orders/" + order;
        seed(customerPath, Map.of("name", "Μονή", "folder_id", "F-" + customer, "created_at", T1, "updated_at", T1));
        query(
                """
                INSERT INTO crm_customers (id, firestore_id, name, folder_id, created_at, updated_at)
                VALUES (?, ?, 'Μονή', ?, ?, ?) RETURNING id""",
                customer,
                customer,
                "F-" + customer,
                time(T1),
                time(T1));
        Map<String, Object> legacy = new LinkedHashMap<>();
        legacy.put("order_number", "ORD-" + order);
        legacy.put("title", "Καμπαναριό");
        legacy.put("status", "confirmed");
        legacy.put(
                "items",
                List.of(Map.of("product", db().document("crm_products/p1"), "quantity", 2L, "unit_price", 10.5)));
        legacy.put("subtotal", 21.0);
        legacy.put("total_price", 21.0);
        legacy.put("currency", "EUR");
        legacy.put("timeline", List.of(Map.of("at", T1, "event", "created")));
        legacy.put("created_at", T1);
        legacy.put("updated_at", T1);
        legacy.put("app_signature", Map.of("signed_at", T2, "where", new GeoPoint(37.1, 23.2)));
        seed(path, legacy);
        query(
                """
                INSERT INTO crm_orders (id, customer_id, order_number, title, status, items, subtotal, total_price,
                    currency, timeline, created_at, updated_at)
                VALUES (?, ?, ?, ?, 'confirmed', ?::jsonb, 21, 21, 'EUR', ?::jsonb, ?, ?) RETURNING id""",
                order,
                customer,
                legacy.get("order_number"),
                legacy.get("title"),
                json(legacy.get("items")),
                json(legacy.get("timeline")),
                time(T1),
                time(T1));
        Map<String, Object> original = doc(path);

        String url = "/api/crm/customers/" + customer + "/orders/" + order;
        admin().header("If-Match", etag(url))
                .body(Map.of("status", "paid"))
                .patch(url)
                .then()
                .statusCode(200);
        mirrored(path);
        Map<String, Object> now = doc(path);
        assertEquals("paid", now.get("status"));
        assertInstanceOf(Timestamp.class, now.get("status_updated_date"));
        assertInstanceOf(String.class, now.get("status_updated_by"));
        List<?> timeline = (List<?>) now.get("timeline");
        assertEquals(2, timeline.size());
        assertEquals(Map.of("at", T1, "event", "created"), timeline.get(0), "the legacy entry keeps its Timestamp");
        assertInstanceOf(
                Timestamp.class, ((Map<?, ?>) timeline.get(1)).get("at"), "a new entry is dated like the legacy ones");
        assertSameExcept(
                original, now, Set.of("status", "status_updated_date", "status_updated_by", "timeline", "updated_at"));
        assertUpdatedAtOfRow("crm_orders", order, now);
        // nothing was written at the top level or to the customer's document
        assertFalse(FirestoreDocuments.current().exists("orders/" + order));
        assertEquals(T1, doc(customerPath).get("updated_at"));
    }

    @Test
    void aProductKeepsItsLegacyFieldsAndADeleteDeletesIt() throws Exception {
        String id = "p-" + UUID.randomUUID();
        String path = "crm_products/" + id;
        Map<String, Object> legacy = new LinkedHashMap<>();
        legacy.put("name", "Καμπάνα 100 kg");
        legacy.put("sku", "BELL-" + id);
        legacy.put("category", "bells");
        legacy.put("price", 1500.0);
        legacy.put("currency", "EUR");
        legacy.put("stock_on_hand", 3L);
        legacy.put("created_at", T1);
        legacy.put("updated_at", T1);
        legacy.put("supplier", db().document("suppliers/s1"));
        legacy.put("app_gallery", List.of(Map.of("url", "https://x/1.jpg", "added", T2)));
        seed(path, legacy);
        query(
                """
                INSERT INTO crm_products (id, firestore_id, name, sku, category, price, currency, stock_on_hand,
                    created_at, updated_at)
                VALUES (?, ?, ?, ?, 'bells', 1500, 'EUR', 3, ?, ?) RETURNING id""",
                id,
                id,
                legacy.get("name"),
                legacy.get("sku"),
                time(T1),
                time(T1));
        Map<String, Object> original = doc(path);

        admin().header("If-Match", etag("/api/crm/products/" + id))
                .body(Map.of("price", 1750))
                .patch("/api/crm/products/" + id)
                .then()
                .statusCode(200);
        mirrored(path);
        Map<String, Object> now = doc(path);
        assertEquals(1750.0, now.get("price"), "money stays a double, as the legacy document has it");
        assertSameExcept(original, now, Set.of("price", "updated_at"));
        assertUpdatedAtOfRow("crm_products", id, now);

        admin().delete("/api/crm/products/" + id).then().statusCode(204);
        eventually("the product's document deleted", () -> !FirestoreDocuments.current()
                .exists(path));
    }
}
