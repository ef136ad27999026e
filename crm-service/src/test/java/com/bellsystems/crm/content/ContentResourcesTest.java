package com.bellsystems.crm.content;

import static com.bellsystems.crm.Api.admin;
import static com.bellsystems.crm.Api.auditActions;
import static com.bellsystems.crm.Api.query;
import static com.bellsystems.crm.Api.staff;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.bellsystems.common.testing.FirestoreEmulatorResource;
import com.bellsystems.common.testing.TestDatabaseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Products, quotations, comms, media, sync state, notes, tickets and melodies on real Postgres. */
@QuarkusTest
@WithTestResource(TestDatabaseResource.class)
@WithTestResource(FirestoreEmulatorResource.class)
class ContentResourcesTest {

    static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void products() {
        String sku = "SKU-" + unique();
        Response created = admin().body(Map.of("name", "Bell 50kg", "sku", sku, "price", 1200.5, "category", "bells"))
                .post("/api/crm/products");
        created.then().statusCode(201).body("price", equalTo(1200.50f)).body("vat_percent", equalTo(24.00f));
        String id = created.path("id");
        admin().body(Map.of("name", "Dup", "sku", sku))
                .post("/api/crm/products")
                .then()
                .statusCode(409);
        admin().body(Map.of("name", "Bad", "price", -1, "vat_percent", 101))
                .post("/api/crm/products")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("price"))
                .body("errors.field", hasItem("vat_percent"));
        admin().body(Map.of("price", 1)).patch("/api/crm/products/" + id).then().statusCode(428);
        admin().header("If-Match", created.header("ETag"))
                .body(Map.of("price", 1100))
                .patch("/api/crm/products/" + id)
                .then()
                .statusCode(200)
                .body("price", equalTo(1100.00f));
        admin().header("If-Match", created.header("ETag"))
                .body(Map.of("price", 1))
                .patch("/api/crm/products/" + id)
                .then()
                .statusCode(412);
        admin().queryParam("category", "bells")
                .get("/api/crm/products")
                .then()
                .statusCode(200)
                .body("items.id", hasItem(id));
        assertEquals(
                1,
                query(
                                                "SELECT 1 FROM firestore_outbox WHERE collection = 'crm_products' AND document_id = ? AND operation = 'create'",
                                                id)
                                        .size()
                                > 0
                        ? 1
                        : 0);
        admin().delete("/api/crm/products/" + id).then().statusCode(204);
        admin().get("/api/crm/products/" + id).then().statusCode(404);
        assertEquals(List.of("CREATE", "UPDATE", "DELETE"), auditActions("product", id));
        staff("crm", "view")
                .body(Map.of("name", "x"))
                .post("/api/crm/products")
                .then()
                .statusCode(403);
    }

    @Test
    void quotationTotalsAreComputedOnTheServer() {
        String number = "Q-" + unique();
        // lines: 2 x 100.00 less 10% = 180.00 ; 3 x 33.333 = 99.999 -> 100.00 ; subtotal 280.00
        // discount 5% = 14.00 ; net = 266.00 + shipping 20 + install 14 = 300.00 ; vat 24% = 72.00 ; total 372.00
        Response created = admin().body(Map.of(
                        "quotation_number",
                        number,
                        "global_discount_percent",
                        5,
                        "shipping_cost",
                        20,
                        "install_cost",
                        14,
                        "vat_percent",
                        24,
                        "total",
                        1,
                        "items",
                        List.of(
                                Map.of("description", "Bell", "unit_cost", 100, "quantity", 2, "discount_percent", 10),
                                Map.of("description", "Clapper", "unit_cost", 33.333, "quantity", 3))))
                .post("/api/crm/quotations");
        created.then().statusCode(400).body("errors.field", hasItem("items[1].unit_cost"));
        created = admin().body(Map.of(
                        "quotation_number",
                        number,
                        "global_discount_percent",
                        5,
                        "shipping_cost",
                        20,
                        "install_cost",
                        14,
                        "vat_percent",
                        24,
                        "total",
                        1,
                        "items",
                        List.of(
                                Map.of("description", "Bell", "unit_cost", 100, "quantity", 2, "discount_percent", 10),
                                Map.of("description", "Clapper", "unit_cost", 33.33, "quantity", 3))))
                .post("/api/crm/quotations");
        // 3 x 33.33 = 99.99 ; subtotal 279.99 ; discount 14.00 (13.9995) ; net 265.99 + 34 = 299.99 ; vat 72.00
        // (71.9976) ; total 371.99
        created.then()
                .statusCode(201)
                .body("items", hasSize(2))
                .body("items[0].line_total", equalTo(180.00f))
                .body("subtotal", equalTo(279.99f))
                .body("discount_amount", equalTo(14.00f))
                .body("vat_amount", equalTo(72.00f))
                .body("total", equalTo(371.99f));
        String id = created.path("id");
        assertEquals(
                new BigDecimal("371.99"),
                query("SELECT total FROM crm_quotations WHERE id = ?", id)
                        .get(0)
                        .get("total"));
        admin().body(Map.of("quotation_number", number))
                .post("/api/crm/quotations")
                .then()
                .statusCode(409);
        // changing only the shipping recomputes from the stored lines
        admin().header("If-Match", created.header("ETag"))
                .body(Map.of("shipping_cost", 0))
                .patch("/api/crm/quotations/" + id)
                .then()
                .statusCode(200)
                .body("items", hasSize(2))
                .body("total", equalTo(347.19f));
        admin().get("/api/crm/quotations/nope").then().statusCode(404);
        assertEquals(List.of("CREATE", "UPDATE"), auditActions("quotation", id));
        admin().body(Map.of("title", "no number"))
                .post("/api/crm/quotations")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("quotation_number"));
    }

    @Test
    void commsMediaAndSyncState() {
        String customer = "c-" + unique();
        String comm = admin().body(Map.of(
                        "customer_id",
                        customer,
                        "channel",
                        "email",
                        "subject",
                        "Hello",
                        "to_addresses",
                        List.of("a@example.com")))
                .post("/api/crm/comms")
                .then()
                .statusCode(201)
                .body("is_read", equalTo(false))
                .extract()
                .path("id");
        admin().body(Map.of("channel", "pigeon"))
                .post("/api/crm/comms")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("channel"));
        admin().body(Map.of("is_read", true))
                .patch("/api/crm/comms/" + comm)
                .then()
                .statusCode(200)
                .body("is_read", equalTo(true));
        admin().queryParam("customer_id", customer)
                .get("/api/crm/comms")
                .then()
                .statusCode(200)
                .body("items", hasSize(1));
        assertEquals(List.of("CREATE", "UPDATE"), auditActions("comms", comm));

        String media = admin().body(
                        Map.of("customer_id", customer, "filename", "a.jpg", "nextcloud_path", "/crm/a.jpg"))
                .post("/api/crm/media")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        admin().body(Map.of("filename", "a.jpg", "nextcloud_path", "relative"))
                .post("/api/crm/media")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("nextcloud_path"));
        admin().delete("/api/crm/media/" + media).then().statusCode(204);
        admin().delete("/api/crm/media/" + media).then().statusCode(404);

        String key = "mail.last_uid." + unique();
        Response put = admin().body(Map.of("uid", 41)).put("/api/crm/sync-state/" + key);
        put.then().statusCode(200).body("value.uid", equalTo(41));
        admin().header("If-Match", "\"1\"")
                .body(Map.of("uid", 42))
                .put("/api/crm/sync-state/" + key)
                .then()
                .statusCode(412);
        admin().header("If-Match", put.header("ETag"))
                .body(Map.of("uid", 42))
                .put("/api/crm/sync-state/" + key)
                .then()
                .statusCode(200)
                .body("value.uid", equalTo(42));
        admin().get("/api/crm/sync-state/" + key).then().statusCode(200).body("value.uid", equalTo(42));
        staff("crm", "view")
                .body(Map.of("uid", 1))
                .put("/api/crm/sync-state/" + key)
                .then()
                .statusCode(403);
    }

    @Test
    void notesWithLinks() {
        String customer = "c-" + unique();
        Response created = admin().body(Map.of(
                        "entry_type",
                        "issue",
                        "title",
                        "Bell cracked",
                        "tags",
                        List.of("hw"),
                        "links",
                        List.of(Map.of("linked_type", "customer", "linked_id", customer))))
                .post("/api/notes");
        created.then().statusCode(201).body("links", hasSize(1)).body("status", equalTo("open"));
        String id = created.path("id");
        admin().queryParam("linked_type", "customer")
                .queryParam("linked_id", customer)
                .get("/api/notes")
                .then()
                .statusCode(200)
                .body("items.id", equalTo(List.of(id)));
        admin().header("If-Match", created.header("ETag"))
                .body(Map.of("status", "resolved"))
                .patch("/api/notes/" + id)
                .then()
                .statusCode(200)
                .body("resolved_at", notNullValue())
                .body("links", hasSize(1));
        assertEquals(List.of("CREATE", "UPDATE", "STATUS_CHANGE"), auditActions("entry", id));
        admin().body(Map.of("entry_type", "memo", "title", ""))
                .post("/api/notes")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("entry_type"))
                .body("errors.field", hasItem("title"));
        staff("notes", "view")
                .body(Map.of("title", "x"))
                .post("/api/notes")
                .then()
                .statusCode(403);
        staff("notes", "view").get("/api/notes").then().statusCode(200);
        staff("crm", "view").get("/api/notes").then().statusCode(403);
    }

    @Test
    void ticketsWithMessages() {
        Response created = admin().body(Map.of("subject", "Bell silent", "requester_email", "r@example.com"))
                .post("/api/tickets");
        created.then().statusCode(201).body("closed_at", nullValue());
        String id = created.path("id");
        admin().body(Map.of("body", "Checked the controller", "internal", true))
                .post("/api/tickets/" + id + "/messages")
                .then()
                .statusCode(201)
                .body("author_name", equalTo("Ada Admin"));
        admin().body(Map.of("body", ""))
                .post("/api/tickets/" + id + "/messages")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("body"));
        admin().body(Map.of("body", "x"))
                .post("/api/tickets/nope/messages")
                .then()
                .statusCode(404);
        admin().get("/api/tickets/" + id + "/messages").then().statusCode(200).body("items", hasSize(1));
        // the message moved the ticket's version: the ETag from before it is stale
        admin().header("If-Match", created.header("ETag"))
                .body(Map.of("status", "closed"))
                .patch("/api/tickets/" + id)
                .then()
                .statusCode(412);
        String etag = admin().get("/api/tickets/" + id).header("ETag");
        admin().header("If-Match", etag)
                .body(Map.of("status", "closed"))
                .patch("/api/tickets/" + id)
                .then()
                .statusCode(200)
                .body("closed_at", notNullValue());
        admin().body(Map.of("subject", "x", "requester_email", "not-an-email"))
                .post("/api/tickets")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("requester_email"));
        assertEquals(List.of("CREATE", "UPDATE", "STATUS_CHANGE"), auditActions("ticket", id));
        staff("tickets", "view")
                .body(Map.of("subject", "x"))
                .post("/api/tickets")
                .then()
                .statusCode(403);
        given().get("/api/tickets").then().statusCode(401);
    }

    @Test
    void melodiesDraftsBuiltAndPublishPermissions() {
        Response draft = admin().body(Map.of("name", "Vespers", "data", Map.of("bpm", 60)))
                .post("/api/melodies");
        draft.then().statusCode(201).body("status", equalTo("draft"));
        String id = draft.path("id");
        admin().header("If-Match", draft.header("ETag"))
                .body(Map.of("name", "Vespers II"))
                .patch("/api/melodies/" + id)
                .then()
                .statusCode(200)
                .body("name", equalTo("Vespers II"));
        staff("melodies", "view", "edit")
                .post("/api/melodies/" + id + "/publish")
                .then()
                .statusCode(403);
        staff("melodies", "view", "edit", "publish")
                .post("/api/melodies/" + id + "/publish")
                .then()
                .statusCode(200)
                .body("status", equalTo("published"))
                .body("published_at", notNullValue());
        assertEquals(
                1,
                query(
                                "SELECT 1 FROM firestore_outbox WHERE collection = 'melodies' AND document_id = ? AND operation = 'set'",
                                id)
                        .size());
        admin().post("/api/melodies/" + id + "/unpublish")
                .then()
                .statusCode(200)
                .body("status", equalTo("draft"));
        admin().post("/api/melodies/" + id + "/unpublish").then().statusCode(409);
        admin().post("/api/melodies/nope/publish").then().statusCode(404);
        assertEquals(List.of("CREATE", "UPDATE", "PUBLISH", "UNPUBLISH"), auditActions("melody", id));

        Response built = admin().body(Map.of(
                        "name",
                        "Vespers build",
                        "steps",
                        List.of(Map.of("bell", 1, "ms", 500)),
                        "assigned_melody_ids",
                        List.of(id)))
                .post("/api/melodies/built");
        built.then().statusCode(201).body("steps[0].bell", equalTo(1)).body("is_builtin", equalTo(false));
        String builtId = built.path("id");
        admin().get("/api/melodies/built/" + builtId)
                .then()
                .statusCode(200)
                .body("assigned_melody_ids", equalTo(List.of(id)));
        admin().body(Map.of("name", "x", "steps", "nope"))
                .post("/api/melodies/built")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("steps"));
        admin().delete("/api/melodies/built/" + builtId).then().statusCode(204);
        staff("crm", "view", "edit").get("/api/melodies").then().statusCode(403);
        admin().delete("/api/melodies/" + id).then().statusCode(204);
    }
}
