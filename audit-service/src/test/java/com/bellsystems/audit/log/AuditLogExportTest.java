package com.bellsystems.audit.log;

import static com.bellsystems.audit.log.AuditApi.viewer;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bellsystems.common.testing.TestDatabaseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The CSV export: same filters as the list, every row once, RFC 4180 quoting, streamed in chunks. */
@QuarkusTest
@WithTestResource(TestDatabaseResource.class)
class AuditLogExportTest {

    static final List<String> HEADER = List.of(
            "id",
            "occurred_at",
            "actor_id",
            "actor_name",
            "action",
            "entity_type",
            "entity_id",
            "entity_label",
            "changes",
            "meta");

    @BeforeEach
    void fixture() {
        AuditApi.loadFixture();
    }

    /** An independent RFC 4180 reader (quoted fields may hold commas, doubled quotes, CR and LF). */
    static List<List<String>> parse(String csv) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
                i++;
            } else {
                field.append(c);
            }
        }
        assertTrue(field.isEmpty() && record.isEmpty() && !quoted, "CSV ends with a complete CRLF-terminated record");
        return records;
    }

    private static Response export(Map<String, ?> filters) {
        return viewer().queryParams(filters)
                .when()
                .get("/api/audit-log/export")
                .then()
                .statusCode(200)
                .contentType(startsWith("text/csv"))
                .extract()
                .response();
    }

    private static String body(Response response) {
        return new String(response.asByteArray(), StandardCharsets.UTF_8);
    }

    @Test
    void quotesCommasQuotesNewlinesAndKeepsGreek() {
        Response response = export(Map.of("entity_type", "quotation", "entity_id", "q-csv"));
        assertTrue(response.contentType().toLowerCase().contains("charset=utf-8"), response.contentType());
        assertTrue(
                response.header("Content-Disposition")
                        .matches("attachment; filename=\"audit-log-\\d{8}T\\d{6}Z\\.csv\""),
                response.header("Content-Disposition"));
        String text = body(response);
        assertTrue(text.contains("\"Ιερός Ναός \"\"Αγίου Γεωργίου\"\", Αθήνα\nβόρεια πτέρυγα\""), text);
        assertTrue(text.contains(",\"plain, with comma\","), text);

        List<List<String>> records = parse(text);
        assertEquals(HEADER, records.get(0));
        assertEquals(4, records.size());
        List<String> nasty = records.get(3);
        assertEquals(
                List.of(
                        "1001",
                        "2026-02-15T09:30:00.123456Z",
                        "s-eleni",
                        "Ελένη Παπαδοπούλου",
                        "CREATE",
                        "quotation",
                        "q-csv",
                        AuditFixture.NASTY_LABEL,
                        "",
                        "{\"ip_address\":\"10.1.1.1\"}"),
                nasty);
        List<String> update = records.get(2);
        assertEquals("1002", update.get(0));
        assertEquals(new JsonObject(AuditFixture.row(1002).changes()), new JsonObject(update.get(8)));
        assertEquals(
                "say \"hi\", then\nbye",
                new JsonObject(update.get(8)).getJsonObject("note").getString("new"));
        assertEquals("", update.get(9));
        assertEquals(
                List.of(
                        "1003",
                        "2026-02-15T09:32:00.123456Z",
                        "s-eleni",
                        "Ελένη Παπαδοπούλου",
                        "DELETE",
                        "quotation",
                        "q-csv",
                        "",
                        "",
                        ""),
                records.get(1));
    }

    @Test
    void exportsEveryRowOnceInOrderAcrossBatches() {
        Response response = export(Map.of());
        // chunked transfer: the body was streamed, not assembled and sized up front
        assertEquals("chunked", response.header("Transfer-Encoding"));
        assertNull(response.header("Content-Length"));
        List<List<String>> records = parse(body(response));
        List<Long> ids = records.subList(1, records.size()).stream()
                .map(r -> Long.parseLong(r.get(0)))
                .toList();
        assertTrue(ids.size() > 2 * 1_000, "more than two export batches");
        assertEquals(AuditFixture.expected(r -> true), ids);
        records.forEach(r -> assertEquals(HEADER.size(), r.size()));
    }

    @Test
    void appliesTheListFilters() {
        List<List<String>> records = parse(body(export(Map.of(
                "actor_id", "s-chris", "action", "UPDATE", "from_date", "2026-01-05", "to_date", "2026-01-25"))));
        List<Long> ids = records.subList(1, records.size()).stream()
                .map(r -> Long.parseLong(r.get(0)))
                .toList();
        assertEquals(
                AuditFixture.expected(r -> r.actorId().equals("s-chris")
                        && r.action().equals("UPDATE")
                        && !r.occurredAt().isBefore(AuditFixture.BASE.plusDays(4))
                        && r.occurredAt().isBefore(AuditFixture.BASE.plusDays(25))),
                ids);
        assertTrue(!ids.isEmpty());

        List<List<String>> bulk = parse(body(export(Map.of("entity_type", "bulk", "entity_id", "b-0"))));
        assertEquals(251, bulk.size());
    }

    @Test
    void emptyResultIsJustTheHeader() {
        viewer().queryParam("actor_id", "nobody")
                .when()
                .get("/api/audit-log/export")
                .then()
                .statusCode(200)
                .body(equalTo(String.join(",", HEADER) + "\r\n"))
                .header("Content-Type", containsString("text/csv"));
    }
}
