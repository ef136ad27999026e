package com.bellsystems.ingest.firmware;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.bellsystems.common.testing.MosquittoResource;
import com.bellsystems.common.testing.TestDatabaseResource;
import com.bellsystems.common.testing.TestTokens;
import com.bellsystems.ingest.support.Db;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The firmware catalogue: permissions, validation problems, paging, audit rows, retire; and the OTA
 * command refusing unknown and retired versions with a 422 problem while accepting a published one.
 */
@QuarkusTest
@WithTestResource(TestDatabaseResource.class)
@WithTestResource(MosquittoResource.class)
class FirmwareResourceTest {

    private static final String SHA = "a".repeat(64);

    private static RequestSpecification as(Map<String, ?> permissions) {
        return given().auth()
                .oauth2(TestTokens.token("fw-1", "Fotis Firmware", "staff", permissions))
                .contentType(ContentType.JSON);
    }

    private static RequestSpecification editor() {
        return as(Map.of("devices", Map.of("view", true, "edit", true, "command", true)));
    }

    private static RequestSpecification viewer() {
        return as(Map.of("devices", Map.of("view", true)));
    }

    private static String create(String hw, String channel, String version) {
        return editor().body(Map.of(
                        "hw_type",
                        hw,
                        "channel",
                        channel,
                        "version",
                        version,
                        "download_url",
                        "https://fw.example/" + hw + "-" + version + ".bin",
                        "sha256",
                        SHA,
                        "size_bytes",
                        912384))
                .post("/api/firmware")
                .then()
                .statusCode(201)
                .header("Location", notNullValue())
                .body("hw_type", equalTo(hw))
                .body("retired_at", equalTo(null))
                .extract()
                .path("id");
    }

    private static List<String> auditActions(String id) {
        return Db.strings(
                "SELECT action FROM audit_log WHERE entity_type = 'firmware' AND entity_id = '" + id + "' ORDER BY id");
    }

    @Test
    void permissionsAreChecked() {
        given().get("/api/firmware").then().statusCode(401);
        as(Map.of("crm", true)).get("/api/firmware").then().statusCode(403);
        viewer().get("/api/firmware").then().statusCode(200);
        viewer().body(Map.of("hw_type", "BS-PERM", "version", "1.0.0"))
                .post("/api/firmware")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        given().contentType(ContentType.JSON)
                .body(Map.of("hw_type", "BS-PERM", "version", "1.0.0"))
                .post("/api/firmware")
                .then()
                .statusCode(401);
    }

    @Test
    void badInputIsAProblemNamingTheField() {
        editor().body(Map.of("hw_type", "BS-VAL", "version", "one", "sha256", "xyz"))
                .post("/api/firmware")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("version"))
                .body("errors.field", hasItem("sha256"));
        editor().body(Map.of("channel", "stable"))
                .post("/api/firmware")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("hw_type"))
                .body("errors.field", hasItem("version"));
        editor().body(Map.of("hw_type", "BS-VAL", "version", "1.0.0", "size_bytes", -1))
                .post("/api/firmware")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("size_bytes"));
        viewer().get("/api/firmware?size=0").then().statusCode(400).contentType("application/problem+json");
        viewer().get("/api/firmware/no-such-id").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void createUpdateRetireAreAuditedAndDuplicatesRefused() {
        String id = create("BS-LIFE", "stable", "2.4.1");
        editor().body(Map.of("hw_type", "BS-LIFE", "channel", "stable", "version", "2.4.1"))
                .post("/api/firmware")
                .then()
                .statusCode(409)
                .contentType("application/problem+json");

        editor().body(Map.of("changelog", "Fixes the hourly chime", "mandatory", true))
                .patch("/api/firmware/" + id)
                .then()
                .statusCode(200)
                .body("changelog", equalTo("Fixes the hourly chime"))
                .body("mandatory", equalTo(true))
                .body("version", equalTo("2.4.1"));
        editor().body(Map.of("version", "2.4.2"))
                .patch("/api/firmware/" + id)
                .then()
                .statusCode(422)
                .body("errors.field", hasItem("version"));

        // a bodiless POST, as a browser sends it (no Content-Type)
        given().auth()
                .oauth2(TestTokens.token(
                        "fw-1", "Fotis Firmware", "staff", Map.of("devices", Map.of("view", true, "edit", true))))
                .post("/api/firmware/" + id + "/retire")
                .then()
                .statusCode(200)
                .body("retired_at", notNullValue());
        // idempotent: no second audit row
        editor().post("/api/firmware/" + id + "/retire").then().statusCode(200);
        editor().body(Map.of("changelog", "too late"))
                .patch("/api/firmware/" + id)
                .then()
                .statusCode(409);

        assertEquals(List.of("CREATE", "UPDATE", "STATUS_CHANGE"), auditActions(id));
        String changes = Db.strings(
                        "SELECT changes::text FROM audit_log WHERE entity_type = 'firmware' AND entity_id = '" + id
                                + "' AND action = 'UPDATE'")
                .get(0);
        assertEquals(true, changes.contains("\"changelog\"") && changes.contains("\"mandatory\""), changes);
        assertEquals(
                "fw-1",
                Db.strings("SELECT DISTINCT actor_id FROM audit_log WHERE entity_id = '" + id + "'")
                        .get(0));

        viewer().get("/api/firmware?hw_type=BS-LIFE").then().statusCode(200).body("items.id", not(hasItem(id)));
        viewer().get("/api/firmware?hw_type=BS-LIFE&include_retired=true")
                .then()
                .statusCode(200)
                .body("items.id", hasItem(id));
    }

    /**
     * Every change enqueues the Firestore write of the rollback window in its own transaction (the
     * workers of crm-service and staff-auth-service send it; their tests cover the Firestore side):
     * a create with the legacy fields, typed; an update with only the changed field; a retire with
     * {@code retired_at}. Columns Phase 2 never read ({@code updated_at}) are not sent.
     */
    @Test
    void changesAreMirroredToFirestoresFirmwareVersionsWithOnlyTheChangedFields() {
        String id = create("bell-ctl-m", "stable", "4.0.0");
        String path = "firmware_versions/" + id;
        List<String> rows = Db.strings("SELECT operation || ' ' || payload::text FROM firestore_outbox"
                + " WHERE document_path = '" + path + "' ORDER BY id");
        assertEquals(1, rows.size(), rows.toString());
        String created = rows.get(0);
        assertEquals(true, created.startsWith("create "), created);
        assertEquals(true, created.contains("\"size_bytes\": {\"integer\": 912384}"), created);
        assertEquals(true, created.contains("\"created_at\": {\"timestamp\""), created);
        assertEquals(false, created.contains("updated_at"), created);

        editor().body(Map.of("changelog", "fixes the chime"))
                .patch("/api/firmware/" + id)
                .then()
                .statusCode(200);
        editor().post("/api/firmware/" + id + "/retire").then().statusCode(200);
        rows = Db.strings("SELECT operation || ' ' || payload::text FROM firestore_outbox" + " WHERE document_path = '"
                + path + "' ORDER BY id");
        assertEquals(3, rows.size(), rows.toString());
        assertEquals("merge {\"fields\": {\"changelog\": {\"string\": \"fixes the chime\"}}}", rows.get(1));
        assertEquals(true, rows.get(2).startsWith("merge {\"fields\": {\"retired_at\": {\"timestamp\""), rows.get(2));
    }

    @Test
    void listPagesWithATotal() {
        for (int i = 0; i < 5; i++) {
            create("BS-PAGE", "stable", "1.0." + i);
        }
        viewer().get("/api/firmware?hw_type=BS-PAGE&size=2&page=0")
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(2))
                .body("total", equalTo(5))
                .body("page", equalTo(0))
                .body("size", equalTo(2))
                .body("items[0].version", equalTo("1.0.4"));
        viewer().get("/api/firmware?hw_type=BS-PAGE&size=2&page=2")
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(1))
                .body("items[0].version", equalTo("1.0.0"));
    }

    @Test
    void otaCommandNeedsAKnownUnretiredVersion() {
        String serial = "BC-OTA-1";
        String id = create("BS-OTA", "stable", "3.0.0");
        String path = "/api/devices/" + serial + "/commands";

        editor().body(Map.of("name", "ota_update", "params", Map.of("hw_type", "BS-OTA", "version", "9.9.9")))
                .post(path)
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("params.version"));
        editor().body(Map.of("name", "ota_update", "params", Map.of()))
                .post(path)
                .then()
                .statusCode(422)
                .body("errors.field", hasItem("params"));
        editor().body(Map.of("name", "ota_update", "params", Map.of("firmware_id", "nope")))
                .post(path)
                .then()
                .statusCode(422)
                .body("errors.field", hasItem("params.firmware_id"));

        editor().body(Map.of("name", "ota_update", "params", Map.of("hw_type", "BS-OTA", "version", "3.0.0")))
                .post(path)
                .then()
                .statusCode(202)
                .body("command_name", equalTo("ota_update"))
                .body("params.firmware_id", equalTo(id))
                .body("params.sha256", equalTo(SHA))
                .body("params.download_url", equalTo("https://fw.example/BS-OTA-3.0.0.bin"));

        editor().post("/api/firmware/" + id + "/retire").then().statusCode(200);
        editor().body(Map.of("name", "ota", "params", Map.of("firmware_id", id)))
                .post(path)
                .then()
                .statusCode(422)
                .body("errors.field", hasItem("params.firmware_id"));
        // refused commands leave no row and no COMMAND audit row behind
        assertEquals(1, Db.count("SELECT count(*) FROM commands WHERE device_serial = '" + serial + "'"));
        assertEquals(
                1,
                Db.count("SELECT count(*) FROM audit_log WHERE action = 'COMMAND' AND entity_id = '" + serial + "'"));
    }
}
