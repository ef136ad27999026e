package com.bellsystems.auth.login;

import static com.bellsystems.auth.Fixtures.address;
import static com.bellsystems.auth.Fixtures.insertStaff;
import static com.bellsystems.auth.Fixtures.login;
import static com.bellsystems.auth.Fixtures.refresh;
import static com.bellsystems.auth.Fixtures.unique;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bellsystems.auth.password.PasswordHasherTest;
import com.bellsystems.common.testing.TestDatabaseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A refresh session ends at its absolute maximum age however often it is refreshed (own profile
 * with an 8 s maximum age, so the end can be reached in a test).
 */
@QuarkusTest
@TestProfile(RefreshSessionMaxAgeTest.ShortSessions.class)
@WithTestResource(TestDatabaseResource.class)
class RefreshSessionMaxAgeTest {

    static final long MAX_AGE_SECONDS = 8;

    public static class ShortSessions implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("bellsys.auth.refresh-session-max-age", "PT" + MAX_AGE_SECONDS + "S");
        }
    }

    @Test
    void refreshingKeepsTheSessionOnlyUntilItsMaximumAge() throws InterruptedException {
        String email = unique("age") + "@bellsystems.test";
        insertStaff(email, "staff", null, PasswordHasherTest.PY_2A_10, true);
        long loggedInAt = System.currentTimeMillis();
        JsonPath first = login(email, AuthFlowTest.PASSWORD, address())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        // the refresh token's own expiry is cut at the session's end (not the 14-day TTL)
        assertTrue(first.getLong("refresh_expires_in") <= MAX_AGE_SECONDS, first.prettify());

        String token = first.getString("refresh_token");
        long deadline = loggedInAt + MAX_AGE_SECONDS * 1000 + 1000;
        int refreshed = 0;
        // keep refreshing until the server refuses: that must not happen before the maximum age
        while (true) {
            var answer = refresh(token);
            if (answer.statusCode() == 401) {
                break;
            }
            JsonPath next = answer.then().statusCode(200).extract().jsonPath();
            assertTrue(next.getLong("refresh_expires_in") <= MAX_AGE_SECONDS, next.prettify());
            token = next.getString("refresh_token");
            refreshed++;
            assertTrue(
                    System.currentTimeMillis() < deadline + 60_000,
                    "still refreshing a minute after the session's maximum age");
            Thread.sleep(1000);
        }
        assertTrue(
                System.currentTimeMillis() >= loggedInAt + MAX_AGE_SECONDS * 1000 - 1000,
                "refused before the session's maximum age");
        assertTrue(refreshed >= 1, "the session was refreshed at least once before it ended");
        // and it stays ended
        refresh(token).then().statusCode(401);
    }
}
