package com.bellsystems.auth.settings;

import static com.bellsystems.auth.Fixtures.auditRows;
import static com.bellsystems.auth.Fixtures.auditRowsFor;
import static com.bellsystems.auth.Fixtures.string;
import static com.bellsystems.auth.Fixtures.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bellsystems.common.testing.TestDatabaseResource;
import com.bellsystems.common.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Console settings and public features: staff read, admins or settings:edit write, each write audited. */
@QuarkusTest
@WithTestResource(TestDatabaseResource.class)
class SettingsAndFeaturesTest {

    private static final String EDITOR = TestTokens.staff(Map.of("settings", Map.of("edit", true)));
    private static final String READER = TestTokens.staff(Map.of());

    @Test
    void settingsAreReadByStaffAndWrittenByEditorsWithAnAuditRow() {
        String key = unique("theme").replace("-", "_");
        given().auth()
                .oauth2(READER)
                .contentType(ContentType.JSON)
                .body(Map.of("value", "dark"))
                .when()
                .put("/api/settings/" + key)
                .then()
                .statusCode(403);
        assertEquals(0, auditRowsFor("setting", key));

        given().auth()
                .oauth2(EDITOR)
                .contentType(ContentType.JSON)
                .body(Map.of("value", Map.of("color", "dark", "size", 3)))
                .when()
                .put("/api/settings/" + key)
                .then()
                .statusCode(200)
                .body("key", equalTo(key))
                .body("value.color", equalTo("dark"))
                .body("value.size", equalTo(3));
        assertEquals(1, auditRows("UPDATE", "setting", key));

        given().auth()
                .oauth2(TestTokens.token(unique("a"), "Ann", "admin", Map.of()))
                .contentType(ContentType.JSON)
                .body(Map.of("value", List.of(1, 2, 3)))
                .when()
                .put("/api/settings/" + key)
                .then()
                .statusCode(200)
                .body("value", equalTo(List.of(1, 2, 3)));
        assertEquals(2, auditRows("UPDATE", "setting", key));
        String changes = string(
                "SELECT changes::text FROM audit_log WHERE entity_id = ? AND entity_type = 'setting' ORDER BY id DESC LIMIT 1",
                key);
        assertTrue(changes.contains("\"old\"") && changes.contains("dark"), changes);

        // same value again: nothing changed, no row
        given().auth()
                .oauth2(EDITOR)
                .contentType(ContentType.JSON)
                .body(Map.of("value", List.of(1, 2, 3)))
                .when()
                .put("/api/settings/" + key)
                .then()
                .statusCode(200);
        assertEquals(2, auditRows("UPDATE", "setting", key));

        given().auth()
                .oauth2(READER)
                .when()
                .get("/api/settings/" + key)
                .then()
                .statusCode(200)
                .body("value", equalTo(List.of(1, 2, 3)));
        given().auth()
                .oauth2(READER)
                .queryParam("size", 200)
                .when()
                .get("/api/settings")
                .then()
                .statusCode(200)
                .body("items.key", hasItem(key));
        given().when().get("/api/settings").then().statusCode(401);
        given().auth()
                .oauth2(READER)
                .when()
                .get("/api/settings/" + unique("missing"))
                .then()
                .statusCode(404);
    }

    @Test
    void invalidSettingsAre400WithoutARow() {
        long before =
                com.bellsystems.auth.Fixtures.count("SELECT count(*) FROM audit_log WHERE entity_type = 'setting'");
        given().auth()
                .oauth2(EDITOR)
                .contentType(ContentType.JSON)
                .body(Map.of("value", 1))
                .when()
                .put("/api/settings/9bad key")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("key"));
        Map<String, Object> nullValue = new HashMap<>();
        nullValue.put("value", null);
        given().auth()
                .oauth2(EDITOR)
                .contentType(ContentType.JSON)
                .body(nullValue)
                .when()
                .put("/api/settings/ok_key")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("value"));
        given().auth()
                .oauth2(EDITOR)
                .contentType(ContentType.JSON)
                .body(Map.of("value", "x".repeat(70_000)))
                .when()
                .put("/api/settings/ok_key")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("value"));
        given().auth()
                .oauth2(EDITOR)
                .contentType(ContentType.JSON)
                .body("{broken")
                .when()
                .put("/api/settings/ok_key")
                .then()
                .statusCode(400);
        assertEquals(
                before,
                com.bellsystems.auth.Fixtures.count("SELECT count(*) FROM audit_log WHERE entity_type = 'setting'"));
    }

    @Test
    void publicFeaturesAreTypedAndAudited() {
        String feature = unique("shop");
        given().auth()
                .oauth2(READER)
                .contentType(ContentType.JSON)
                .body(Map.of("enabled", true))
                .when()
                .put("/api/public-features/" + feature)
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(EDITOR)
                .contentType(ContentType.JSON)
                .body(Map.of("config", Map.of()))
                .when()
                .put("/api/public-features/" + feature)
                .then()
                .statusCode(400);
        given().auth()
                .oauth2(EDITOR)
                .contentType(ContentType.JSON)
                .body(Map.of("enabled", true, "config", "not an object"))
                .when()
                .put("/api/public-features/" + feature)
                .then()
                .statusCode(400);
        assertEquals(0, auditRowsFor("public_feature", feature));

        given().auth()
                .oauth2(EDITOR)
                .contentType(ContentType.JSON)
                .body(Map.of("enabled", true, "config", Map.of("limit", 5)))
                .when()
                .put("/api/public-features/" + feature)
                .then()
                .statusCode(200)
                .body("enabled", equalTo(true))
                .body("config.limit", equalTo(5));
        assertEquals(1, auditRows("UPDATE", "public_feature", feature));
        // config absent: kept
        given().auth()
                .oauth2(TestTokens.sysadmin())
                .contentType(ContentType.JSON)
                .body(Map.of("enabled", false))
                .when()
                .put("/api/public-features/" + feature)
                .then()
                .statusCode(200)
                .body("enabled", equalTo(false))
                .body("config.limit", equalTo(5));
        assertEquals(2, auditRows("UPDATE", "public_feature", feature));

        given().auth()
                .oauth2(READER)
                .when()
                .get("/api/public-features/" + feature)
                .then()
                .statusCode(200)
                .body("enabled", equalTo(false));
        given().auth()
                .oauth2(READER)
                .queryParam("size", 200)
                .when()
                .get("/api/public-features")
                .then()
                .statusCode(200)
                .body("items.feature", hasItem(feature));
    }
}
