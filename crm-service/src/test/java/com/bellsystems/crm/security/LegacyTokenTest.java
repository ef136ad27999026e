package com.bellsystems.crm.security;

import static com.bellsystems.crm.Api.query;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.bellsystems.common.testing.FirestoreEmulatorResource;
import com.bellsystems.common.testing.TestDatabaseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Issue 18 in a service other than staff-auth: with the rollback window configured, crm accepts a
 * token the old Python backend signed (HS256 over its secret; sub, role, permissions, exp) through
 * common's verifier, applies its permission map, and audits the change under its staff id.
 */
@QuarkusTest
@TestProfile(LegacyTokenTest.WindowOpen.class)
@WithTestResource(TestDatabaseResource.class)
@WithTestResource(FirestoreEmulatorResource.class)
class LegacyTokenTest {

    static final String SECRET = "crm-test-old-backend-secret";

    public static class WindowOpen implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "bellsys.auth.legacy-tokens.enabled", "true",
                    "bellsys.auth.legacy-tokens.key", SECRET,
                    "bellsys.auth.legacy-tokens.accept-until", "2099-01-01T00:00:00Z");
        }
    }

    @Test
    void theOldBackendsTokenWorksWithItsPermissionsAndIsAuditedAsItsMember() throws Exception {
        String editor = oldBackendToken("legacy-maria", Map.of("crm", Map.of("view", true, "edit", true)));
        String id = given().auth()
                .oauth2(editor)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "Legacy Session Church"))
                .post("/api/crm/customers")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        assertEquals(
                "legacy-maria",
                query("SELECT actor_id FROM audit_log WHERE entity_type = 'customer' AND entity_id = ?", id)
                        .get(0)
                        .get("actor_id"));

        String viewer = oldBackendToken("legacy-nikos", Map.of("crm", Map.of("view", true)));
        given().auth().oauth2(viewer).get("/api/crm/customers/" + id).then().statusCode(200);
        given().auth()
                .oauth2(viewer)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "Nope"))
                .post("/api/crm/customers")
                .then()
                .statusCode(403);

        String wrongSecret = sign("guessed-secret", claims("legacy-maria", Map.of("crm", true)));
        given().auth()
                .oauth2(wrongSecret)
                .get("/api/crm/customers/" + id)
                .then()
                .statusCode(401);
    }

    static String oldBackendToken(String sub, Map<String, ?> permissions) throws Exception {
        return sign(SECRET, claims(sub, permissions));
    }

    static Map<String, Object> claims(String sub, Map<String, ?> permissions) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", sub);
        claims.put("role", "staff");
        claims.put("permissions", permissions);
        claims.put("exp", Instant.now().getEpochSecond() + 3600);
        return claims;
    }

    static String sign(String secret, Map<String, ?> claims) throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString(json.writeValueAsBytes(Map.of("alg", "HS256", "typ", "JWT"))) + "."
                + b64.encodeToString(json.writeValueAsBytes(claims));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return input + "." + b64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    }
}
