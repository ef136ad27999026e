package com.bellsystems.auth.token;

import static com.bellsystems.auth.Fixtures.address;
import static com.bellsystems.auth.Fixtures.insertStaff;
import static com.bellsystems.auth.Fixtures.login;
import static com.bellsystems.auth.Fixtures.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.bellsystems.auth.password.PasswordHasherTest;
import com.bellsystems.common.testing.TestDatabaseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, after the rollback window (same key and settings as {@link LegacyTokenWindowTest}, but
 * {@code accept-until} in the past): the old backend's tokens are refused with 401 and login issues
 * RS256 tokens again by itself. The switch from accepted to refused at the instant itself, including
 * for a token verified (and cached) before, is shown with a moved clock in common's LegacyTokenTest.
 */
@QuarkusTest
@TestProfile(LegacyTokenWindowClosedTest.WindowOver.class)
@WithTestResource(TestDatabaseResource.class)
class LegacyTokenWindowClosedTest {

    public static class WindowOver implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "bellsys.auth.legacy-tokens.enabled", "true",
                    "bellsys.auth.legacy-tokens.key", OldBackend.SECRET,
                    "bellsys.auth.legacy-tokens.accept-until", "2020-01-01T00:00:00Z",
                    "bellsys.auth.issue-legacy-compatible", "true");
        }
    }

    @Test
    void theOldBackendsTokensAreRefusedAndLoginIssuesRs256Again() throws Exception {
        String email = unique("late") + "@bellsystems.test";
        String id = insertStaff(email, "sysadmin", null, PasswordHasherTest.PY_2A_10, true);
        String legacy = OldBackend.sign(id, "sysadmin", Map.of(), 3600);
        given().auth().oauth2(legacy).when().get("/api/auth/me").then().statusCode(401);
        given().auth().oauth2(legacy).when().get("/api/staff").then().statusCode(401);

        String access = login(email, OldBackend.PASSWORD, address())
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
        assertEquals("RS256", OldBackend.header(access).get("alg"));
        assertThrows(IllegalArgumentException.class, () -> OldBackend.verify(access));
        given().auth()
                .oauth2(access)
                .when()
                .get("/api/auth/me")
                .then()
                .statusCode(200)
                .body("id", equalTo(id));
    }
}
