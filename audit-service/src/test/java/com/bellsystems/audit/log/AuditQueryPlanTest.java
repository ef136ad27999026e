package com.bellsystems.audit.log;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bellsystems.audit.log.repository.AuditLogRepository;
import com.bellsystems.common.audit.AuditAction;
import com.bellsystems.common.paging.KeysetCursor;
import com.bellsystems.common.testing.TestDatabaseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SQL the repository builds can be served by the intended spec index for each filter
 * combination (the shape check; the 5M-row plans and timings are in bench/audit). Sequential scans
 * are switched off because on a test-sized table Postgres would rightly prefer them.
 */
@QuarkusTest
@WithTestResource(TestDatabaseResource.class)
class AuditQueryPlanTest {

    static final OffsetDateTime FROM = OffsetDateTime.parse("2026-01-05T00:00:00Z");
    static final OffsetDateTime TO = OffsetDateTime.parse("2026-01-20T00:00:00Z");
    static final KeysetCursor AFTER = new KeysetCursor(OffsetDateTime.parse("2026-01-15T00:00:00Z"), 60);

    @BeforeEach
    void fixture() {
        AuditApi.loadFixture();
    }

    static Arguments plan(
            String index,
            String actor,
            String type,
            String id,
            AuditAction action,
            OffsetDateTime from,
            OffsetDateTime to,
            KeysetCursor cursor) {
        return Arguments.of(index, new AuditQuery(actor, type, id, action, from, to, 50, 0, cursor));
    }

    static Stream<Arguments> queries() {
        return Stream.of(
                plan("idx_audit_occurred", null, null, null, null, null, null, null),
                plan("idx_audit_occurred", null, null, null, null, FROM, TO, null),
                plan("idx_audit_occurred", null, null, null, null, null, null, AFTER),
                // actor alone: on a test-sized table the planner may take V40's index (same leading
                // column) and sort the few rows; at 5M rows it takes idx_audit_actor (docs/audit.md)
                plan("idx_audit_actor|idx_audit_actor_action", "s-ana", null, null, null, null, null, null),
                plan("idx_audit_actor|idx_audit_actor_action", "s-ana", null, null, null, FROM, TO, null),
                plan("idx_audit_actor|idx_audit_actor_action", "s-ana", null, null, null, null, null, AFTER),
                // V40: actor + action is one range scan instead of a filtered walk or a BitmapAnd and sort
                plan("idx_audit_actor_action", "s-ana", null, null, AuditAction.UPDATE, null, null, null),
                plan("idx_audit_actor_action", "s-ana", null, null, AuditAction.UPDATE, FROM, TO, AFTER),
                plan("idx_audit_entity", null, "customer", "c-1", null, null, null, null),
                plan("idx_audit_entity", null, "customer", "c-1", null, FROM, TO, AFTER),
                plan("idx_audit_entity", null, "customer", "c-1", AuditAction.UPDATE, null, null, null),
                plan("idx_audit_action", null, null, null, AuditAction.DELETE, null, null, null),
                plan("idx_audit_action", null, null, null, AuditAction.DELETE, FROM, TO, AFTER));
    }

    /**
     * V87: entity + action rejects the other actions inside idx_audit_entity (an index condition on
     * its trailing action column), instead of fetching every row of the record from the heap first.
     */
    @Test
    void entityAndActionIsCheckedInTheIndex() throws Exception {
        for (AuditQuery query : new AuditQuery[] {
            new AuditQuery(null, "customer", "c-1", AuditAction.UPDATE, null, null, 50, 0, null),
            new AuditQuery(null, "customer", "c-1", AuditAction.UPDATE, FROM, TO, 50, 0, AFTER)
        }) {
            String plan = explain(query);
            assertTrue(plan.contains(" idx_audit_entity "), plan);
            assertTrue(plan.matches("(?s).*Index Cond: \\([^\\n]*action = 'UPDATE'.*"), plan);
            assertFalse(plan.matches("(?s).*Filter: [^\\n]*action.*"), plan);
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("queries")
    void filterIsServedByItsIndex(String index, AuditQuery query) throws Exception {
        String plan = explain(query);
        assertTrue(
                java.util.Arrays.stream(index.split("\\|")).anyMatch(i -> plan.contains(" " + i + " ")),
                "expected " + index + " in\n" + plan);
        assertFalse(plan.contains("Seq Scan"), plan);
    }

    /** EXPLAIN of the repository's SQL for {@code query}, values inlined, sequential scans off. */
    static String explain(AuditQuery query) throws Exception {
        AuditLogRepository.Sql sql =
                AuditLogRepository.select(query, query.cursor(), query.limit() + 1, query.offset());
        String text = sql.text();
        for (int i = sql.params().size(); i >= 1; i--) {
            Object v = sql.params().get(i - 1);
            text = text.replace(
                    "$" + i,
                    v instanceof Number
                            ? v.toString()
                            : v instanceof OffsetDateTime ? "'" + v + "'::timestamptz" : "'" + v + "'");
        }
        String database = ConfigProvider.getConfig().getValue("bellsys.test.database", String.class);
        StringBuilder plan = new StringBuilder();
        try (Connection c = TestDatabaseResource.connect(database);
                Statement s = c.createStatement()) {
            s.execute("SET enable_seqscan = off");
            try (ResultSet rs = s.executeQuery("EXPLAIN " + text)) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
        }
        return plan.toString();
    }
}
