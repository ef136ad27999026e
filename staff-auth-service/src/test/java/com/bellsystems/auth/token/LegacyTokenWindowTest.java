package com.bellsystems.auth.token;

import static com.bellsystems.auth.Fixtures.address;
import static com.bellsystems.auth.Fixtures.insertStaff;
import static com.bellsystems.auth.Fixtures.login;
import static com.bellsystems.auth.Fixtures.refresh;
import static com.bellsystems.auth.Fixtures.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bellsystems.auth.password.PasswordHasherTest;
import com.bellsystems.common.testing.TestDatabaseResource;
import com.bellsystems.common.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, the rollback window, while it is open (legacy key configured, window ending in 2099,
 * legacy-compatible issuing on), on real Postgres: the old backend's tokens are accepted with their
 * staff id and permission map; tokens issued here are accepted by the old backend's own check
 * ({@link OldBackend}) and by bellsys; the HS256/none tricks against the RS256 key still fail.
 */
@QuarkusTest
@TestProfile(LegacyTokenWindowTest.WindowOpen.class)
@WithTestResource(TestDatabaseResource.class)
class LegacyTokenWindowTest {

    public static class WindowOpen implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "bellsys.auth.legacy-tokens.enabled", "true",
                    "bellsys.auth.legacy-tokens.key", OldBackend.SECRET,
                    "bellsys.auth.legacy-tokens.algorithm", "HS256",
                    "bellsys.auth.legacy-tokens.accept-until", "2099-01-01T00:00:00Z",
                    "bellsys.auth.issue-legacy-compatible", "true");
        }
    }

    @Test
    void aTokenOfTheOldBackendIsAcceptedAsItsStaffMemberWithItsPermissions() {
        String email = unique("maria") + "@bellsystems.test";
        String id = insertStaff(email, "staff", "{\"staff\": {\"view\": true}}", PasswordHasherTest.PY_2A_10, true);
        String token = OldBackend.sign(id, "staff", Map.of("staff", Map.of("view", true)), 3600);

        given().auth()
                .oauth2(token)
                .when()
                .get("/api/auth/me")
                .then()
                .statusCode(200)
                .body("id", equalTo(id));
        // permission from the legacy map: staff:view lists, staff:manage is still refused
        given().auth().oauth2(token).when().get("/api/staff").then().statusCode(200);
        given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body(Map.of("email", unique("x") + "@b.test", "name", "X", "role", "staff", "password", "12345678"))
                .when()
                .post("/api/staff")
                .then()
                .statusCode(403);

        // without the permission in its map: 403, not 401 (authenticated, not allowed)
        String plain = OldBackend.sign(id, "staff", Map.of(), 3600);
        given().auth().oauth2(plain).when().get("/api/staff").then().statusCode(403);
    }

    @Test
    void tokensIssuedHereAreAcceptedByTheOldBackendAndByBellsys() throws Exception {
        String email = unique("issued") + "@bellsystems.test";
        String id = insertStaff(
                email, "staff", "{\"crm\": {\"view\": true, \"edit\": true}}", PasswordHasherTest.PY_2A_10, true);
        JsonPath body = login(email, OldBackend.PASSWORD, address())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        String access = body.getString("access_token");

        // the old backend's check accepts it and reads what it always read
        assertEquals("HS256", OldBackend.header(access).get("alg"));
        OldBackend.Session session = OldBackend.verify(access);
        assertEquals(id, session.staffId());
        assertEquals("staff", session.role());
        assertEquals(Map.of("crm", Map.of("view", true, "edit", true)), session.permissions());
        assertTrue(body.getInt("expires_in") <= 900);

        // bellsys accepts it too (common's verifier, as in every service)
        given().auth()
                .oauth2(access)
                .when()
                .get("/api/auth/me")
                .then()
                .statusCode(200)
                .body("id", equalTo(id));
        given().auth().oauth2(access).when().get("/api/staff").then().statusCode(403); // no staff:view

        // a refresh also yields a legacy-compatible token
        String next = refresh(body.getString("refresh_token"))
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
        assertEquals(id, OldBackend.verify(next).staffId());

        // a changed payload under the issued signature fails both sides
        var parts = OldBackend.parts(access);
        Map<String, Object> forged = new LinkedHashMap<>(claims(access));
        forged.put("role", "sysadmin");
        String tampered = parts.get(0) + "." + OldBackend.b64(forged) + "." + parts.get(2);
        assertThrows(IllegalArgumentException.class, () -> OldBackend.verify(tampered));
        given().auth().oauth2(tampered).when().get("/api/auth/me").then().statusCode(401);
    }

    @Test
    void ourRs256TokensStillWorkAndTheAlgorithmTricksStillFail() throws Exception {
        given().auth()
                .oauth2(TestTokens.sysadmin())
                .when()
                .get("/api/staff")
                .then()
                .statusCode(200);

        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", "bellsys");
        claims.put("sub", "admin-1");
        claims.put("role", "sysadmin");
        claims.put("groups", java.util.List.of("sysadmin"));
        claims.put("permissions", Map.of());
        claims.put("iat", now);
        claims.put("exp", now + 600);

        // HS256 keyed with the RS256 public key
        byte[] publicPem;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("bellsys-test-keys/jwt-public.pem")) {
            publicPem = in.readAllBytes();
        }
        String confused = OldBackend.hmac("HS256", publicPem, claims);
        given().auth().oauth2(confused).when().get("/api/staff").then().statusCode(401);

        // alg none, in our shape and in the old backend's
        String none = OldBackend.b64(Map.of("alg", "none", "typ", "JWT")) + "." + OldBackend.b64(claims) + ".";
        given().auth().oauth2(none).when().get("/api/staff").then().statusCode(401);
        Map<String, Object> legacyShaped = new LinkedHashMap<>();
        legacyShaped.put("sub", "admin-1");
        legacyShaped.put("role", "sysadmin");
        legacyShaped.put("permissions", Map.of());
        legacyShaped.put("exp", now + 600);
        String noneLegacy =
                OldBackend.b64(Map.of("alg", "none", "typ", "JWT")) + "." + OldBackend.b64(legacyShaped) + ".";
        given().auth().oauth2(noneLegacy).when().get("/api/staff").then().statusCode(401);

        // the old backend's shape under a wrong secret, and under the right secret with another algorithm
        String wrongKey = OldBackend.hmac("HS256", "guessed".getBytes(StandardCharsets.UTF_8), legacyShaped);
        given().auth().oauth2(wrongKey).when().get("/api/staff").then().statusCode(401);
        String otherAlg = OldBackend.hmac("HS512", OldBackend.SECRET.getBytes(StandardCharsets.UTF_8), legacyShaped);
        given().auth().oauth2(otherAlg).when().get("/api/staff").then().statusCode(401);

        // and the legitimate one for comparison
        String legit = OldBackend.hmac("HS256", OldBackend.SECRET.getBytes(StandardCharsets.UTF_8), legacyShaped);
        given().auth().oauth2(legit).when().get("/api/staff").then().statusCode(200);
    }

    private static Map<String, Object> claims(String token) {
        return JsonPath.from(new String(
                        java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8))
                .getMap("");
    }
}
