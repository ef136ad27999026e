package com.bellsystems.audit.log;

import com.bellsystems.common.testing.TestDatabaseResource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * A known audit log, inserted once per test database with JDBC, and the same rows in memory so each
 * test can compute what the API must answer. It holds timestamp ties (to check the id tie-break
 * across pages), rows on day boundaries, CSV-hostile text, and a bulk entity type larger than one
 * export batch.
 */
public final class AuditFixture {

    public record Row(
            long id,
            OffsetDateTime occurredAt,
            String actorId,
            String actorName,
            String action,
            String entityType,
            String entityId,
            String entityLabel,
            String changes,
            String meta) {}

    public static final OffsetDateTime BASE = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    public static final String[] ACTORS = {"s-ana", "s-bob", "s-chris", "s-dora"};
    public static final String[] TYPES = {"customer", "order", "device"};
    public static final String[] ACTIONS = {"CREATE", "UPDATE", "DELETE", "STATUS_CHANGE", "COMMAND", "PUBLISH", "LOGIN"
    };
    public static final int BULK = 2_500;
    /** The CSV-hostile row: a Greek label with a comma, quotes and a newline. */
    public static final String NASTY_LABEL = "Ιερός Ναός \"Αγίου Γεωργίου\", Αθήνα\nβόρεια πτέρυγα";

    public static final List<Row> ROWS = build();
    private static String loadedInto;

    private AuditFixture() {}

    private static List<Row> build() {
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i <= 120; i++) {
            // rows 40..44 and 90..91 share one timestamp each: the order must fall back to id
            int slot = i >= 40 && i <= 44 ? 40 : i == 91 ? 90 : i;
            String type = TYPES[i % 3];
            rows.add(new Row(
                    i,
                    BASE.plusHours(6L * slot),
                    ACTORS[i % 4],
                    "Staff " + ACTORS[i % 4],
                    ACTIONS[i % 7],
                    type,
                    type.charAt(0) + "-" + (i % 5),
                    type + " " + (i % 5),
                    i % 7 == 1 ? "{\"name\": {\"old\": \"A" + i + "\", \"new\": \"B" + i + "\"}}" : null,
                    "{\"ip_address\": \"10.0.0." + i + "\", \"request_id\": \"r-" + i + "\"}"));
        }
        OffsetDateTime q = OffsetDateTime.of(2026, 2, 15, 9, 30, 0, 123_456_000, ZoneOffset.UTC);
        rows.add(new Row(
                1001,
                q,
                "s-eleni",
                "Ελένη Παπαδοπούλου",
                "CREATE",
                "quotation",
                "q-csv",
                NASTY_LABEL,
                null,
                "{\"ip_address\": \"10.1.1.1\"}"));
        rows.add(new Row(
                1002,
                q.plusMinutes(1),
                "s-eleni",
                "Ελένη Παπαδοπούλου",
                "UPDATE",
                "quotation",
                "q-csv",
                "plain, with comma",
                "{\"total\": {\"old\": 1.5, \"new\": 2}, \"note\": {\"old\": null, \"new\": \"say \\\"hi\\\", then\\nbye\"}}",
                null));
        rows.add(new Row(
                1003,
                q.plusMinutes(2),
                "s-eleni",
                "Ελένη Παπαδοπούλου",
                "DELETE",
                "quotation",
                "q-csv",
                null,
                null,
                null));
        OffsetDateTime b = OffsetDateTime.of(2025, 6, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        for (int i = 0; i < BULK; i++) {
            rows.add(new Row(
                    2001 + i,
                    b.plusMinutes(i),
                    "s-bulk",
                    "Bulk Loader",
                    "UPDATE",
                    "bulk",
                    "b-" + (i % 10),
                    null,
                    null,
                    null));
        }
        return List.copyOf(rows);
    }

    /** Inserts the rows into {@code database} unless this JVM already did. */
    public static synchronized void load(String database) throws SQLException {
        if (database.equals(loadedInto)) {
            return;
        }
        try (Connection c = TestDatabaseResource.connect(database)) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("TRUNCATE audit_log");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_log (id, occurred_at, actor_id, "
                    + "actor_name, action, entity_type, entity_id, entity_label, changes, meta) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb)")) {
                for (Row r : ROWS) {
                    ps.setLong(1, r.id());
                    ps.setTimestamp(2, Timestamp.from(r.occurredAt().toInstant()));
                    ps.setString(3, r.actorId());
                    ps.setString(4, r.actorName());
                    ps.setString(5, r.action());
                    ps.setString(6, r.entityType());
                    ps.setString(7, r.entityId());
                    ps.setString(8, r.entityLabel());
                    ps.setString(9, r.changes());
                    ps.setString(10, r.meta());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (Statement s = c.createStatement()) {
                s.execute("SELECT setval('audit_log_id_seq', 10000)");
                s.execute("ANALYZE audit_log");
            }
            c.commit();
        }
        loadedInto = database;
    }

    /** The ids the API must return for {@code filter}, newest first. */
    public static List<Long> expected(Predicate<Row> filter) {
        return ROWS.stream()
                .filter(filter)
                .sorted(Comparator.comparing(Row::occurredAt)
                        .thenComparing(Row::id)
                        .reversed())
                .map(Row::id)
                .toList();
    }

    public static Row row(long id) {
        return ROWS.stream().filter(r -> r.id() == id).findFirst().orElseThrow();
    }
}
