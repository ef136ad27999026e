package com.bellsystems.audit.log;

import static com.bellsystems.audit.log.AuditApi.viewer;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bellsystems.common.testing.TestDatabaseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Walking the log page by page, by offset and by cursor, yields every row exactly once in order,
 * including across timestamp ties (rows 40..44 share one occurred_at).
 */
@QuarkusTest
@WithTestResource(TestDatabaseResource.class)
class AuditLogPagingTest {

    @BeforeEach
    void fixture() {
        AuditApi.loadFixture();
    }

    private static List<Long> walkByOffset(String path, Map<String, ?> filters, int limit) {
        List<Long> seen = new ArrayList<>();
        for (int offset = 0; ; offset += limit) {
            JsonPath page = viewer().queryParams(filters)
                    .queryParam("limit", limit)
                    .queryParam("offset", offset)
                    .when()
                    .get(path)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            List<Long> ids = page.getList("items.id", Long.class);
            assertEquals(offset, page.getInt("offset"));
            seen.addAll(ids);
            if (ids.size() < limit) {
                return seen;
            }
        }
    }

    private static List<Long> walkByCursor(String path, Map<String, ?> filters, int limit) {
        List<Long> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = viewer().queryParams(filters).queryParam("limit", limit);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page =
                    request.when().get(path).then().statusCode(200).extract().jsonPath();
            List<Long> ids = page.getList("items.id", Long.class);
            cursor = page.getString("next_cursor");
            assertTrue(ids.size() == limit || cursor == null, "only the last page may be short");
            seen.addAll(ids);
            assertTrue(++pages < 10_000, "cursor walk does not end");
        } while (cursor != null);
        return seen;
    }

    @Test
    void offsetPagesCoverEveryRowOnceInOrder() {
        assertEquals(AuditFixture.expected(r -> true), walkByOffset("/api/audit-log", Map.of(), 200));
        assertEquals(
                AuditFixture.expected(r -> r.actorId().equals("s-ana")),
                walkByOffset("/api/audit-log", Map.of("actor_id", "s-ana"), 7));
    }

    @Test
    void cursorPagesCoverEveryRowOnceInOrder() {
        assertEquals(AuditFixture.expected(r -> true), walkByCursor("/api/audit-log", Map.of(), 200));
        // a page size that splits the five tied rows 40..44 between pages
        assertEquals(
                AuditFixture.expected(r -> r.id() <= 120),
                walkByCursor("/api/audit-log", Map.of("from_date", "2026-01-01", "to_date", "2026-01-31"), 3));
        assertEquals(
                AuditFixture.expected(
                        r -> r.action().equals("UPDATE") && r.entityType().equals("customer")),
                walkByCursor("/api/audit-log", Map.of("action", "UPDATE", "entity_type", "customer"), 4));
    }

    @Test
    void cursorSplitsTiedTimestampsById() {
        // ids 40..44 share one timestamp; newest first means 44 first. Page 2 must start at 42.
        Map<String, String> window = Map.of("from_date", "2026-01-11T00:00:00Z", "to_date", "2026-01-11T00:00:00Z");
        JsonPath first = viewer().queryParams(window)
                .queryParam("limit", 2)
                .when()
                .get("/api/audit-log")
                .then()
                .statusCode(200)
                .body("items.id", equalTo(List.of(44, 43)))
                .extract()
                .jsonPath();
        JsonPath second = viewer().queryParams(window)
                .queryParam("limit", 2)
                .queryParam("cursor", first.getString("next_cursor"))
                .when()
                .get("/api/audit-log")
                .then()
                .statusCode(200)
                .body("items.id", equalTo(List.of(42, 41)))
                .extract()
                .jsonPath();
        viewer().queryParams(window)
                .queryParam("limit", 2)
                .queryParam("cursor", second.getString("next_cursor"))
                .when()
                .get("/api/audit-log")
                .then()
                .statusCode(200)
                .body("items.id", equalTo(List.of(40)))
                .body("next_cursor", nullValue());
    }

    @Test
    void lastFullPageHasNoCursorWhenNothingFollows() {
        viewer().queryParam("entity_type", "quotation")
                .queryParam("entity_id", "q-csv")
                .queryParam("limit", 3)
                .when()
                .get("/api/audit-log")
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(3))
                .body("next_cursor", nullValue());
    }

    @Test
    void entityHistoryPagesByOffsetAndCursor() {
        String path = "/api/audit-log/entities/bulk/b-7";
        List<Long> expected = AuditFixture.expected(
                r -> r.entityType().equals("bulk") && r.entityId().equals("b-7"));
        assertEquals(250, expected.size());
        assertEquals(expected, walkByOffset(path, Map.of(), 60));
        assertEquals(expected, walkByCursor(path, Map.of(), 60));
    }

    @Test
    void entityHistoryTakesActionAndDateFilters() {
        viewer().queryParam("action", "UPDATE")
                .when()
                .get("/api/audit-log/entities/quotation/q-csv")
                .then()
                .statusCode(200)
                .body("items.id", equalTo(List.of(1002)));
        viewer().when()
                .get("/api/audit-log/entities/customer/c-1")
                .then()
                .statusCode(200)
                .body(
                        "items.id",
                        equalTo(
                                AuditFixture.expected(r -> r.entityType().equals("customer")
                                                && r.entityId().equals("c-1"))
                                        .stream()
                                        .limit(50)
                                        .map(Long::intValue)
                                        .toList()));
        viewer().when()
                .get("/api/audit-log/entities/customer/none")
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(0))
                .body("next_cursor", nullValue());
    }
}
