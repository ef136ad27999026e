package com.bellsystems.ingest.device;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.bellsystems.common.testing.MosquittoResource;
import com.bellsystems.common.testing.TestDatabaseResource;
import com.bellsystems.common.testing.TestTokens;
import com.bellsystems.ingest.support.Db;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The Console's read API over device data: filters, keyset pages, status, permissions. */
@QuarkusTest
@WithTestResource(TestDatabaseResource.class)
@WithTestResource(MosquittoResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeviceApiTest {

    private static final String SERIAL = "BC-API-1";

    @BeforeAll
    void seed() {
        String db = Db.database();
        Db.execute(
                db,
                "INSERT INTO device_logs (device_serial, level, message, received_at)"
                        + " SELECT '" + SERIAL + "', CASE WHEN g % 5 = 0 THEN 'ERROR' ELSE 'INFO' END, 'line ' || g,"
                        + " now() - (g || ' seconds')::interval FROM generate_series(1, 25) g");
        Db.execute(
                db,
                "INSERT INTO heartbeats (device_serial, uptime_seconds, firmware_version, payload, received_at) VALUES"
                        + " ('" + SERIAL + "', 10, '1.0', '{\"uptime_seconds\":10}', now() - interval '1 minute'),"
                        + " ('" + SERIAL + "', 70, '1.1', '{\"uptime_seconds\":70}', now()),"
                        + " ('BC-API-2', 5, '2.0', '{}', now()), ('BC-API-3', 6, '2.0', '{}', now())");
        Db.execute(
                db,
                "INSERT INTO device_alerts (device_serial, alert_type, state) VALUES ('" + SERIAL
                        + "', 'jam', 'active')," + " ('" + SERIAL + "', 'power', 'cleared')");
        Db.execute(
                db,
                "INSERT INTO mfg_audit_log (actor, action, serial_number, details) VALUES" + " ('line-3', 'FLASHED', '"
                        + SERIAL + "', '{\"fw\":\"1.0\"}'), ('line-3', 'QA_PASSED', 'BC-API-2', '{}')");
    }

    private static String viewer() {
        return TestTokens.staff(Map.of("devices", Map.of("view", true)));
    }

    @Test
    void logsPageWithAKeysetCursorNewestFirst() {
        List<String> messages = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = given().auth().oauth2(viewer()).queryParam("limit", 10);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            var page = request.when()
                    .get("/api/devices/" + SERIAL + "/logs")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            messages.addAll(page.getList("items.message"));
            cursor = page.getString("next_cursor");
            pages++;
        } while (cursor != null);
        assertEquals(3, pages);
        assertEquals(25, messages.size());
        assertEquals("line 1", messages.get(0));
        assertEquals("line 25", messages.get(24));
    }

    @Test
    void logsFilterByLevelAndTime() {
        given().auth()
                .oauth2(viewer())
                .queryParam("level", "error")
                .when()
                .get("/api/devices/" + SERIAL + "/logs")
                .then()
                .statusCode(200)
                .body("items", hasSize(5))
                .body("items[0].message", equalTo("line 5"))
                .body("next_cursor", nullValue());
        given().auth()
                .oauth2(viewer())
                .queryParam("from", "2000-01-01T00:00:00Z")
                .queryParam("to", "2000-02-01T00:00:00Z")
                .when()
                .get("/api/devices/" + SERIAL + "/logs")
                .then()
                .statusCode(200)
                .body("items", hasSize(0));
    }

    @Test
    void badParametersAreProblems() {
        given().auth()
                .oauth2(viewer())
                .queryParam("limit", 1001)
                .when()
                .get("/api/devices/" + SERIAL + "/logs")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("limit"));
        given().auth()
                .oauth2(viewer())
                .queryParam("cursor", "nonsense")
                .when()
                .get("/api/devices/" + SERIAL + "/logs")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("cursor"));
        given().auth()
                .oauth2(viewer())
                .queryParam("from", "yesterday")
                .when()
                .get("/api/devices/" + SERIAL + "/logs")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("from"));
        given().auth()
                .oauth2(viewer())
                .when()
                .get("/api/devices/not_a_serial/logs")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("serial"));
    }

    @Test
    void heartbeatsAlertsAndStatus() {
        given().auth()
                .oauth2(viewer())
                .when()
                .get("/api/devices/" + SERIAL + "/heartbeats")
                .then()
                .statusCode(200)
                .body("items.firmware_version", contains("1.1", "1.0"))
                .body("items[0].payload.uptime_seconds", equalTo(70));
        given().auth()
                .oauth2(viewer())
                .queryParam("state", "active")
                .when()
                .get("/api/devices/" + SERIAL + "/alerts")
                .then()
                .statusCode(200)
                .body("items.alert_type", contains("jam"));
        given().auth()
                .oauth2(viewer())
                .when()
                .get("/api/devices/" + SERIAL + "/status")
                .then()
                .statusCode(200)
                .body("latest_heartbeat.uptime_seconds", equalTo(70))
                .body("open_alerts.alert_type", contains("jam"));
        given().auth()
                .oauth2(viewer())
                .when()
                .get("/api/devices/BC-NEVER-SEEN/status")
                .then()
                .statusCode(404);
    }

    @Test
    void statusOfEveryDevicePagesBySerial() {
        var first = given().auth()
                .oauth2(viewer())
                .queryParam("limit", 2)
                .when()
                .get("/api/devices/status")
                .then()
                .statusCode(200)
                .body("items.device_serial", contains(SERIAL, "BC-API-2"))
                .body("items[0].uptime_seconds", equalTo(70))
                .body("next_cursor", notNullValue())
                .extract()
                .jsonPath();
        given().auth()
                .oauth2(viewer())
                .queryParam("limit", 2)
                .queryParam("cursor", first.getString("next_cursor"))
                .when()
                .get("/api/devices/status")
                .then()
                .statusCode(200)
                .body("items[0].device_serial", equalTo("BC-API-3"));
    }

    @Test
    void readsNeedTheDevicePermission() {
        given().when().get("/api/devices/" + SERIAL + "/logs").then().statusCode(401);
        given().auth()
                .oauth2(TestTokens.staff(Map.of("crm", true)))
                .when()
                .get("/api/devices/" + SERIAL + "/logs")
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(TestTokens.sysadmin())
                .when()
                .get("/api/devices/" + SERIAL + "/alerts")
                .then()
                .statusCode(200);
    }

    @Test
    void manufacturingAuditLog() {
        String mfg = TestTokens.staff(Map.of("mfg", Map.of("view", true)));
        given().auth()
                .oauth2(mfg)
                .queryParam("serial", SERIAL)
                .when()
                .get("/api/mfg/audit-log")
                .then()
                .statusCode(200)
                .body("items.action", contains("FLASHED"))
                .body("items[0].details.fw", equalTo("1.0"));
        given().auth()
                .oauth2(mfg)
                .queryParam("limit", 1)
                .when()
                .get("/api/mfg/audit-log")
                .then()
                .statusCode(200)
                .body("items", hasSize(1))
                .body("next_cursor", notNullValue());
        given().auth().oauth2(viewer()).when().get("/api/mfg/audit-log").then().statusCode(403);
        given().when().get("/api/mfg/audit-log").then().statusCode(401);
    }
}
