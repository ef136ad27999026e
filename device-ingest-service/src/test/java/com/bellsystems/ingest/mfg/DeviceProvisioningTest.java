package com.bellsystems.ingest.mfg;

import static com.bellsystems.ingest.support.Provisioning.provisioner;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.bellsystems.common.testing.MosquittoResource;
import com.bellsystems.common.testing.TestDatabaseResource;
import com.bellsystems.common.testing.TestTokens;
import com.bellsystems.ingest.support.TestMqtt;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Provisioning creates a device's broker account (the device can then connect with it), a second
 * call rotates the password (the old one stops working), and both are in the manufacturing audit
 * log; only callers with mfg:provision may do it.
 */
@QuarkusTest
@WithTestResource(TestDatabaseResource.class)
@WithTestResource(MosquittoResource.class)
class DeviceProvisioningTest {

    @Inject
    Vertx vertx;

    @Test
    void provisionCreatesThenRotatesAndIsAudited() {
        String serial = "BC-PROV-1";
        JsonPath created = given().auth()
                .oauth2(provisioner())
                .header("X-Request-Id", "req-prov-1")
                .when()
                .post("/api/mfg/devices/" + serial + "/credentials")
                .then()
                .statusCode(201)
                .header("Cache-Control", equalTo("no-store"))
                .body("username", equalTo(serial))
                .body("rotated", equalTo(false))
                .extract()
                .jsonPath();
        String first = created.getString("password");
        try (TestMqtt device = TestMqtt.connectAs(vertx, serial, first)) {
            // connected: the account works
        }

        String second = given().auth()
                .oauth2(provisioner())
                .when()
                .post("/api/mfg/devices/" + serial + "/credentials")
                .then()
                .statusCode(200)
                .body("rotated", equalTo(true))
                .extract()
                .path("password");
        assertNotEquals(first, second);
        assertThrows(IllegalStateException.class, () -> TestMqtt.connectAs(vertx, serial, first)
                .close());
        try (TestMqtt device = TestMqtt.connectAs(vertx, serial, second)) {
            // the new password works
        }

        JsonPath audit = given().auth()
                .oauth2(provisioner())
                .when()
                .get("/api/mfg/audit-log?serial=" + serial)
                .then()
                .statusCode(200)
                .body("items.action", hasItems("DEVICE_CREDENTIAL_CREATED", "DEVICE_CREDENTIAL_ROTATED"))
                .extract()
                .jsonPath();
        assertEquals(2, audit.getList("items").size());
        assertEquals("mfg-3", audit.getString("items[1].actor"));
        assertEquals("req-prov-1", audit.getString("items[1].details.request_id"));
    }

    @Test
    void onlyProvisionersMayProvisionAndSerialsAreChecked() {
        given().when().post("/api/mfg/devices/BC-PROV-2/credentials").then().statusCode(401);
        given().auth()
                .oauth2(TestTokens.staff(Map.of("mfg", Map.of("view", true), "devices", true)))
                .when()
                .post("/api/mfg/devices/BC-PROV-2/credentials")
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(provisioner())
                .when()
                .post("/api/mfg/devices/bad serial/credentials")
                .then()
                .statusCode(400);
        assertThrows(IllegalStateException.class, () -> TestMqtt.connectAs(vertx, "BC-PROV-2", "guess"));
    }
}
