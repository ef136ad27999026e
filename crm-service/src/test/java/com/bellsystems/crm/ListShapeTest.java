package com.bellsystems.crm;

import static com.bellsystems.crm.Api.admin;
import static com.bellsystems.crm.Api.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bellsystems.common.testing.FirestoreEmulatorResource;
import com.bellsystems.common.testing.TestDatabaseResource;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Lists are rendered to JSON by Postgres, single records by the service (Rows.toMap + Jackson); both
 * must give the same record: same keys in the same order, same values (timestamps as ISO-8601 UTC
 * strings with the fraction trimmed, money as numbers, JSONB as nested JSON). The order's outbox
 * payload, written in the same statement as the order, must be that record too.
 */
@QuarkusTest
@WithTestResource(TestDatabaseResource.class)
@WithTestResource(FirestoreEmulatorResource.class)
class ListShapeTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static Map<String, Object> parse(String json) {
        try {
            return JSON.readValue(json, new TypeReference<Map<String, Object>>() {});
        } catch (Exception e) {
            throw new AssertionError(json, e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> onlyItem(String pageJson) {
        Map<String, Object> page = parse(pageJson);
        assertEquals(List.of("items", "page", "size", "has_more"), new ArrayList<>(page.keySet()));
        List<Map<String, Object>> items = (List<Map<String, Object>>) page.get("items");
        assertEquals(1, items.size(), pageJson);
        return items.get(0);
    }

    static void assertSameRecord(Map<String, Object> single, Map<String, Object> listed) {
        assertEquals(new ArrayList<>(single.keySet()), new ArrayList<>(listed.keySet()), "keys and their order");
        assertEquals(single, listed);
    }

    @Test
    void aListedCustomerIsTheSameJsonAsTheCustomer() {
        String org = "Shape " + UUID.randomUUID();
        String id = admin().body(Map.of(
                        "name",
                        "Eleni",
                        "surname",
                        "Ioannou",
                        "organization",
                        org,
                        "tags",
                        List.of("vip", "bells"),
                        "contacts",
                        List.of(Map.of("type", "email", "value", "e@example.com")),
                        "location",
                        Map.of("city", "Patras", "lat", 38.25, "lng", 21.7),
                        "owned_items",
                        List.of(Map.of("name", "Bell 40 cm", "quantity", 2))))
                .post("/api/crm/customers")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        for (String[] times : new String[][] {
            {"2024-01-02 03:04:05+00", "2024-01-02T03:04:05Z"},
            {"2024-01-02 03:04:05.12+02", "2024-01-02T01:04:05.12Z"},
            {"2024-07-09 23:59:59.000001+00", "2024-07-09T23:59:59.000001Z"}
        }) {
            query("UPDATE crm_customers SET created_at = ?::timestamptz WHERE id = ? RETURNING id", times[0], id);
            Map<String, Object> single = parse(admin().get("/api/crm/customers/" + id)
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString());
            assertEquals(times[1], single.get("created_at"));
            Map<String, Object> listed = onlyItem(admin().queryParam("q", org)
                    .get("/api/crm/customers")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString());
            assertSameRecord(single, listed);
        }
    }

    @Test
    void aListedOrderAndItsOutboxPayloadAreTheSameJsonAsTheOrder() {
        String customer = admin().body(Map.of("name", "Orders Shape"))
                .post("/api/crm/customers")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String status = "shape_"
                + UUID.randomUUID().toString().substring(0, 8).replace('-', '_').replaceAll("[0-9]", "x");
        String order = admin().body(Map.of(
                        "status",
                        status,
                        "title",
                        "Shape",
                        "items",
                        List.of(
                                Map.of("description", "Bell", "quantity", 2, "unit_price", 199.99),
                                Map.of(
                                        "product_id",
                                        "p-1",
                                        "description",
                                        "Clapper",
                                        "quantity",
                                        1.5,
                                        "unit_price",
                                        45.5)),
                        "discount",
                        Map.of("type", "percent", "value", 10),
                        "shipping",
                        Map.of("method", "courier", "cost", 12.5)))
                .post("/api/crm/customers/" + customer + "/orders")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        Map<String, Object> single = parse(admin().get("/api/crm/customers/" + customer + "/orders/" + order)
                .then()
                .statusCode(200)
                .extract()
                .asString());
        assertTrue(single.get("created_at").toString().endsWith("Z"));
        assertEquals(421.41, ((Number) single.get("total_price")).doubleValue(), 1e-9);

        assertSameRecord(
                single,
                onlyItem(admin().get("/api/crm/customers/" + customer + "/orders")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString()));
        assertSameRecord(
                single,
                onlyItem(admin().queryParam("status", status)
                        .get("/api/crm/orders")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString()));

        List<Map<String, Object>> outbox =
                query("SELECT payload::text AS p, operation FROM firestore_outbox WHERE document_id = ?", order);
        assertEquals(1, outbox.size());
        // the one-statement create writes the order's legacy fields, typed for Firestore, with the
        // same values as the order's JSON (docs/firestore.md: a create is a merge of its fields)
        assertEquals("create", outbox.get(0).get("operation"));
        io.vertx.core.json.JsonObject payload =
                new io.vertx.core.json.JsonObject((String) outbox.get(0).get("p"));
        Map<String, Object> fields = com.bellsystems.common.outbox.MirrorFields.plainFields(payload);
        for (String legacyField : List.of(
                "order_number",
                "title",
                "status",
                "items",
                "subtotal",
                "discount",
                "total_price",
                "currency",
                "shipping",
                "timeline",
                "created_at",
                "updated_at")) {
            assertTrue(fields.containsKey(legacyField), legacyField);
        }
        assertFalse(fields.containsKey("id") || fields.containsKey("customer_id"), "the path names them");
        fields.forEach((name, value) -> {
            assertTrue(single.containsKey(name), name);
            Object expected = single.get(name);
            if (name.endsWith("_at") || name.endsWith("_date")) {
                assertEquals(
                        expected == null ? null : java.time.Instant.parse((String) expected),
                        value == null ? null : java.time.Instant.parse((String) value),
                        name);
            } else if (expected instanceof Number n) {
                assertEquals(n.doubleValue(), ((Number) value).doubleValue(), 1e-9, name);
            } else {
                assertEquals(expected, value, name);
            }
        });
        io.vertx.core.json.JsonObject typed = payload.getJsonObject("fields");
        assertTrue(typed.getJsonObject("created_at").containsKey("timestamp"));
        assertTrue(typed.getJsonObject("total_price").containsKey("double"));
        assertTrue(typed.getJsonObject("items").containsKey("json"));
        assertEquals(List.of("CREATE"), Api.auditActions("order", order));
        assertEquals(
                single.get("order_number"),
                query("SELECT entity_label FROM audit_log WHERE entity_type = 'order' AND entity_id = ?", order)
                        .get(0)
                        .get("entity_label"));
    }
}
