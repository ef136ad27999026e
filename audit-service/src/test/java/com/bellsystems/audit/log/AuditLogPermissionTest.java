package com.bellsystems.audit.log;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import com.bellsystems.common.testing.TestDatabaseResource;
import com.bellsystems.common.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Only staff holding audit:view (or the whole audit area, or sysadmins) read the log. */
@QuarkusTest
@WithTestResource(TestDatabaseResource.class)
class AuditLogPermissionTest {

    @ParameterizedTest
    @ValueSource(strings = {"/api/audit-log", "/api/audit-log/entities/customer/c-1", "/api/audit-log/export"})
    void withoutTokenIs401(String path) {
        given().when()
                .get(path)
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/audit-log", "/api/audit-log/entities/customer/c-1", "/api/audit-log/export"})
    void badTokenIs401(String path) {
        given().auth().oauth2("not.a.jwt").when().get(path).then().statusCode(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/audit-log", "/api/audit-log/entities/customer/c-1", "/api/audit-log/export"})
    void withoutThePermissionIs403(String path) {
        String crmOnly = TestTokens.staff(Map.of("crm", true, "audit", Map.of("view", false)));
        given().auth()
                .oauth2(crmOnly)
                .when()
                .get(path)
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("status", equalTo(403));
        String nothing = TestTokens.staff(Map.of());
        given().auth().oauth2(nothing).when().get(path).then().statusCode(403);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/audit-log", "/api/audit-log/entities/customer/c-1", "/api/audit-log/export"})
    void viewersAreAllowed(String path) {
        given().auth()
                .oauth2(TestTokens.staff(Map.of("audit", Map.of("view", true))))
                .when()
                .get(path)
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(TestTokens.staff(Map.of("audit", true)))
                .when()
                .get(path)
                .then()
                .statusCode(200);
        given().auth().oauth2(TestTokens.sysadmin()).when().get(path).then().statusCode(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/audit-log?action=nope", "/api/audit-log?limit=999"})
    void permissionIsCheckedBeforeValidation(String path) {
        given().when().get(path).then().statusCode(401);
        given().auth()
                .oauth2(TestTokens.staff(Map.of()))
                .when()
                .get(path)
                .then()
                .statusCode(403);
    }
}
