package com.bellsystems.crm.security;

import static com.bellsystems.crm.Api.as;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bellsystems.common.testing.FirestoreEmulatorResource;
import com.bellsystems.common.testing.TestDatabaseResource;
import com.bellsystems.common.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The verified-token cache of common ({@code VerifiedTokenCache}) as a service sees it: a remembered
 * token is served from the cache, still stops working at its {@code exp}, and a token that differs
 * from a remembered one by one character is verified, not looked up. The test profile sets the
 * verifier's clock skew to 1 s (0 would mean smallrye-jwt's default) so that expiry is near exact.
 */
@QuarkusTest
@WithTestResource(TestDatabaseResource.class)
@WithTestResource(FirestoreEmulatorResource.class)
class VerifiedTokenCacheTest {

    private static final String LIST = "/api/crm/customers?size=1";
    private static final Pattern HITS =
            Pattern.compile("(?m)^cache_gets_total\\{[^}]*cache=\"jwt_verified\"[^}]*result=\"hit\"[^}]*} ([0-9.E]+)$");

    @Test
    void aRememberedTokenIsServedFromTheCacheAndStillExpires() throws InterruptedException {
        String token = TestTokens.sysadminExpiringIn(3);
        long expiresAt = System.currentTimeMillis() + 3_000;
        as(token).get(LIST).then().statusCode(200);
        double hitsBefore = hits();
        as(token).get(LIST).then().statusCode(200);
        assertTrue(hits() > hitsBefore, "the second request with the same token is a cache hit");

        Thread.sleep(Math.max(0, expiresAt - System.currentTimeMillis()) + 2_500);
        as(token).get(LIST).then().statusCode(401);
    }

    @Test
    void aTamperedTokenIsVerifiedNotLookedUp() {
        String token = TestTokens.sysadmin();
        as(token).get(LIST).then().statusCode(200);
        int last = token.length() - 2; // inside the signature
        String tampered =
                token.substring(0, last) + (token.charAt(last) == 'A' ? 'B' : 'A') + token.substring(last + 1);
        as(tampered).get(LIST).then().statusCode(401);
        as(token).get(LIST).then().statusCode(200);
    }

    private static double hits() {
        Matcher m = HITS.matcher(
                given().get("/q/metrics").then().statusCode(200).extract().asString());
        assertTrue(m.find(), "the cache's hit counter is exported");
        return Double.parseDouble(m.group(1));
    }
}
