package com.bellsystems.auth.staff;

import static com.bellsystems.auth.Fixtures.address;
import static com.bellsystems.auth.Fixtures.auditRows;
import static com.bellsystems.auth.Fixtures.auditRowsFor;
import static com.bellsystems.auth.Fixtures.insertStaff;
import static com.bellsystems.auth.Fixtures.login;
import static com.bellsystems.auth.Fixtures.refresh;
import static com.bellsystems.auth.Fixtures.string;
import static com.bellsystems.auth.Fixtures.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bellsystems.auth.password.PasswordHasherTest;
import com.bellsystems.common.testing.TestDatabaseResource;
import com.bellsystems.common.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Staff administration: each mutation writes its audit row, a refused or failed one writes none. */
@QuarkusTest
@WithTestResource(TestDatabaseResource.class)
class StaffAdminTest {

    static final String PASSWORD = "correct horse battery staple";

    private static String create(String token, Map<String, Object> body) {
        return given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/api/staff")
                .then()
                .statusCode(201)
                .body("email", equalTo(String.valueOf(body.get("email")).toLowerCase()))
                .body(not(containsString("hashed")))
                .body(not(containsString("$2b$")))
                .extract()
                .path("id");
    }

    @Test
    void createWritesCreateRowAndTheNewMemberCanLogIn() {
        String email = unique("New") + "@BellSystems.test";
        String id = create(
                TestTokens.sysadmin(),
                Map.of(
                        "email",
                        email,
                        "name",
                        "New Person",
                        "role",
                        "staff",
                        "password",
                        "a good password",
                        "permissions",
                        Map.of("crm", Map.of("view", true))));
        assertEquals(1, auditRows("CREATE", "staff", id));
        assertEquals("admin-1", string("SELECT actor_id FROM audit_log WHERE entity_id = ? AND action = 'CREATE'", id));
        assertTrue(string("SELECT hashed_password FROM staff WHERE id = ?", id).startsWith("$2b$10$"));
        login(email.toLowerCase(), "a good password", address())
                .then()
                .statusCode(200)
                .body("staff.permissions.crm.view", equalTo(true));

        // duplicate email (any case): 409 and no audit row
        given().auth()
                .oauth2(TestTokens.sysadmin())
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "email", email.toUpperCase(), "name", "Dup", "role", "staff", "password", "a good password"))
                .when()
                .post("/api/staff")
                .then()
                .statusCode(409);
        assertEquals(
                1L,
                com.bellsystems.auth.Fixtures.count(
                        "SELECT count(*) FROM audit_log WHERE action = 'CREATE' AND entity_label = ?",
                        email.toLowerCase()));
    }

    @Test
    void invalidCreateIs400WithFieldsAndNoRow() {
        long before = com.bellsystems.auth.Fixtures.count("SELECT count(*) FROM audit_log");
        given().auth()
                .oauth2(TestTokens.sysadmin())
                .contentType(ContentType.JSON)
                .body(Map.of("email", "not-an-email", "name", "", "role", "staff", "password", "short"))
                .when()
                .post("/api/staff")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("email"))
                .body("errors.field", hasItem("password"));
        given().auth()
                .oauth2(TestTokens.sysadmin())
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "email",
                        unique("r") + "@bellsystems.test",
                        "name",
                        "R",
                        "role",
                        "emperor",
                        "password",
                        "long enough"))
                .when()
                .post("/api/staff")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("role"));
        given().auth()
                .oauth2(TestTokens.sysadmin())
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "email",
                        unique("p") + "@bellsystems.test",
                        "name",
                        "P",
                        "role",
                        "staff",
                        "password",
                        "long enough",
                        "permissions",
                        Map.of("crm", "yes")))
                .when()
                .post("/api/staff")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("permissions.crm"));
        assertEquals(before, com.bellsystems.auth.Fixtures.count("SELECT count(*) FROM audit_log"));
    }

    @Test
    void updateWritesUpdateAndPermissionChangeRows() {
        String id = insertStaff(unique("u") + "@bellsystems.test", "staff", "{}", PasswordHasherTest.PY_2A_10, true);
        given().auth()
                .oauth2(TestTokens.sysadmin())
                .contentType(ContentType.JSON)
                .body(Map.of("name", "Renamed"))
                .when()
                .put("/api/staff/" + id)
                .then()
                .statusCode(200)
                .body("name", equalTo("Renamed"));
        assertEquals(1, auditRows("UPDATE", "staff", id));
        assertEquals(0, auditRows("PERMISSION_CHANGE", "staff", id));
        String changes = string("SELECT changes::text FROM audit_log WHERE entity_id = ? AND action = 'UPDATE'", id);
        assertTrue(changes.contains("Renamed"), changes);

        given().auth()
                .oauth2(TestTokens.sysadmin())
                .contentType(ContentType.JSON)
                .body(Map.of("permissions", Map.of("tickets", true)))
                .when()
                .put("/api/staff/" + id)
                .then()
                .statusCode(200)
                .body("permissions.tickets", equalTo(true))
                .body("effective_permissions.tickets", equalTo(true));
        assertEquals(1, auditRows("PERMISSION_CHANGE", "staff", id));
        assertEquals(1, auditRows("UPDATE", "staff", id));

        // explicit null: back to the role's defaults (staff: none)
        Map<String, Object> reset = new HashMap<>();
        reset.put("permissions", null);
        given().auth()
                .oauth2(TestTokens.sysadmin())
                .contentType(ContentType.JSON)
                .body(reset)
                .when()
                .put("/api/staff/" + id)
                .then()
                .statusCode(200)
                .body("permissions", nullValue())
                .body("effective_permissions", equalTo(Map.of()));
        assertEquals(2, auditRows("PERMISSION_CHANGE", "staff", id));

        // nothing changes: no row
        given().auth()
                .oauth2(TestTokens.sysadmin())
                .contentType(ContentType.JSON)
                .body(Map.of("name", "Renamed"))
                .when()
                .put("/api/staff/" + id)
                .then()
                .statusCode(200);
        assertEquals(3, auditRowsFor("staff", id));

        // failed update (bad role, unknown id): no row
        given().auth()
                .oauth2(TestTokens.sysadmin())
                .contentType(ContentType.JSON)
                .body(Map.of("role", "emperor"))
                .when()
                .put("/api/staff/" + id)
                .then()
                .statusCode(400);
        given().auth()
                .oauth2(TestTokens.sysadmin())
                .contentType(ContentType.JSON)
                .body(Map.of("name", "X"))
                .when()
                .put("/api/staff/does-not-exist")
                .then()
                .statusCode(404);
        assertEquals(3, auditRowsFor("staff", id));
    }

    @Test
    void emailClashOnUpdateIs409AndRollsBack() {
        String taken = unique("t") + "@bellsystems.test";
        insertStaff(taken, "staff", null, PasswordHasherTest.PY_2A_10, true);
        String id = insertStaff(unique("c") + "@bellsystems.test", "staff", null, PasswordHasherTest.PY_2A_10, true);
        given().auth()
                .oauth2(TestTokens.sysadmin())
                .contentType(ContentType.JSON)
                .body(Map.of("email", taken, "name", "Changed too"))
                .when()
                .put("/api/staff/" + id)
                .then()
                .statusCode(409);
        assertEquals(0, auditRowsFor("staff", id));
        assertFalse("Changed too".equals(string("SELECT name FROM staff WHERE id = ?", id)));
    }

    @Test
    void deactivateWritesDeleteRowAndEndsSessions() {
        String email = unique("x") + "@bellsystems.test";
        String id = insertStaff(email, "staff", null, PasswordHasherTest.PY_2A_10, true);
        String r1 = login(email, PASSWORD, address())
                .then()
                .statusCode(200)
                .extract()
                .path("refresh_token");
        given().auth()
                .oauth2(TestTokens.sysadmin())
                .when()
                .post("/api/staff/" + id + "/deactivate")
                .then()
                .statusCode(200)
                .body("active", equalTo(false));
        assertEquals(1, auditRows("DELETE", "staff", id));
        refresh(r1).then().statusCode(401);
        // already inactive: no second row
        given().auth()
                .oauth2(TestTokens.sysadmin())
                .when()
                .delete("/api/staff/" + id)
                .then()
                .statusCode(200);
        assertEquals(1, auditRows("DELETE", "staff", id));
    }

    @Test
    void adminResetsAPasswordWithARedactedDiff() {
        String email = unique("reset") + "@bellsystems.test";
        String id = insertStaff(email, "staff", null, PasswordHasherTest.PY_2A_10, true);
        given().auth()
                .oauth2(TestTokens.sysadmin())
                .contentType(ContentType.JSON)
                .body(Map.of("new_password", "brand new secret"))
                .when()
                .post("/api/staff/" + id + "/password")
                .then()
                .statusCode(204);
        assertEquals(1, auditRows("UPDATE", "staff", id));
        String changes = string("SELECT changes::text FROM audit_log WHERE entity_id = ? AND action = 'UPDATE'", id);
        assertTrue(changes.contains("[REDACTED]"), changes);
        assertFalse(changes.contains("$2"), changes);
        login(email, PASSWORD, address()).then().statusCode(401);
        login(email, "brand new secret", address()).then().statusCode(200);
        // too short: 400, no row
        given().auth()
                .oauth2(TestTokens.sysadmin())
                .contentType(ContentType.JSON)
                .body(Map.of("new_password", "short"))
                .when()
                .post("/api/staff/" + id + "/password")
                .then()
                .statusCode(400);
        assertEquals(1, auditRows("UPDATE", "staff", id));
    }

    @Test
    void memberChangesOwnPasswordAndUiPrefs() {
        String email = unique("me") + "@bellsystems.test";
        String id = insertStaff(email, "staff", null, PasswordHasherTest.PY_2A_10, true);
        String token = login(email, PASSWORD, address())
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");

        given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("current_password", "wrong one", "new_password", "my new password"))
                .when()
                .put("/api/staff/me/password")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("current_password"));
        assertEquals(0, auditRows("UPDATE", "staff", id));
        given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("current_password", PASSWORD, "new_password", "my new password"))
                .when()
                .put("/api/staff/me/password")
                .then()
                .statusCode(204);
        assertEquals(1, auditRows("UPDATE", "staff", id));
        login(email, "my new password", address()).then().statusCode(200);

        given().auth()
                .oauth2(token)
                .when()
                .get("/api/staff/me/ui-prefs")
                .then()
                .statusCode(200)
                .body("$", equalTo(Map.of()));
        given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("theme", "dark", "pageSize", 25))
                .when()
                .put("/api/staff/me/ui-prefs")
                .then()
                .statusCode(200)
                .body("theme", equalTo("dark"));
        given().auth()
                .oauth2(token)
                .when()
                .get("/api/staff/me/ui-prefs")
                .then()
                .statusCode(200)
                .body("pageSize", equalTo(25));
        assertEquals(2, auditRows("UPDATE", "staff", id));
        given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body("[1,2]")
                .when()
                .put("/api/staff/me/ui-prefs")
                .then()
                .statusCode(400);
    }

    @Test
    void ownPasswordChangeIsThrottled() {
        String email = unique("pw") + "@bellsystems.test";
        String id = insertStaff(email, "staff", null, PasswordHasherTest.PY_2A_10, true);
        String token = login(email, PASSWORD, address())
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
        // %test: 3 checks of the current password, then a 30 s delay
        for (int i = 0; i < 3; i++) {
            given().auth()
                    .oauth2(token)
                    .contentType(ContentType.JSON)
                    .body(Map.of("current_password", "guess " + i, "new_password", "my new password"))
                    .when()
                    .put("/api/staff/me/password")
                    .then()
                    .statusCode(400);
        }
        String retryAfter = given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("current_password", PASSWORD, "new_password", "my new password"))
                .when()
                .put("/api/staff/me/password")
                .then()
                .statusCode(429)
                .contentType(containsString("problem+json"))
                .body("status", equalTo(429))
                .extract()
                .header("Retry-After");
        long seconds = Long.parseLong(retryAfter);
        assertTrue(seconds >= 1 && seconds <= 30, retryAfter);
        assertEquals(0, auditRows("UPDATE", "staff", id));
        login(email, PASSWORD, address()).then().statusCode(200);
    }

    @Test
    void listPagesAndFilters() {
        String tag = unique("list");
        for (int i = 0; i < 3; i++) {
            insertStaff(tag + i + "@bellsystems.test", "admin", null, PasswordHasherTest.PY_2A_10, i != 2);
        }
        given().auth()
                .oauth2(TestTokens.sysadmin())
                .queryParam("role", "admin")
                .queryParam("active", false)
                .queryParam("size", 200)
                .when()
                .get("/api/staff")
                .then()
                .statusCode(200)
                .body("items.role", everyItem(equalTo("admin")))
                .body("items.active", everyItem(equalTo(false)))
                .body("items.email", hasItem(tag + "2@bellsystems.test"));
        given().auth()
                .oauth2(TestTokens.sysadmin())
                .queryParam("size", 1)
                .queryParam("page", 1)
                .when()
                .get("/api/staff")
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(1))
                .body("page", equalTo(1))
                .body("size", equalTo(1));
        given().auth()
                .oauth2(TestTokens.sysadmin())
                .queryParam("size", 1000)
                .when()
                .get("/api/staff")
                .then()
                .statusCode(400);
        given().auth()
                .oauth2(TestTokens.sysadmin())
                .queryParam("role", "emperor")
                .when()
                .get("/api/staff")
                .then()
                .statusCode(400);
    }

    private static io.restassured.response.Response post(String token, Map<String, Object> body) {
        return given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/api/staff");
    }

    private static io.restassured.response.Response put(String token, String id, Map<String, Object> body) {
        return given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .put("/api/staff/" + id);
    }

    private static Map<String, Object> member(String role, Map<String, Object> permissions) {
        Map<String, Object> body = new HashMap<>();
        body.put("email", unique("g") + "@bellsystems.test");
        body.put("name", "Granted");
        body.put("role", role);
        body.put("password", "long enough");
        if (permissions != null) {
            body.put("permissions", permissions);
        }
        return body;
    }

    @Test
    void aCallerGrantsOnlyThePermissionsItHolds() {
        String manager = TestTokens.staff(Map.of("staff", Map.of("manage", true)));
        long before = com.bellsystems.auth.Fixtures.count("SELECT count(*) FROM staff");

        // more areas than the manager holds: 403 problem naming what is not held, no row
        post(manager, member("staff", Map.of("crm", Map.of("view", true))))
                .then()
                .statusCode(403)
                .contentType(containsString("problem+json"))
                .body("detail", containsString("crm:view"));
        // a whole area when only one of its actions is held
        post(manager, member("staff", Map.of("staff", true)))
                .then()
                .statusCode(403)
                .body("detail", containsString("staff"));
        assertEquals(before, com.bellsystems.auth.Fixtures.count("SELECT count(*) FROM staff"));

        // what it holds, it can grant
        String deputy = post(manager, member("staff", Map.of("staff", Map.of("manage", true), "crm", false)))
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        // and cannot add more by update
        put(manager, deputy, Map.of("permissions", Map.of("staff", Map.of("manage", true), "audit", true)))
                .then()
                .statusCode(403)
                .body("detail", containsString("audit"));
        assertEquals(
                "{\"crm\": false, \"staff\": {\"manage\": true}}",
                string("SELECT permissions::text FROM staff WHERE id = ?", deputy));

        // a member holding more than the manager is out of its reach (else a password reset would hand it over)
        String richer = insertStaff(
                unique("rich") + "@bellsystems.test", "staff", "{\"crm\": true}", PasswordHasherTest.PY_2A_10, true);
        put(manager, richer, Map.of("name", "Renamed")).then().statusCode(403);
        given().auth()
                .oauth2(manager)
                .contentType(ContentType.JSON)
                .body(Map.of("new_password", "taken over"))
                .when()
                .post("/api/staff/" + richer + "/password")
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(manager)
                .when()
                .delete("/api/staff/" + richer)
                .then()
                .statusCode(403);

        // role changes count: a narrowed admin cannot make an admin with the role's defaults (every area) ...
        String narrowAdmin = TestTokens.token(
                unique("adm"), "Nora Narrow", "admin", Map.of("staff", true, "crm", Map.of("view", true)));
        Map<String, Object> toAdminWithDefaults = new HashMap<>();
        toAdminWithDefaults.put("role", "admin");
        toAdminWithDefaults.put("permissions", null);
        put(narrowAdmin, deputy, toAdminWithDefaults).then().statusCode(403);
        // ... nor grant crm:edit, but it can grant crm:view
        post(narrowAdmin, member("staff", Map.of("crm", Map.of("edit", true))))
                .then()
                .statusCode(403);
        post(narrowAdmin, member("staff", Map.of("crm", Map.of("view", true))))
                .then()
                .statusCode(201);
        // an admin holding every area can
        Map<String, Object> everyArea = new HashMap<>();
        for (String area : Roles.AREAS) {
            everyArea.put(area, true);
        }
        String fullAdmin = TestTokens.token(unique("adm"), "Fay Full", "admin", everyArea);
        put(fullAdmin, deputy, toAdminWithDefaults).then().statusCode(200).body("role", equalTo("admin"));

        // a sysadmin grants anything, including areas nobody else holds
        post(TestTokens.sysadmin(), member("staff", Map.of("crm", true, "migration", true, "staff", true)))
                .then()
                .statusCode(201);
    }

    @Test
    void privilegeEscalationIsRefusedWithoutARow() {
        String admin = TestTokens.token(unique("adm"), "Ann Admin", "admin", Map.of());
        String manager = TestTokens.staff(Map.of("staff", Map.of("manage", true)));
        String sysId =
                insertStaff(unique("sys") + "@bellsystems.test", "sysadmin", null, PasswordHasherTest.PY_2A_10, true);
        String adminId =
                insertStaff(unique("adm") + "@bellsystems.test", "admin", null, PasswordHasherTest.PY_2A_10, true);
        long before = com.bellsystems.auth.Fixtures.count("SELECT count(*) FROM audit_log");

        // an admin cannot create or touch a sysadmin
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "email",
                        unique("e") + "@bellsystems.test",
                        "name",
                        "E",
                        "role",
                        "sysadmin",
                        "password",
                        "long enough"))
                .when()
                .post("/api/staff")
                .then()
                .statusCode(403);
        given().auth().oauth2(admin).when().delete("/api/staff/" + sysId).then().statusCode(403);
        // a staff manager cannot promote or touch admins
        given().auth()
                .oauth2(manager)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "email",
                        unique("e") + "@bellsystems.test",
                        "name",
                        "E",
                        "role",
                        "admin",
                        "password",
                        "long enough"))
                .when()
                .post("/api/staff")
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(manager)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "Hacked"))
                .when()
                .put("/api/staff/" + adminId)
                .then()
                .statusCode(403);
        assertEquals(before, com.bellsystems.auth.Fixtures.count("SELECT count(*) FROM audit_log"));

        // but a manager can create plain staff
        given().auth()
                .oauth2(manager)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "email",
                        unique("ok") + "@bellsystems.test",
                        "name",
                        "OK",
                        "role",
                        "staff",
                        "password",
                        "long enough"))
                .when()
                .post("/api/staff")
                .then()
                .statusCode(201);
    }
}
