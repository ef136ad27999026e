package com.bellsystems.crm.order;

import static com.bellsystems.crm.Api.admin;
import static com.bellsystems.crm.Api.auditActions;
import static com.bellsystems.crm.Api.query;
import static com.bellsystems.crm.Api.staff;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
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

@QuarkusTest
@WithTestResource(TestDatabaseResource.class)
@WithTestResource(FirestoreEmulatorResource.class)
class OrderResourceTest {

    static String customer() {
        return admin().body(Map.of("name", "Order Customer"))
                .post("/api/crm/customers")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    static String number() {
        return "ORD-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Map<String, Object> item(String qty, String price) {
        return Map.of("description", "Bell", "quantity", new BigDecimal(qty), "unit_price", new BigDecimal(price));
    }

    @Test
    void totalsAreComputedOnTheServer() {
        String c = customer();
        // 3 x 19.995 = 59.985 -> 59.99 ; 0.5 x 0.01 = 0.005 -> 0.01 ; subtotal 60.00 ; 12.5% -> 7.50 ; total 52.50
        Response created = admin().body(Map.of(
                        "order_number",
                        number(),
                        "items",
                        List.of(item("3", "19.995"), item("0.5", "0.01")),
                        "discount",
                        Map.of("type", "percent", "value", 12.5),
                        "subtotal",
                        1,
                        "total_price",
                        1))
                .post("/api/crm/customers/" + c + "/orders");
        created.then()
                .statusCode(201)
                .body("items[0].line_total", equalTo(59.99f))
                .body("items[1].line_total", equalTo(0.01f))
                .body("subtotal", equalTo(60.00f))
                .body("discount.amount", equalTo(7.50f))
                .body("total_price", equalTo(52.50f))
                .body("status", equalTo("negotiating"))
                .body("timeline", hasSize(1));
        String id = created.path("id");
        Map<String, Object> row = query("SELECT subtotal, total_price FROM crm_orders WHERE id = ?", id)
                .get(0);
        assertEquals(new BigDecimal("60.00"), row.get("subtotal"));
        assertEquals(new BigDecimal("52.50"), row.get("total_price"));

        // an amount discount, changed alone, is applied to the stored lines
        admin().header("If-Match", created.header("ETag"))
                .body(Map.of("discount", Map.of("type", "amount", "value", 10.004)))
                .patch("/api/crm/customers/" + c + "/orders/" + id)
                .then()
                .statusCode(200)
                .body("subtotal", equalTo(60.00f))
                .body("total_price", equalTo(50.00f));
    }

    @Test
    void discountRulesAre422WithTheField() {
        String c = customer();
        admin().body(Map.of("items", List.of(item("1", "10")), "discount", Map.of("type", "percent", "value", 101)))
                .post("/api/crm/customers/" + c + "/orders")
                .then()
                .statusCode(422)
                .body("errors.field", hasItem("discount.value"));
        admin().body(Map.of("items", List.of(item("1", "10")), "discount", Map.of("type", "amount", "value", 10.01)))
                .post("/api/crm/customers/" + c + "/orders")
                .then()
                .statusCode(422)
                .body("errors.field", hasItem("discount.value"));
        admin().body(Map.of(
                        "items",
                        List.of(Map.of("description", "", "quantity", -1)),
                        "discount",
                        Map.of("type", "gift", "value", 1)))
                .post("/api/crm/customers/" + c + "/orders")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("items[0].description"))
                .body("errors.field", hasItem("items[0].quantity"))
                .body("errors.field", hasItem("items[0].unit_price"))
                .body("errors.field", hasItem("discount.type"));
    }

    @Test
    void orderNumberClashIs409AndMissingCustomer404() {
        String c = customer();
        String n = number();
        admin().body(Map.of("order_number", n))
                .post("/api/crm/customers/" + c + "/orders")
                .then()
                .statusCode(201);
        admin().body(Map.of("order_number", n))
                .post("/api/crm/customers/" + c + "/orders")
                .then()
                .statusCode(409);
        admin().body(Map.of("order_number", number()))
                .post("/api/crm/customers/nobody/orders")
                .then()
                .statusCode(404);
        admin().get("/api/crm/customers/" + c + "/orders/nope").then().statusCode(404);
        // an order is only reachable under its own customer
        String other = customer();
        String id = admin().body(Map.of())
                .post("/api/crm/customers/" + c + "/orders")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        admin().get("/api/crm/customers/" + other + "/orders/" + id).then().statusCode(404);
        admin().header("If-Match", "*")
                .body(Map.of("title", "x"))
                .patch("/api/crm/customers/" + other + "/orders/" + id)
                .then()
                .statusCode(404);
    }

    @Test
    void statusChangeAppendsTimelineAndAudits() {
        String c = customer();
        Response created = admin().body(Map.of("order_number", number())).post("/api/crm/customers/" + c + "/orders");
        String id = created.path("id");
        String path = "/api/crm/customers/" + c + "/orders/" + id;
        admin().body(Map.of("status", "confirmed")).patch(path).then().statusCode(428);
        Response confirmed = admin().header("If-Match", created.header("ETag"))
                .body(Map.of("status", "confirmed"))
                .patch(path);
        confirmed
                .then()
                .statusCode(200)
                .body("status", equalTo("confirmed"))
                .body("timeline", hasSize(2))
                .body("timeline[1].status", equalTo("confirmed"))
                .body("timeline[1].by", equalTo("Ada Admin"))
                .body("status_updated_by", equalTo("Ada Admin"));
        admin().header("If-Match", created.header("ETag"))
                .body(Map.of("status", "shipped"))
                .patch(path)
                .then()
                .statusCode(412);
        assertEquals(List.of("CREATE", "UPDATE", "STATUS_CHANGE"), auditActions("order", id));

        // a status only this run uses (statuses are lower-case letters and underscores)
        String status = "cancelled_" + UUID.randomUUID().toString().replaceAll("[^a-f]", "");
        String cancelledId = admin().body(Map.of("order_number", number(), "status", status))
                .post("/api/crm/customers/" + c + "/orders")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        admin().queryParam("status", status)
                .get("/api/crm/orders")
                .then()
                .statusCode(200)
                .body("items.id", equalTo(List.of(cancelledId)));
        admin().queryParam("status", "confirmed")
                .get("/api/crm/orders")
                .then()
                .statusCode(200)
                .body("items.status", everyItem(equalTo("confirmed")));
        admin().get("/api/crm/customers/" + c + "/orders")
                .then()
                .statusCode(200)
                .body("items", hasSize(2));

        admin().delete(path).then().statusCode(204);
        assertEquals(List.of("CREATE", "UPDATE", "STATUS_CHANGE", "DELETE"), auditActions("order", id));
    }

    @Test
    void permissions() {
        String c = customer();
        staff("crm", "view")
                .body(Map.of())
                .post("/api/crm/customers/" + c + "/orders")
                .then()
                .statusCode(403);
        staff("crm", "view").get("/api/crm/orders").then().statusCode(200);
        staff("tickets", "view", "edit").get("/api/crm/orders").then().statusCode(403);
    }
}
