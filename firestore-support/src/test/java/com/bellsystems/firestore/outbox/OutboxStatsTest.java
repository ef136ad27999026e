package com.bellsystems.firestore.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bellsystems.common.testing.TestDatabaseResource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The outbox numbers on real Postgres: the depth is exact below {@link OutboxStats#DEPTH_COUNTED}
 * and reads that number above it (a long outage must not make every readiness probe count every
 * pending row), while the oldest pending write's age stays exact; done rows count for neither.
 */
class OutboxStatsTest {

    static final TestDatabaseResource resource = new TestDatabaseResource();
    static String database;
    static Vertx vertx;
    static Pool pool;

    @BeforeAll
    static void start() throws SQLException {
        database = resource.start().get("bellsys.test.database");
        // the columns and partial indexes of V50 that the numbers read
        exec(
                "CREATE TABLE firestore_outbox (id BIGSERIAL PRIMARY KEY, created_at TIMESTAMPTZ NOT NULL DEFAULT now(), "
                        + "done_at TIMESTAMPTZ)",
                "CREATE INDEX idx_firestore_outbox_pending_created ON firestore_outbox (created_at) WHERE done_at IS NULL");
        vertx = Vertx.vertx();
        pool = PgBuilder.pool()
                .connectingTo(PgConnectOptions.fromUri(TestDatabaseResource.reactiveUrl(database))
                        .setUser(TestDatabaseResource.user()))
                .using(vertx)
                .build();
    }

    @AfterAll
    static void stop() {
        if (pool != null) {
            pool.closeAndAwait();
        }
        if (vertx != null) {
            vertx.closeAndAwait();
        }
        resource.stop();
    }

    static void exec(String... sql) throws SQLException {
        try (Connection c = TestDatabaseResource.connect(database);
                Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    @Test
    void depthIsExactBelowTheCapAndTheCapAboveItAgeAlwaysExact() throws SQLException {
        OutboxStats stats = new OutboxStats(pool, new SimpleMeterRegistry());
        exec(
                "INSERT INTO firestore_outbox (created_at, done_at) VALUES (now() - interval '2 days', now())",
                "INSERT INTO firestore_outbox (created_at) SELECT now() - interval '1 hour' FROM generate_series(1, 5)");
        long[] few = stats.current().await().atMost(Duration.ofSeconds(10));
        assertEquals(5, few[0]);
        assertTrue(few[1] >= 3600 && few[1] < 3700, "the oldest pending write, not the done one: " + few[1]);

        exec("INSERT INTO firestore_outbox (created_at) SELECT now() - interval '3 hours' " + "FROM generate_series(1, "
                + OutboxStats.DEPTH_COUNTED + ")");
        long[] many = stats.current().await().atMost(Duration.ofSeconds(10));
        assertEquals(OutboxStats.DEPTH_COUNTED, many[0]);
        assertTrue(many[1] >= 3 * 3600 && many[1] < 3 * 3600 + 100, "age beyond the cap: " + many[1]);

        exec("UPDATE firestore_outbox SET done_at = now() WHERE done_at IS NULL");
        long[] none = stats.current().await().atMost(Duration.ofSeconds(10));
        assertEquals(0, none[0]);
        assertEquals(0, none[1]);
    }
}
