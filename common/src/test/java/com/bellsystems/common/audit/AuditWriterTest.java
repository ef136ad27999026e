package com.bellsystems.common.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bellsystems.common.MigratedDatabase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The audit row lives and dies with the caller's transaction, on real Postgres. */
class AuditWriterTest {

    static MigratedDatabase db;
    static Vertx vertx;
    static Pool pool;
    final AuditWriter writer = new AuditWriter();

    @BeforeAll
    static void start() {
        db = new MigratedDatabase();
        vertx = Vertx.vertx();
        pool = PgBuilder.pool()
                .connectingTo(new PgConnectOptions()
                        .setHost("127.0.0.1")
                        .setPort(5432)
                        .setDatabase(db.name)
                        .setUser("postgres"))
                .using(vertx)
                .build();
    }

    @AfterAll
    static void stop() {
        pool.closeAndAwait();
        vertx.closeAndAwait();
        db.close();
    }

    @Test
    void rowAppearsWhenTheCallerCommits() {
        Map<String, Object> changes = ChangeDiff.between(Map.of("name", "Old"), Map.of("name", "New"));
        Long id = pool.withTransaction(tx -> writer.log(
                        tx,
                        new AuditEntry(
                                new Actor("s-1", "Sam"),
                                AuditAction.UPDATE,
                                "customer",
                                "c-1",
                                "Church of St. George",
                                changes,
                                Map.of("ip_address", "10.0.0.9", "request_id", "r-1"))))
                .await()
                .atMost(Duration.ofSeconds(10));
        Row row = pool.preparedQuery("SELECT * FROM audit_log WHERE id = $1")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(id))
                .await()
                .atMost(Duration.ofSeconds(10))
                .iterator()
                .next();
        assertEquals("s-1", row.getString("actor_id"));
        assertEquals("UPDATE", row.getString("action"));
        assertEquals("Church of St. George", row.getString("entity_label"));
        assertEquals("New", row.getJsonObject("changes").getJsonObject("name").getString("new"));
        assertEquals("Old", row.getJsonObject("changes").getJsonObject("name").getString("old"));
        assertEquals("10.0.0.9", row.getJsonObject("meta").getString("ip_address"));
        assertTrue(row.getOffsetDateTime("occurred_at") != null);
    }

    @Test
    void rowVanishesWhenTheCallerRollsBack() {
        assertThrows(RuntimeException.class, () -> pool.withTransaction(tx -> writer.log(
                                tx,
                                new AuditEntry(
                                        Actor.SYSTEM, AuditAction.DELETE, "order", "o-rollback", null, null, null))
                        .chain(() -> Uni.createFrom().failure(new IllegalStateException("the change itself failed"))))
                .await()
                .atMost(Duration.ofSeconds(10)));
        long count = pool.query("SELECT count(*) FROM audit_log WHERE entity_id = 'o-rollback'")
                .execute()
                .await()
                .atMost(Duration.ofSeconds(10))
                .iterator()
                .next()
                .getLong(0);
        assertEquals(0, count);
    }
}
