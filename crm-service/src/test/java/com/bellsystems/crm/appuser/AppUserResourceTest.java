package com.bellsystems.crm.appuser;

import static com.bellsystems.crm.Api.as;
import static com.bellsystems.crm.Api.auditActions;
import static com.bellsystems.crm.Api.query;
import static com.bellsystems.crm.Api.staff;
import static com.bellsystems.crm.device.LegacyFixtures.assertSameShape;
import static com.bellsystems.crm.device.LegacyFixtures.customer;
import static com.bellsystems.crm.device.LegacyFixtures.fixture;
import static com.bellsystems.crm.device.LegacyFixtures.read;
import static com.bellsystems.crm.device.LegacyFixtures.seed;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bellsystems.common.testing.FirestoreEmulatorResource;
import com.bellsystems.common.testing.TestDatabaseResource;
import com.bellsystems.common.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * App users (Firestore {@code users}, the app's collection) in the Console: permissions, search
 * by e-mail or name prefix with cursor paging, the detail joined with their devices and linked
 * CRM customers, and audited edits that keep the document in the app's shape.
 */
@QuarkusTest
@WithTestResource(TestDatabaseResource.class)
@WithTestResource(FirestoreEmulatorResource.class)
class AppUserResourceTest {

    private static RequestSpecification editor() {
        return as(
                TestTokens.token("ed-2", "Eva Editor", "staff", Map.of("devices", Map.of("view", true, "edit", true))));
    }

    private static RequestSpecification viewer() {
        return staff("devices", "view");
    }

    private static void user(String id, String email, String name) {
        seed("users", id, fixture("legacy-app-user"), Map.of("uid", id, "email", email, "display_name", name));
    }

    @Test
    void permissionsAreChecked() {
        given().get("/api/app-users").then().statusCode(401);
        staff("crm", "view").get("/api/app-users").then().statusCode(403);
        viewer().get("/api/app-users").then().statusCode(200);
        viewer().body(Map.of("display_name", "x"))
                .patch("/api/app-users/u-perm")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
    }

    @Test
    void searchPagesByEmailOrNamePrefix() {
        for (int i = 0; i < 5; i++) {
            user("search-" + i, "papas" + i + "@parish.gr", "Papas " + i);
        }
        user("search-x", "other@parish.gr", "Zoe Other");

        // without an @, q is a display-name prefix (as stored: case-sensitive), paged by cursor
        assertEquals(List.of(), pageAll("papas"));
        List<String> names = pageAll("Papas");
        assertEquals(List.of("Papas 0", "Papas 1", "Papas 2", "Papas 3", "Papas 4"), names);
        // with an @ it is an e-mail prefix, lower-cased like the addresses Firebase Auth stores
        viewer().queryParam("q", "PAPAS3@")
                .get("/api/app-users")
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(1))
                .body("items[0].id", equalTo("search-3"))
                .body("items[0].created_time", equalTo("2023-06-10T08:15:00Z"))
                .body("next_cursor", equalTo(null));
        viewer().queryParam("cursor", "nope").get("/api/app-users").then().statusCode(400);
    }

    private static List<String> pageAll(String q) {
        List<String> names = new ArrayList<>();
        String cursor = null;
        do {
            var spec = viewer().queryParam("q", q).queryParam("limit", 2);
            if (cursor != null) {
                spec = spec.queryParam("cursor", cursor);
            }
            JsonPath page =
                    spec.get("/api/app-users").then().statusCode(200).extract().jsonPath();
            names.addAll(page.getList("items.display_name"));
            cursor = page.getString("next_cursor");
        } while (cursor != null);
        return names;
    }

    @Test
    void detailJoinsDevicesAndLinkedCustomers() {
        user("owner-1", "maria@example.gr", "Maria");
        seed("devices", "dev-o1", fixture("legacy-device"), Map.of("serial_number", "BS-OWN-1", "owner_id", "owner-1"));
        seed("devices", "dev-o2", fixture("legacy-device"), Map.of("serial_number", "BS-OWN-2", "owner_id", "owner-1"));
        seed("devices", "dev-x", fixture("legacy-device"), Map.of("serial_number", "BS-OWN-X", "owner_id", "someone"));
        customer("cust-link-1", "Parish A", "owner-1", "owner-9");
        customer("cust-link-2", "Parish B", "owner-9");

        viewer().get("/api/app-users/owner-1")
                .then()
                .statusCode(200)
                .body("email", equalTo("maria@example.gr"))
                .body("devices.serial_number", equalTo(List.of("BS-OWN-1", "BS-OWN-2")))
                .body("linked_customers.id", equalTo(List.of("cust-link-1")))
                .body("linked_customers[0].name", equalTo("Parish A"));
        viewer().get("/api/app-users/nobody").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void editsAreValidatedAuditedAndKeepTheAppShape() {
        user("edit-1", "kostas@example.gr", "Kostas");
        editor().body(Map.of("email", "new@example.gr"))
                .patch("/api/app-users/edit-1")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("email"));
        editor().body(Map.of("language", "greek", "phone_number", "call me"))
                .patch("/api/app-users/edit-1")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("language"))
                .body("errors.field", hasItem("phone_number"));
        editor().body(Map.of("display_name", "Kostas P.", "language", "en"))
                .patch("/api/app-users/edit-1")
                .then()
                .statusCode(200)
                .body("display_name", equalTo("Kostas P."))
                .body("language", equalTo("en"));
        // the same values again change nothing and write no audit row
        editor().body(Map.of("display_name", "Kostas P."))
                .patch("/api/app-users/edit-1")
                .then()
                .statusCode(200);

        assertSameShape(fixture("legacy-app-user"), read("users", "edit-1"));
        assertEquals(List.of("UPDATE"), auditActions("app_user", "edit-1"));
        var row = query("SELECT actor_id, entity_label, changes::text AS changes FROM audit_log "
                        + "WHERE entity_type = 'app_user' AND entity_id = 'edit-1'")
                .get(0);
        assertEquals("ed-2", row.get("actor_id"));
        assertEquals("kostas@example.gr", row.get("entity_label"));
        assertTrue(((String) row.get("changes")).contains("Kostas P."));
    }
}
