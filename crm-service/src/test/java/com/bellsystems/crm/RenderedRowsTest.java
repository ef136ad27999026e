package com.bellsystems.crm;

import static com.bellsystems.crm.Api.admin;
import static com.bellsystems.crm.Api.query;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bellsystems.common.testing.FirestoreEmulatorResource;
import com.bellsystems.common.testing.TestDatabaseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Lists reuse rows already rendered to JSON (RenderedRows) only while the row is unchanged: every
 * change shows in the next list, whether it came through the API, straight through SQL (a migration,
 * an operator's fix) or was a delete.
 */
@QuarkusTest
@WithTestResource(TestDatabaseResource.class)
@WithTestResource(FirestoreEmulatorResource.class)
class RenderedRowsTest {

    private static final Pattern HITS = Pattern.compile(
            "(?m)^cache_gets_total\\{[^}]*cache=\"crm_rendered_rows\"[^}]*result=\"hit\"[^}]*} ([0-9.E]+)$");

    @Test
    void aListShowsEveryChangeOfARowItHasRenderedBefore() {
        String org = "Rendered " + UUID.randomUUID();
        String id = admin().body(
                        Map.of("name", "Anna", "surname", "Petrou", "organization", org, "tags", List.of("bells")))
                .post("/api/crm/customers")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        assertEquals(List.of("Petrou"), surnamesListed(org));
        double hits = hits();
        assertEquals(List.of("Petrou"), surnamesListed(org));
        assertTrue(hits() > hits, "an unchanged row is served as rendered before");

        query("UPDATE crm_customers SET surname = 'Markou' WHERE id = ? RETURNING id", id); // not through the service
        assertEquals(List.of("Markou"), surnamesListed(org));

        String etag = admin().get("/api/crm/customers/" + id)
                .then()
                .statusCode(200)
                .extract()
                .header("ETag");
        admin().header("If-Match", etag)
                .body(Map.of("surname", "Lazarou"))
                .patch("/api/crm/customers/" + id)
                .then()
                .statusCode(200);
        assertEquals(List.of("Lazarou"), surnamesListed(org));

        query("DELETE FROM crm_customers WHERE id = ? RETURNING id", id);
        assertEquals(List.of(), surnamesListed(org));
    }

    private static List<String> surnamesListed(String organization) {
        return admin().queryParam("q", organization)
                .get("/api/crm/customers")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.surname", String.class);
    }

    private static double hits() {
        Matcher m = HITS.matcher(
                given().get("/q/metrics").then().statusCode(200).extract().asString());
        assertTrue(m.find(), "the rendered-rows cache's hit counter is exported");
        return Double.parseDouble(m.group(1));
    }
}
