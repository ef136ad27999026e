package com.bellsystems.audit.log;

import static com.bellsystems.audit.log.AuditApi.viewer;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.bellsystems.common.testing.TestDatabaseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every filter and their combinations return exactly the matching rows, newest first. */
@QuarkusTest
@WithTestResource(TestDatabaseResource.class)
class AuditLogQueryTest {

    @BeforeEach
    void fixture() {
        AuditApi.loadFixture();
    }

    static OffsetDateTime utc(String t) {
        return OffsetDateTime.parse(t).withOffsetSameInstant(ZoneOffset.UTC);
    }

    static Arguments q(String name, Predicate<AuditFixture.Row> expected, String... params) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            map.put(params[i], params[i + 1]);
        }
        return Arguments.of(name, map, expected);
    }

    static Stream<Arguments> filters() {
        OffsetDateTime jan5end = utc("2026-01-06T00:00:00Z");
        return Stream.of(
                q("no filter", r -> true),
                q("actor", r -> r.actorId().equals("s-ana"), "actor_id", "s-ana"),
                q("entity type only", r -> r.entityType().equals("customer"), "entity_type", "customer"),
                q(
                        "entity",
                        r -> r.entityType().equals("customer") && r.entityId().equals("c-2"),
                        "entity_type",
                        "customer",
                        "entity_id",
                        "c-2"),
                q("action, any case", r -> r.action().equals("UPDATE"), "action", "update"),
                q("from date", r -> !r.occurredAt().isBefore(utc("2026-01-05T00:00:00Z")), "from_date", "2026-01-05"),
                q("to date includes its whole day", r -> r.occurredAt().isBefore(jan5end), "to_date", "2026-01-05"),
                q(
                        "date-time range, both ends inclusive",
                        r -> !r.occurredAt().isBefore(utc("2026-01-03T06:00:00Z"))
                                && !r.occurredAt().isAfter(utc("2026-01-04T06:00:00Z")),
                        "from_date",
                        "2026-01-03T06:00:00Z",
                        "to_date",
                        "2026-01-04T06:00:00Z"),
                q(
                        "date-time with offset",
                        r -> !r.occurredAt().isBefore(utc("2026-01-10T12:00:00+02:00")),
                        "from_date",
                        "2026-01-10T12:00:00+02:00"),
                q(
                        "date-time without offset is UTC",
                        r -> !r.occurredAt().isAfter(utc("2026-01-02T12:00:00Z")),
                        "to_date",
                        "2026-01-02T12:00:00"),
                q(
                        "actor + action",
                        r -> r.actorId().equals("s-bob") && r.action().equals("DELETE"),
                        "actor_id",
                        "s-bob",
                        "action",
                        "DELETE"),
                q(
                        "actor + dates",
                        r -> r.actorId().equals("s-chris")
                                && !r.occurredAt().isBefore(utc("2026-01-10T00:00:00Z"))
                                && r.occurredAt().isBefore(utc("2026-01-21T00:00:00Z")),
                        "actor_id",
                        "s-chris",
                        "from_date",
                        "2026-01-10",
                        "to_date",
                        "2026-01-20"),
                q(
                        "entity + action",
                        r -> r.entityType().equals("order")
                                && r.entityId().equals("o-1")
                                && r.action().equals("COMMAND"),
                        "entity_type",
                        "order",
                        "entity_id",
                        "o-1",
                        "action",
                        "COMMAND"),
                q(
                        "entity + dates",
                        r -> r.entityType().equals("device")
                                && r.entityId().equals("d-3")
                                && !r.occurredAt().isBefore(utc("2026-01-08T00:00:00Z")),
                        "entity_type",
                        "device",
                        "entity_id",
                        "d-3",
                        "from_date",
                        "2026-01-08"),
                q(
                        "action + dates",
                        r -> r.action().equals("CREATE") && r.occurredAt().isBefore(jan5end),
                        "action",
                        "CREATE",
                        "to_date",
                        "2026-01-05"),
                q(
                        "everything",
                        r -> r.actorId().equals("s-dora")
                                && r.entityType().equals("order")
                                && r.action().equals("UPDATE")
                                && !r.occurredAt().isBefore(utc("2026-01-02T00:00:00Z"))
                                && r.occurredAt().isBefore(utc("2026-01-31T00:00:00Z")),
                        "actor_id",
                        "s-dora",
                        "entity_type",
                        "order",
                        "action",
                        "UPDATE",
                        "from_date",
                        "2026-01-02",
                        "to_date",
                        "2026-01-30"),
                q("no match", r -> false, "actor_id", "nobody"),
                q(
                        "bulk entity, more than a page",
                        r -> r.entityType().equals("bulk") && r.entityId().equals("b-3"),
                        "entity_type",
                        "bulk",
                        "entity_id",
                        "b-3"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filters")
    void filterReturnsExactlyTheMatchingRowsNewestFirst(
            String name, Map<String, String> params, Predicate<AuditFixture.Row> expected) {
        List<Long> all = AuditFixture.expected(expected);
        JsonPath page = viewer().queryParams(params)
                .queryParam("limit", 200)
                .when()
                .get("/api/audit-log")
                .then()
                .statusCode(200)
                .contentType("application/json")
                .extract()
                .jsonPath();
        assertEquals(all.subList(0, Math.min(200, all.size())), page.getList("items.id", Long.class), name);
        assertEquals(all.size() > 200, page.getString("next_cursor") != null, "next_cursor when more rows follow");
        assertEquals(200, page.getInt("limit"));
        assertEquals(0, page.getInt("offset"));
    }

    @Test
    void filteredFixtureIsNotTrivial() {
        // Guards the test above: the combinations must select some rows, not all or none by accident.
        assertFalse(AuditFixture.expected(
                        r -> r.actorId().equals("s-bob") && r.action().equals("DELETE"))
                .isEmpty());
        assertFalse(AuditFixture.expected(
                        r -> r.entityId().equals("o-1") && r.action().equals("COMMAND"))
                .isEmpty());
    }

    @Test
    void itemCarriesEveryColumnWithJsonAsObjects() {
        viewer().queryParam("entity_type", "quotation")
                .queryParam("entity_id", "q-csv")
                .when()
                .get("/api/audit-log")
                .then()
                .statusCode(200)
                .body("items.id", equalTo(List.of(1003, 1002, 1001)))
                .body("items[2].occurred_at", equalTo("2026-02-15T09:30:00.123456Z"))
                .body("items[2].actor_id", equalTo("s-eleni"))
                .body("items[2].actor_name", equalTo("Ελένη Παπαδοπούλου"))
                .body("items[2].action", equalTo("CREATE"))
                .body("items[2].entity_type", equalTo("quotation"))
                .body("items[2].entity_id", equalTo("q-csv"))
                .body("items[2].entity_label", equalTo(AuditFixture.NASTY_LABEL))
                .body("items[2].changes", nullValue())
                .body("items[2].meta.ip_address", equalTo("10.1.1.1"))
                .body("items[1].changes.total.old", equalTo(1.5f))
                .body("items[1].changes.total.new", equalTo(2))
                .body("items[1].changes.note.new", equalTo("say \"hi\", then\nbye"))
                .body("items[1].meta", nullValue())
                .body("next_cursor", nullValue());
    }

    @Test
    void defaultPageIsFiftyRows() {
        viewer().when()
                .get("/api/audit-log")
                .then()
                .statusCode(200)
                .body("limit", equalTo(50))
                .body("offset", equalTo(0))
                .body("items.size()", equalTo(50))
                .body(
                        "items[0].id",
                        equalTo(AuditFixture.expected(r -> true).get(0).intValue()));
    }
}
