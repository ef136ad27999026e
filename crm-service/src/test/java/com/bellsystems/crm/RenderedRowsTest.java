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
import io.restassured.specification.RequestSpecification;
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
        String tag = "rendered-" + UUID.randomUUID();
        String id = admin().body(Map.of("name", "Anna", "surname", "Petrou", "organization", org, "tags", List.of(tag)))
                .post("/api/crm/customers")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        assertEquals(List.of("Petrou"), surnamesListed(org, tag));
        double hits = hits();
        assertEquals(List.of("Petrou"), surnamesListed(org, tag));
        assertTrue(hits() > hits, "an unchanged row is served as rendered before");

        query("UPDATE crm_customers SET surname = 'Markou' WHERE id = ? RETURNING id", id); // not through the service
        assertEquals(List.of("Markou"), surnamesListed(org, tag));

        // a column no list filters or orders by: the tag and word entries' versions change all the same
        query("UPDATE crm_customers SET religion = 'Orthodox' WHERE id = ? RETURNING id", id);
        assertEquals(List.of("Orthodox"), listed(org, tag, "religion"));

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
        assertEquals(List.of("Lazarou"), surnamesListed(org, tag));

        query("DELETE FROM crm_customers WHERE id = ? RETURNING id", id);
        assertEquals(List.of(), surnamesListed(org, tag));
    }

    /** The surnames each list shows: all must agree. */
    private static List<String> surnamesListed(String organization, String tag) {
        return listed(organization, tag, "surname");
    }

    /**
     * One field of the customers listed by a search of two words (each row checked against the text),
     * by a search of one word (the word entries alone decide) and by the tag; all three must agree.
     */
    private static List<String> listed(String organization, String tag, String field) {
        List<String> bySearch = field(admin().queryParam("q", organization), field);
        assertEquals(bySearch, field(admin().queryParam("q", organization.split(" ")[1]), field), "one-word search");
        assertEquals(bySearch, field(admin().queryParam("tag", tag), field), "tag list");
        return bySearch;
    }

    private static List<String> field(RequestSpecification request, String field) {
        return request.get("/api/crm/customers")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items." + field, String.class);
    }

    private static double hits() {
        Matcher m = HITS.matcher(
                given().get("/q/metrics").then().statusCode(200).extract().asString());
        assertTrue(m.find(), "the rendered-rows cache's hit counter is exported");
        return Double.parseDouble(m.group(1));
    }
}
