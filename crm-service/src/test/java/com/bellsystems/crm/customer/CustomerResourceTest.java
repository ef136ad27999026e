package com.bellsystems.crm.customer;

import static com.bellsystems.crm.Api.admin;
import static com.bellsystems.crm.Api.auditActions;
import static com.bellsystems.crm.Api.query;
import static com.bellsystems.crm.Api.staff;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bellsystems.common.testing.FirestoreEmulatorResource;
import com.bellsystems.common.testing.TestDatabaseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(TestDatabaseResource.class)
@WithTestResource(FirestoreEmulatorResource.class)
class CustomerResourceTest {

    static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    static Response create(Map<String, Object> body) {
        return admin().body(body).post("/api/crm/customers");
    }

    @Test
    void createGetAndAuditCreate() {
        String tag = "t" + unique();
        Response created = create(Map.of(
                "name",
                "Maria",
                "surname",
                "Papadopoulou",
                "organization",
                "St Nicholas",
                "tags",
                List.of(tag),
                "contacts",
                List.of(Map.of("type", "email", "value", "m@example.com")),
                "location",
                Map.of("city", "Athens", "lat", 37.98, "lng", 23.72)));
        created.then()
                .statusCode(201)
                .header("ETag", notNullValue())
                .header("Location", notNullValue())
                .body("name", equalTo("Maria"))
                .body("relationship_status", equalTo("lead"))
                .body("language", equalTo("el"))
                .body("tags", contains(tag))
                .body("contacts[0].value", equalTo("m@example.com"))
                .body("location.city", equalTo("Athens"));
        String id = created.path("id");
        assertEquals(20, id.length());
        admin().get("/api/crm/customers/" + id)
                .then()
                .statusCode(200)
                .header("ETag", equalTo(created.header("ETag")))
                .body("folder_id", equalTo(id));
        assertEquals(List.of("CREATE"), auditActions("customer", id));
        Map<String, Object> audit = query(
                        "SELECT actor_id, meta->>'request_id' AS rid FROM audit_log WHERE entity_id = ?", id)
                .get(0);
        assertEquals("admin-1", audit.get("actor_id"));
        assertTrue(audit.get("rid") != null);
    }

    @Test
    void listFiltersByStatusTagAndSearchAndPages() {
        String tag = "tag" + unique();
        String org = "Org" + unique();
        create(Map.of("name", "Alpha", "organization", org, "tags", List.of(tag, "x"), "relationship_status", "active"))
                .then()
                .statusCode(201);
        create(Map.of("name", "Beta", "organization", org, "tags", List.of(tag), "relationship_status", "lead"))
                .then()
                .statusCode(201);
        create(Map.of("name", "Gamma", "organization", org, "relationship_status", "active"))
                .then()
                .statusCode(201);

        admin().queryParam("tag", tag)
                .get("/api/crm/customers")
                .then()
                .statusCode(200)
                .body("items.name", containsInAnyOrder("Alpha", "Beta"));
        admin().queryParam("q", org.toLowerCase())
                .queryParam("relationship_status", "active")
                .get("/api/crm/customers")
                .then()
                .statusCode(200)
                .body("items.name", contains("Alpha", "Gamma"));
        admin().queryParam("q", org)
                .queryParam("size", 2)
                .get("/api/crm/customers")
                .then()
                .statusCode(200)
                .body("items", hasSize(2))
                .body("has_more", equalTo(true));
        admin().queryParam("q", org)
                .queryParam("size", 2)
                .queryParam("page", 1)
                .get("/api/crm/customers")
                .then()
                .statusCode(200)
                .body("items.name", contains("Gamma"))
                .body("has_more", equalTo(false));
        // a % in the search text is taken literally
        admin().queryParam("q", "%")
                .get("/api/crm/customers")
                .then()
                .statusCode(200)
                .body("items", hasSize(0));
        admin().queryParam("size", 500)
                .get("/api/crm/customers")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("size"));
    }

    @Test
    void shapeValidationNamesTheFields() {
        create(Map.of(
                        "name",
                        "X",
                        "contacts",
                        List.of(Map.of("type", "pigeon", "value", "")),
                        "location",
                        Map.of("lat", 123),
                        "owned_items",
                        List.of(Map.of("quantity", 0))))
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("contacts[0].type"))
                .body("errors.field", hasItem("contacts[0].value"))
                .body("errors.field", hasItem("location.lat"))
                .body("errors.field", hasItem("owned_items[0].name"))
                .body("errors.field", hasItem("owned_items[0].quantity"));
        create(Map.of("surname", "NoName")).then().statusCode(400).body("errors.field", hasItem("name"));
        create(Map.of("name", "X", "contacts", "not-a-list"))
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("contacts"));
        create(Map.of("name", "X", "relationship_status", "Not Valid!"))
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("relationship_status"));
    }

    @Test
    void updateNeedsTheCurrentVersion() {
        Response created = create(Map.of("name", "Nikos", "relationship_status", "lead"));
        String id = created.path("id");
        String etag = created.header("ETag");

        admin().body(Map.of("surname", "A"))
                .patch("/api/crm/customers/" + id)
                .then()
                .statusCode(428);
        Response updated = admin().header("If-Match", etag)
                .body(Map.of("surname", "Georgiou", "relationship_status", "active"))
                .patch("/api/crm/customers/" + id);
        updated.then()
                .statusCode(200)
                .body("surname", equalTo("Georgiou"))
                .body("name", equalTo("Nikos"))
                .body("relationship_status", equalTo("active"));
        assertNotEquals(etag, updated.header("ETag"));
        // a second editor still holding the first version is refused, not silently overwritten
        admin().header("If-Match", etag)
                .body(Map.of("surname", "Lost"))
                .patch("/api/crm/customers/" + id)
                .then()
                .statusCode(412);
        admin().get("/api/crm/customers/" + id).then().body("surname", equalTo("Georgiou"));

        assertEquals(List.of("CREATE", "UPDATE", "STATUS_CHANGE"), auditActions("customer", id));
        Map<String, Object> change = query(
                        "SELECT changes::text AS c FROM audit_log WHERE entity_id = ? AND action = 'UPDATE'", id)
                .get(0);
        assertTrue(
                change.get("c").toString().contains("\"surname\": {\"new\": \"Georgiou\", \"old\": null}"),
                change.toString());

        admin().header("If-Match", updated.header("ETag"))
                .body(Map.of("contacts", List.of(Map.of("type", "x"))))
                .patch("/api/crm/customers/" + id)
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("contacts[0].type"));
    }

    @Test
    void notFoundAndDelete() {
        admin().get("/api/crm/customers/nope").then().statusCode(404).contentType("application/problem+json");
        admin().header("If-Match", "\"1\"")
                .body(Map.of("name", "x"))
                .patch("/api/crm/customers/nope")
                .then()
                .statusCode(404);
        String id = create(Map.of("name", "Gone")).path("id");
        admin().delete("/api/crm/customers/" + id).then().statusCode(204);
        admin().get("/api/crm/customers/" + id).then().statusCode(404);
        admin().delete("/api/crm/customers/" + id).then().statusCode(404);
        assertEquals(List.of("CREATE", "DELETE"), auditActions("customer", id));
    }

    @Test
    void permissions() {
        given().get("/api/crm/customers").then().statusCode(401);
        staff("notes", "view").get("/api/crm/customers").then().statusCode(403);
        staff("crm", "view").get("/api/crm/customers").then().statusCode(200);
        staff("crm", "view")
                .body(Map.of("name", "x"))
                .post("/api/crm/customers")
                .then()
                .statusCode(403);
        staff("crm", "view", "edit")
                .body(Map.of("name", "x"))
                .post("/api/crm/customers")
                .then()
                .statusCode(201);
    }
}
