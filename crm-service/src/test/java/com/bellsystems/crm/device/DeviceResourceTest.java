package com.bellsystems.crm.device;

import static com.bellsystems.crm.Api.admin;
import static com.bellsystems.crm.Api.as;
import static com.bellsystems.crm.Api.auditActions;
import static com.bellsystems.crm.Api.query;
import static com.bellsystems.crm.Api.staff;
import static com.bellsystems.crm.device.LegacyFixtures.assertSameShape;
import static com.bellsystems.crm.device.LegacyFixtures.customer;
import static com.bellsystems.crm.device.LegacyFixtures.fixture;
import static com.bellsystems.crm.device.LegacyFixtures.read;
import static com.bellsystems.crm.device.LegacyFixtures.seed;
import static com.bellsystems.crm.device.LegacyFixtures.sql;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bellsystems.common.testing.FirestoreEmulatorResource;
import com.bellsystems.common.testing.TestDatabaseResource;
import com.bellsystems.common.testing.TestTokens;
import com.google.cloud.Timestamp;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The device registry on Google's Firestore emulator and a real Postgres: permissions, validation
 * problems, cursor paging, the telemetry join, assignments, retire, an audit row per change, and
 * documents written in the legacy shape the app reads (fixture firestore/legacy-device.json).
 */
@QuarkusTest
@WithTestResource(TestDatabaseResource.class)
@WithTestResource(FirestoreEmulatorResource.class)
class DeviceResourceTest {

    private static RequestSpecification editor() {
        return as(TestTokens.token(
                "ed-1", "Eleni Editor", "staff", Map.of("devices", Map.of("view", true, "edit", true))));
    }

    private static RequestSpecification viewer() {
        return staff("devices", "view");
    }

    private static Map<String, Object> fullDevice(String serial) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("serial_number", serial);
        body.put("device_name", "Tower " + serial);
        body.put("hw_type", "BS-CTRL-V3");
        body.put("firmware_version", "2.4.1");
        body.put("location", Map.of("lat", 40.6401, "lng", 22.9444));
        body.put("address", "Thessaloniki");
        body.put("timezone", "Europe/Athens");
        body.put(
                "settings",
                Map.of(
                        "volume",
                        5,
                        "tempo",
                        1.25,
                        "auto_ring",
                        false,
                        "silent_hours",
                        Map.of("from", "23:00", "to", "06:30"),
                        "melody_ids",
                        List.of("mel-9")));
        return body;
    }

    private static String create(Map<String, Object> body) {
        return editor().body(body)
                .post("/api/devices")
                .then()
                .statusCode(201)
                .header("Location", notNullValue())
                .body("serial_number", equalTo(body.get("serial_number")))
                .body("status", equalTo("active"))
                .extract()
                .path("id");
    }

    @Test
    void permissionsAreChecked() {
        given().get("/api/devices").then().statusCode(401);
        given().get("/api/devices/x1").then().statusCode(401);
        staff("crm", "view", "edit").get("/api/devices").then().statusCode(403);
        viewer().get("/api/devices").then().statusCode(200);
        viewer().body(fullDevice("BS-PERM-1"))
                .post("/api/devices")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        viewer().body(Map.of("device_name", "x"))
                .patch("/api/devices/x1")
                .then()
                .statusCode(403);
        viewer().post("/api/devices/x1/retire").then().statusCode(403);
        viewer().body(Map.of("user_id", "u"))
                .put("/api/devices/x1/owner")
                .then()
                .statusCode(403);
        viewer().body(Map.of("customer_id", "c"))
                .put("/api/devices/x1/customer")
                .then()
                .statusCode(403);
    }

    @Test
    void badInputIsAProblemNamingTheField() {
        editor().body(Map.of("serial_number", "bad serial", "location", Map.of("lat", 100, "lng", 0)))
                .post("/api/devices")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("serial_number"))
                .body("errors.field", hasItem("location.lat"));
        editor().body(Map.of("device_name", "no serial"))
                .post("/api/devices")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("serial_number"));
        viewer().get("/api/devices?status=lost").then().statusCode(400).body("errors.field", hasItem("status"));
        viewer().get("/api/devices?limit=0").then().statusCode(400).body("errors.field", hasItem("limit"));
        viewer().get("/api/devices?cursor=garbage").then().statusCode(400).body("errors.field", hasItem("cursor"));
        viewer().get("/api/devices/no-such-device").then().statusCode(404).contentType("application/problem+json");

        String id = create(fullDevice("BS-VAL-1"));
        editor().body(fullDevice("BS-VAL-1"))
                .post("/api/devices")
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
        editor().body(Map.of("serial_number", "BS-VAL-2"))
                .patch("/api/devices/" + id)
                .then()
                .statusCode(422)
                .body("errors.field", hasItem("serial_number"));
        editor().body(Map.of("customer_id", "no-such-customer"))
                .put("/api/devices/" + id + "/customer")
                .then()
                .statusCode(422)
                .body("errors.field", hasItem("customer_id"));
        editor().body(Map.of("user_id", "no-such-user"))
                .put("/api/devices/" + id + "/owner")
                .then()
                .statusCode(422)
                .body("errors.field", hasItem("user_id"));
        // refused changes are not audited (the duplicate's CREATE row rolled back with it)
        assertEquals(List.of("CREATE"), auditActions("device", id));
        assertEquals(
                1,
                query("SELECT id FROM audit_log WHERE entity_type = 'device' AND entity_label = 'BS-VAL-1'")
                        .size());
    }

    @Test
    void writtenDocumentsHaveTheLegacyShapeAndEveryChangeIsAudited() {
        seed("users", "owner-shape", fixture("legacy-app-user"), Map.of("uid", "owner-shape", "device_ids", List.of()));
        customer("cust-shape", "Metropolis of Thessaloniki");

        String id = create(fullDevice("BS-SHAPE-1"));
        Map<String, Object> created = read("devices", id);
        assertEquals("", created.get("owner_id"));
        assertEquals(5L, ((Map<?, ?>) created.get("settings")).get("volume"));

        editor().body(Map.of("user_id", "owner-shape"))
                .put("/api/devices/" + id + "/owner")
                .then()
                .statusCode(200)
                .body("owner_id", equalTo("owner-shape"));
        editor().body(Map.of("customer_id", "cust-shape"))
                .put("/api/devices/" + id + "/customer")
                .then()
                .statusCode(200)
                .body("customer_id", equalTo("cust-shape"));
        editor().body(Map.of("device_name", "Renamed tower", "location", Map.of("lat", 38.0, "lng", 23.5)))
                .patch("/api/devices/" + id)
                .then()
                .statusCode(200)
                .body("device_name", equalTo("Renamed tower"))
                .body("location.lat", equalTo(38.0f));

        Map<String, Object> doc = read("devices", id);
        assertSameShape(fixture("legacy-device"), doc);
        assertEquals(List.of(id), read("users", "owner-shape").get("device_ids"));

        assertEquals(List.of("CREATE", "UPDATE", "UPDATE", "UPDATE"), auditActions("device", id));
        var rows = query(
                "SELECT actor_id, entity_label, changes::text AS changes, meta->>'assignment' AS assignment "
                        + "FROM audit_log WHERE entity_type = 'device' AND entity_id = ? ORDER BY id",
                id);
        assertEquals("ed-1", rows.get(0).get("actor_id"));
        assertEquals("BS-SHAPE-1", rows.get(0).get("entity_label"));
        assertEquals("owner", rows.get(1).get("assignment"));
        assertTrue(((String) rows.get(1).get("changes")).contains("owner-shape"));
        assertEquals("customer", rows.get(2).get("assignment"));
        assertTrue(((String) rows.get(3).get("changes")).contains("Renamed tower"));

        // moving the device to another owner takes it off the first owner's list
        seed("users", "owner-two", fixture("legacy-app-user"), Map.of("uid", "owner-two", "device_ids", List.of()));
        editor().body(Map.of("user_id", "owner-two"))
                .put("/api/devices/" + id + "/owner")
                .then()
                .statusCode(200);
        assertEquals(List.of(), read("users", "owner-shape").get("device_ids"));
        assertEquals(List.of(id), read("users", "owner-two").get("device_ids"));
        editor().body(new LinkedHashMap<>(java.util.Collections.singletonMap("user_id", null)))
                .put("/api/devices/" + id + "/owner")
                .then()
                .statusCode(200)
                .body("owner_id", equalTo(""));
        assertEquals(List.of(), read("users", "owner-two").get("device_ids"));
    }

    @Test
    void aLegacyDocumentIsReadJoinedWithTelemetryAndEditedWithoutLosingAppFields() {
        seed("users", "app-u1", fixture("legacy-app-user"), Map.of());
        customer("cust-0", "Agios Georgios parish");
        seed("devices", "dev-legacy-1", fixture("legacy-device"), Map.of("app_pairing_code", "X7Q2"));
        sql("SELECT ensure_device_logs_partitions(date_trunc('month', now())::date, "
                + "(date_trunc('month', now()) + interval '1 month')::date)");
        sql("INSERT INTO heartbeats (device_serial, firmware_version, hardware_type, uptime_seconds, received_at) "
                + "VALUES ('BS-1000', '2.4.0', 'BS-CTRL-V3', 10, now() - interval '1 hour'), "
                + "('BS-1000', '2.4.1', 'BS-CTRL-V3', 3600, now())");
        sql("INSERT INTO device_alerts (device_serial, alert_type, state, message) VALUES "
                + "('BS-1000', 'motor_stall', 'active', 'bell 2 stalled'), "
                + "('BS-1000', 'power', 'cleared', 'back on mains')");
        sql("INSERT INTO device_logs (device_serial, level, message) VALUES ('BS-1000', 'info', 'rang 12')");

        JsonPath detail = viewer().get("/api/devices/dev-legacy-1")
                .then()
                .statusCode(200)
                .body("serial_number", equalTo("BS-1000"))
                .body("created_at", equalTo("2024-03-01T09:00:00Z"))
                .body("location.lat", equalTo(37.9838f))
                .body("settings.volume", equalTo(7))
                .body("owner.id", equalTo("app-u1"))
                .body("owner.email", equalTo("nikos@example.gr"))
                .body("customer.id", equalTo("cust-0"))
                .body("customer.name", equalTo("Agios Georgios parish"))
                .body("telemetry.last_heartbeat.firmware_version", equalTo("2.4.1"))
                .body("telemetry.open_alerts.size()", equalTo(1))
                .body("telemetry.open_alerts[0].alert_type", equalTo("motor_stall"))
                .body("telemetry.recent_logs[0].message", equalTo("rang 12"))
                .extract()
                .jsonPath();
        assertNotNull(detail.get("telemetry.last_heartbeat.received_at"));

        editor().body(Map.of("firmware_version", "2.4.2"))
                .patch("/api/devices/dev-legacy-1")
                .then()
                .statusCode(200);
        Map<String, Object> doc = read("devices", "dev-legacy-1");
        assertEquals("X7Q2", doc.get("app_pairing_code"), "a field only the app knows survives the Console's edit");
        doc.remove("app_pairing_code");
        assertSameShape(fixture("legacy-device"), doc);
        assertTrue(((Timestamp) doc.get("updated_at")).compareTo(Timestamp.parseTimestamp("2025-11-20T17:30:00Z")) > 0);

        // a device never heard of over MQTT has an empty telemetry block
        String quiet = create(fullDevice("BS-QUIET-1"));
        viewer().get("/api/devices/" + quiet)
                .then()
                .statusCode(200)
                .body("telemetry.last_heartbeat", nullValue())
                .body("telemetry.open_alerts.size()", equalTo(0))
                .body("owner", nullValue())
                .body("customer", nullValue());
    }

    @Test
    void retiringKeepsTheDocumentAndStopsEdits() {
        String id = create(fullDevice("BS-RET-1"));
        // a bodiless POST, as a browser sends it (no Content-Type)
        given().auth()
                .oauth2(TestTokens.token(
                        "ed-1", "Eleni Editor", "staff", Map.of("devices", Map.of("view", true, "edit", true))))
                .post("/api/devices/" + id + "/retire")
                .then()
                .statusCode(200)
                .body("status", equalTo("retired"))
                .body("retired_at", notNullValue());
        editor().post("/api/devices/" + id + "/retire").then().statusCode(200);
        editor().body(Map.of("device_name", "late"))
                .patch("/api/devices/" + id)
                .then()
                .statusCode(409);
        Map<String, Object> doc = read("devices", id);
        assertTrue(doc.get("retired_at") instanceof Timestamp);
        assertEquals("retired", doc.get("status"));
        assertEquals(List.of("CREATE", "STATUS_CHANGE"), auditActions("device", id));
        viewer().get("/api/devices?status=retired&q=BS-RET")
                .then()
                .statusCode(200)
                .body("items.id", hasItem(id));
    }

    @Test
    void listsPageWithCursorsBySerialPrefixAndById() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(create(fullDevice("BS-PG-" + i)));
        }
        create(fullDevice("BS-OTHER-1"));

        List<String> serials = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var spec = viewer().queryParam("q", "bs-pg").queryParam("limit", 2);
            if (cursor != null) {
                spec = spec.queryParam("cursor", cursor);
            }
            JsonPath page = spec.get("/api/devices")
                    .then()
                    .statusCode(200)
                    .body("limit", equalTo(2))
                    .extract()
                    .jsonPath();
            serials.addAll(page.getList("items.serial_number"));
            cursor = page.getString("next_cursor");
            pages++;
        } while (cursor != null);
        assertEquals(List.of("BS-PG-0", "BS-PG-1", "BS-PG-2", "BS-PG-3", "BS-PG-4"), serials);
        assertEquals(3, pages);

        // without q: every device, by document id, each exactly once
        List<String> all = new ArrayList<>();
        cursor = null;
        do {
            var spec = viewer().queryParam("limit", 4);
            if (cursor != null) {
                spec = spec.queryParam("cursor", cursor);
            }
            JsonPath page =
                    spec.get("/api/devices").then().statusCode(200).extract().jsonPath();
            all.addAll(page.getList("items.id"));
            cursor = page.getString("next_cursor");
        } while (cursor != null);
        assertEquals(all.size(), new HashSet<>(all).size());
        assertTrue(all.containsAll(ids));
        List<String> sorted = new ArrayList<>(all);
        java.util.Collections.sort(sorted);
        assertEquals(sorted, all);

        // a cursor of the serial search is refused by the plain list
        String serialCursor = viewer().queryParam("q", "BS-PG")
                .queryParam("limit", 1)
                .get("/api/devices")
                .then()
                .extract()
                .path("next_cursor");
        assertFalse(serialCursor == null);
        viewer().queryParam("cursor", serialCursor).get("/api/devices").then().statusCode(400);
        assertNull(admin().queryParam("q", "BS-PG-4")
                .get("/api/devices")
                .then()
                .statusCode(200)
                .extract()
                .path("next_cursor"));
    }
}
