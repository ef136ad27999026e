package com.bellsystems.auth.login;

import static com.bellsystems.auth.Fixtures.address;
import static com.bellsystems.auth.Fixtures.auditRows;
import static com.bellsystems.auth.Fixtures.count;
import static com.bellsystems.auth.Fixtures.insertStaff;
import static com.bellsystems.auth.Fixtures.login;
import static com.bellsystems.auth.Fixtures.refresh;
import static com.bellsystems.auth.Fixtures.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bellsystems.auth.password.PasswordHasher;
import com.bellsystems.auth.password.PasswordHasherTest;
import com.bellsystems.common.testing.TestDatabaseResource;
import com.bellsystems.common.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Login, token shape and rejection, refresh rotation and reuse detection, logout, throttling. */
@QuarkusTest
@WithTestResource(TestDatabaseResource.class)
class AuthFlowTest {

    static final String PASSWORD = "correct horse battery staple";

    @Inject
    PasswordHasher hasher;

    @Test
    void pythonBcrypt2b12HashLogsInAndTokenCarriesTheContractClaims() {
        String email = unique("sys") + "@bellsystems.test";
        // The $2b$12$ fixture made by Python's bcrypt, stored as the migration copies it.
        String id = insertStaff(email, "sysadmin", null, PasswordHasherTest.PY_2B_12, true);

        var body = login(email, PASSWORD, address())
                .then()
                .statusCode(200)
                .body("token_type", equalTo("Bearer"))
                .body("expires_in", equalTo(900))
                .body("staff.id", equalTo(id))
                .body(not(containsString("hashed")))
                .body(not(containsString("$2b$")))
                .extract()
                .jsonPath();

        JsonPath claims = claims(body.getString("access_token"));
        assertEquals("bellsys", claims.getString("iss"));
        assertEquals(id, claims.getString("sub"));
        assertEquals(email, claims.getString("email"));
        assertEquals("Name of " + email, claims.getString("name"));
        assertEquals("sysadmin", claims.getString("role"));
        assertEquals(List.of("sysadmin"), claims.getList("groups"));
        assertEquals(Boolean.TRUE, claims.get("permissions.crm"));
        assertEquals(Boolean.TRUE, claims.get("permissions.staff"));
        assertEquals(900L, claims.getLong("exp") - claims.getLong("iat"));
        assertFalse(claims.getString("jti").isBlank());
        assertEquals(1, auditRows("LOGIN", "staff", id));
    }

    @Test
    void eachRoleLogsInAndPermissionsDecide200Versus403() {
        String sysadmin = unique("s") + "@bellsystems.test";
        String admin = unique("a") + "@bellsystems.test";
        String viewer = unique("v") + "@bellsystems.test";
        String plain = unique("p") + "@bellsystems.test";
        insertStaff(sysadmin, "sysadmin", "{}", PasswordHasherTest.PY_2A_10, true);
        insertStaff(admin, "admin", null, PasswordHasherTest.PY_2A_10, true);
        insertStaff(viewer, "staff", "{\"staff\": {\"view\": true}}", PasswordHasherTest.PY_2A_10, true);
        insertStaff(plain, "staff", null, PasswordHasherTest.PY_2A_10, true);

        String sysToken = accessToken(sysadmin);
        String adminToken = accessToken(admin);
        String viewerToken = accessToken(viewer);
        String plainToken = accessToken(plain);

        assertEquals("admin", claims(adminToken).getString("role"));
        assertEquals(Boolean.TRUE, claims(adminToken).get("permissions.settings"));
        assertEquals(Map.of(), claims(plainToken).getMap("permissions"));
        assertEquals(Map.of("staff", Map.of("view", true)), claims(viewerToken).getMap("permissions"));

        for (String token : List.of(sysToken, adminToken, viewerToken, plainToken)) {
            given().auth().oauth2(token).when().get("/api/auth/me").then().statusCode(200);
        }
        // staff:view protects the list
        given().auth().oauth2(sysToken).when().get("/api/staff").then().statusCode(200);
        given().auth().oauth2(adminToken).when().get("/api/staff").then().statusCode(200);
        given().auth().oauth2(viewerToken).when().get("/api/staff").then().statusCode(200);
        given().auth()
                .oauth2(plainToken)
                .when()
                .get("/api/staff")
                .then()
                .statusCode(403)
                .contentType(containsString("problem+json"));
        // staff:manage protects creation: view alone is not enough
        given().auth()
                .oauth2(viewerToken)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "email",
                        unique("x") + "@bellsystems.test",
                        "name",
                        "X",
                        "role",
                        "staff",
                        "password",
                        "password123"))
                .when()
                .post("/api/staff")
                .then()
                .statusCode(403);
    }

    @Test
    void unknownEmailAndWrongPasswordGetTheSame401() {
        String email = unique("w") + "@bellsystems.test";
        insertStaff(email, "staff", null, PasswordHasherTest.PY_2A_10, true);
        String wrong = login(email, "not the password", address())
                .then()
                .statusCode(401)
                .extract()
                .asString();
        String unknown = login(unique("nobody") + "@bellsystems.test", PASSWORD, address())
                .then()
                .statusCode(401)
                .extract()
                .asString();
        assertEquals(
                JsonPath.from(wrong).getString("detail"), JsonPath.from(unknown).getString("detail"));
        assertEquals(
                JsonPath.from(wrong).getString("title"), JsonPath.from(unknown).getString("title"));
    }

    @Test
    void inactiveStaffCannotLogIn() {
        String email = unique("off") + "@bellsystems.test";
        String id = insertStaff(email, "staff", null, PasswordHasherTest.PY_2A_10, false);
        login(email, PASSWORD, address()).then().statusCode(401);
        assertEquals(0, auditRows("LOGIN", "staff", id));
    }

    @Test
    void badTokensAre401() throws Exception {
        // expired, signed with the right key
        String expired = Jwt.issuer("bellsys")
                .subject("admin-1")
                .claim("name", "A")
                .claim("role", "sysadmin")
                .groups(Set.of("sysadmin"))
                .claim("permissions", Map.of())
                .issuedAt(Instant.now().minusSeconds(3600))
                .expiresAt(Instant.now().minusSeconds(1800))
                .sign(TestTokens.PRIVATE_KEY);
        given().auth().oauth2(expired).when().get("/api/staff").then().statusCode(401);

        String good = TestTokens.staff(Map.of());
        String[] parts = good.split("\\.");
        // tampered: payload changed to sysadmin, original signature kept
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"staff\"", "\"sysadmin\"");
        String tampered = parts[0] + "." + b64(payload) + "." + parts[2];
        given().auth().oauth2(tampered).when().get("/api/staff").then().statusCode(401);

        // alg none
        String none = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(payload) + ".";
        given().auth().oauth2(none).when().get("/api/staff").then().statusCode(401);

        // HS256 keyed with the public key (the classic algorithm-confusion attack)
        String hsHeader = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        byte[] publicPem;
        try (var in = getClass().getClassLoader().getResourceAsStream("bellsys-test-keys/jwt-public.pem")) {
            publicPem = in.readAllBytes();
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(publicPem, "HmacSHA256"));
        String signingInput = hsHeader + "." + b64(payload);
        String hs = signingInput + "."
                + Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        given().auth().oauth2(hs).when().get("/api/staff").then().statusCode(401);

        // right key, wrong issuer
        String wrongIssuer = Jwt.issuer("someone-else")
                .subject("admin-1")
                .claim("role", "sysadmin")
                .groups(Set.of("sysadmin"))
                .expiresIn(600)
                .sign(TestTokens.PRIVATE_KEY);
        given().auth().oauth2(wrongIssuer).when().get("/api/staff").then().statusCode(401);

        // right shape, signed by another RSA key
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String otherKey = Jwt.issuer("bellsys")
                .subject("admin-1")
                .claim("role", "sysadmin")
                .groups(Set.of("sysadmin"))
                .expiresIn(600)
                .sign(generator.generateKeyPair().getPrivate());
        given().auth().oauth2(otherKey).when().get("/api/staff").then().statusCode(401);

        // no token, garbage token
        given().when().get("/api/staff").then().statusCode(401);
        given().auth().oauth2("not.a.jwt").when().get("/api/auth/me").then().statusCode(401);
        // the untampered token is fine (so the 401s above are about the tampering)
        given().auth()
                .oauth2(TestTokens.sysadmin())
                .when()
                .get("/api/staff")
                .then()
                .statusCode(200);
    }

    @Test
    void aValidlySignedTokenLivingLongerThanTheConfiguredLifetimeIs401() {
        String tenYears = TestTokens.sysadminExpiringIn(10L * 365 * 24 * 3600);
        given().auth().oauth2(tenYears).when().get("/api/staff").then().statusCode(401);
        given().auth().oauth2(tenYears).when().get("/api/auth/me").then().statusCode(401);
        // one just within the configured 15 minutes (+1 min skew) is fine
        given().auth()
                .oauth2(TestTokens.sysadminExpiringIn(15 * 60 + 30))
                .when()
                .get("/api/staff")
                .then()
                .statusCode(200);
    }

    @Test
    void refreshRotatesAndReuseRevokesTheWholeFamily() {
        String email = unique("r") + "@bellsystems.test";
        String id = insertStaff(email, "staff", null, PasswordHasherTest.PY_2A_10, true);
        String r1 = login(email, PASSWORD, address())
                .then()
                .statusCode(200)
                .extract()
                .path("refresh_token");

        var second = refresh(r1).then().statusCode(200).extract().jsonPath();
        String r2 = second.getString("refresh_token");
        assertNotEquals(r1, r2);
        assertEquals(id, claims(second.getString("access_token")).getString("sub"));
        String r3 = refresh(r2).then().statusCode(200).extract().path("refresh_token");

        // r1 was already rotated: replaying it is theft, the family dies (r3 included)
        refresh(r1).then().statusCode(401);
        refresh(r3).then().statusCode(401);
        assertEquals(0, count("SELECT count(*) FROM refresh_tokens WHERE staff_id = ? AND revoked_at IS NULL", id));
        assertEquals(
                3, count("SELECT count(*) FROM refresh_tokens WHERE staff_id = ? AND revoke_reason = 'reuse'", id));
        // only hashes are stored
        assertEquals(0, count("SELECT count(*) FROM refresh_tokens WHERE token_hash IN (?, ?, ?)", r1, r2, r3));

        refresh("never-issued-token").then().statusCode(401);
    }

    @Test
    void aSessionPastItsMaximumAgeCannotRefresh() {
        String email = unique("old") + "@bellsystems.test";
        String id = insertStaff(email, "staff", null, PasswordHasherTest.PY_2A_10, true);
        String r1 = login(email, PASSWORD, address())
                .then()
                .statusCode(200)
                .extract()
                .path("refresh_token");
        String r2 = refresh(r1).then().statusCode(200).extract().path("refresh_token");
        // the session began 30 days (the default maximum age) and a second ago; its token is not expired
        count(
                "WITH moved AS (UPDATE refresh_tokens SET session_started_at = now() - interval '30 days 1 second'"
                        + " WHERE staff_id = ? RETURNING 1) SELECT count(*) FROM moved",
                id);
        refresh(r2).then().statusCode(401);
    }

    @Test
    void logoutRevokesAndIsAudited() {
        String email = unique("l") + "@bellsystems.test";
        String id = insertStaff(email, "staff", null, PasswordHasherTest.PY_2A_10, true);
        String r1 = login(email, PASSWORD, address())
                .then()
                .statusCode(200)
                .extract()
                .path("refresh_token");
        given().contentType(ContentType.JSON)
                .body(Map.of("refresh_token", r1))
                .when()
                .post("/api/auth/logout")
                .then()
                .statusCode(204);
        refresh(r1).then().statusCode(401);
        assertEquals(1, auditRows("LOGOUT", "staff", id));
        // again: nothing left to revoke, no second row
        given().contentType(ContentType.JSON)
                .body(Map.of("refresh_token", r1))
                .when()
                .post("/api/auth/logout")
                .then()
                .statusCode(204);
        assertEquals(1, auditRows("LOGOUT", "staff", id));
    }

    @Test
    void deactivatedStaffCannotRefresh() {
        String email = unique("d") + "@bellsystems.test";
        String id = insertStaff(email, "staff", null, PasswordHasherTest.PY_2A_10, true);
        String r1 = login(email, PASSWORD, address())
                .then()
                .statusCode(200)
                .extract()
                .path("refresh_token");
        given().auth()
                .oauth2(TestTokens.sysadmin())
                .when()
                .delete("/api/staff/" + id)
                .then()
                .statusCode(200)
                .body("active", equalTo(false));
        refresh(r1).then().statusCode(401);
        login(email, PASSWORD, address()).then().statusCode(401);
    }

    @Test
    void repeatedFailuresPerAccountAre429WithRetryAfter() {
        String email = unique("t") + "@bellsystems.test";
        insertStaff(email, "staff", null, PasswordHasherTest.PY_2A_10, true);
        // %test: 3 attempts per account and address, then a 30 s delay; all from one address
        String from = address();
        for (int i = 0; i < 3; i++) {
            login(email, "wrong password", from).then().statusCode(401);
        }
        String retryAfter = login(email, PASSWORD, from)
                .then()
                .statusCode(429)
                .contentType(containsString("problem+json"))
                .extract()
                .header("Retry-After");
        long seconds = Long.parseLong(retryAfter);
        assertTrue(seconds >= 1 && seconds <= 30, retryAfter);
    }

    @Test
    void concurrentWrongLoginsAreCountedBeforeTheCheckAndTheOwnerStillGetsIn() throws Exception {
        String email = unique("victim") + "@bellsystems.test";
        insertStaff(email, "staff", null, PasswordHasherTest.PY_2A_10, true);
        String attacker = address();
        int burst = 40;
        long checksBefore = hasher.checks();
        ExecutorService pool = Executors.newFixedThreadPool(burst);
        List<Future<io.restassured.response.Response>> answers = new ArrayList<>();
        try {
            CountDownLatch go = new CountDownLatch(1);
            for (int i = 0; i < burst; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return login(email, "wrong password", attacker);
                }));
            }
            go.countDown();
            int unauthorized = 0;
            int throttled = 0;
            for (Future<io.restassured.response.Response> answer : answers) {
                io.restassured.response.Response r = answer.get(120, TimeUnit.SECONDS);
                if (r.statusCode() == 401) {
                    unauthorized++;
                } else {
                    assertEquals(429, r.statusCode(), r.asString());
                    assertTrue(r.contentType().contains("problem+json"), r.contentType());
                    assertEquals(429, r.jsonPath().getInt("status"));
                    long retryAfter = Long.parseLong(r.header("Retry-After"));
                    assertTrue(retryAfter >= 1 && retryAfter <= 30, r.header("Retry-After"));
                    throttled++;
                }
            }
            // %test limit per account+address: 3; only those reached the password check
            assertEquals(3, unauthorized);
            assertEquals(burst - 3, throttled);
            assertEquals(3, hasher.checks() - checksBefore, "bcrypt evaluations during the burst");
        } finally {
            pool.shutdownNow();
        }
        // the owner, from another address, with the right password
        login(email, PASSWORD, address()).then().statusCode(200);
        // the attacker's address+account stays delayed
        login(email, PASSWORD, attacker).then().statusCode(429);
    }

    @Test
    void repeatedFailuresPerAddressAre429() {
        String from = address();
        // %test: 6 failures per address; different (unknown) accounts each time
        for (int i = 0; i < 6; i++) {
            login(unique("guess") + "@bellsystems.test", "whatever1", from)
                    .then()
                    .statusCode(401);
        }
        login(unique("guess") + "@bellsystems.test", "whatever1", from)
                .then()
                .statusCode(429)
                .header("Retry-After", org.hamcrest.Matchers.notNullValue());
        // another address is not affected
        login(unique("guess") + "@bellsystems.test", "whatever1", address())
                .then()
                .statusCode(401);
    }

    @Test
    void loginValidatesItsBody() {
        given().contentType(ContentType.JSON)
                .body(Map.of("password", "x"))
                .when()
                .post("/api/auth/login")
                .then()
                .statusCode(400);
        given().contentType(ContentType.JSON)
                .body("{not json")
                .when()
                .post("/api/auth/login")
                .then()
                .statusCode(400);
    }

    private static String accessToken(String email) {
        return login(email, PASSWORD, address())
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
    }

    static JsonPath claims(String jwt) {
        return JsonPath.from(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
