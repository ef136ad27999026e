package com.bellsystems.audit.log;

import static com.bellsystems.audit.log.AuditApi.viewer;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.bellsystems.common.paging.KeysetCursor;
import com.bellsystems.common.testing.TestDatabaseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each bad parameter is a 400 problem body that names it and says what is wrong. */
@QuarkusTest
@WithTestResource(TestDatabaseResource.class)
class AuditLogValidationTest {

    static Arguments bad(String field, String message, String... params) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            map.put(params[i], params[i + 1]);
        }
        return Arguments.of(map, field, message);
    }

    static Stream<Arguments> badQueries() {
        return Stream.of(
                bad("limit", "between 1 and 200", "limit", "201"),
                bad("limit", "between 1 and 200", "limit", "0"),
                bad("limit", "whole number", "limit", "ten"),
                bad("offset", "between 0 and 10000", "offset", "-1"),
                bad("offset", "cursor", "offset", "10001"),
                bad("offset", "whole number", "offset", "1.5"),
                bad("action", "must be one of CREATE, UPDATE", "action", "EXPLODE"),
                bad("from_date", "ISO-8601", "from_date", "2026-13-01"),
                bad("from_date", "ISO-8601", "from_date", "yesterday"),
                bad("to_date", "ISO-8601", "to_date", "01/02/2026"),
                bad("to_date", "ISO-8601", "to_date", "2026-02-30"),
                bad("from_date", "must not be after to_date", "from_date", "2026-02-02", "to_date", "2026-02-01"),
                bad(
                        "from_date",
                        "must not be after to_date",
                        "from_date",
                        "2026-02-01T10:00:00Z",
                        "to_date",
                        "2026-02-01T09:59:59Z"),
                bad("entity_id", "needs entity_type", "entity_id", "c-1"),
                bad("cursor", "not a cursor", "cursor", "bm9wZQ"),
                bad("cursor", "not a cursor", "cursor", "!!!"),
                bad(
                        "offset",
                        "cannot be combined with cursor",
                        "offset",
                        "5",
                        "cursor",
                        new KeysetCursor(java.time.OffsetDateTime.parse("2026-01-01T00:00:00Z"), 3).encode()),
                bad("actor_id", "at most 200 characters", "actor_id", "x".repeat(201)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badQueries")
    void badParameterIsAProblem(Map<String, String> params, String field, String message) {
        viewer().queryParams(params)
                .when()
                .get("/api/audit-log")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("title", equalTo("Bad Request"))
                .body("detail", containsString(message))
                .body("errors.field", hasItem(field));
    }

    @Test
    void everyMistakeIsReportedAtOnce() {
        viewer().queryParam("limit", "500")
                .queryParam("action", "nope")
                .queryParam("to_date", "soon")
                .when()
                .get("/api/audit-log")
                .then()
                .statusCode(400)
                .body("errors.field", equalTo(java.util.List.of("action", "to_date", "limit")))
                .body("detail", containsString("limit must be between 1 and 200 (the maximum page size); got 500"));
    }

    @Test
    void sameDayRangeIsValid() {
        viewer().queryParam("from_date", "2026-02-01")
                .queryParam("to_date", "2026-02-01")
                .when()
                .get("/api/audit-log")
                .then()
                .statusCode(200);
    }

    @Test
    void exportValidatesItsFiltersButNotPaging() {
        viewer().queryParam("action", "EXPLODE")
                .when()
                .get("/api/audit-log/export")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("action"));
        viewer().queryParam("from_date", "2026-03-01")
                .queryParam("to_date", "2026-01-01")
                .when()
                .get("/api/audit-log/export")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("from_date"));
        viewer().queryParam("limit", "5000")
                .when()
                .get("/api/audit-log/export")
                .then()
                .statusCode(200);
    }

    @Test
    void historyValidatesItsFilters() {
        viewer().queryParam("limit", "201")
                .when()
                .get("/api/audit-log/entities/customer/c-1")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("limit"));
    }
}
