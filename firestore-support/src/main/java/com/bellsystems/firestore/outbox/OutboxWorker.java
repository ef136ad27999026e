package com.bellsystems.firestore.outbox;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Drains the Firestore outbox ({@code firestore_outbox}, written by common's {@code OutboxWriter} in
 * the transactions of every service that mirrors a table): every second, the oldest pending write of each document (so writes
 * to one document are applied in the order they committed), retrying a failed write with
 * exponential back-off. A failure ends the pass, since it usually means Firestore is unreachable;
 * other documents' writes go first on the next pass while the failed one waits out its back-off.
 * <p>
 * Runs on a worker thread (the scheduled method is blocking, like the firebase-admin client).
 * A session advisory lock keeps replicas, and the other services that run this worker (crm-service,
 * staff-auth-service: the table is shared), from draining the same rows twice; whichever holds it
 * drains every service's rows. A service has the worker (and its stats, readiness and mirror) when
 * built with {@code bellsys.outbox.enabled=true}.
 */
@ApplicationScoped
@IfBuildProperty(name = OutboxWorker.ENABLED, stringValue = "true")
public class OutboxWorker {

    /** The build-time switch that gives a service the worker, its stats and readiness. */
    public static final String ENABLED = "bellsys.outbox.enabled";

    static final long LOCK_KEY = 0x6265_6c6c_6f75_7462L; // "bellsoutb"

    private static final String HEADS =
            """
            SELECT id, collection, document_id, operation, payload, attempts FROM (
                SELECT DISTINCT ON (collection, document_id) id, collection, document_id, operation, payload,
                       attempts, next_attempt_at
                FROM firestore_outbox WHERE done_at IS NULL
                ORDER BY collection, document_id, id) head
            WHERE next_attempt_at <= now()
            ORDER BY id LIMIT $1""";

    private final Pool pool;
    private final FirestoreMirror mirror;
    private final OutboxStats stats;
    private final boolean enabled;
    private final int batchSize;
    private final Duration baseBackoff;
    private final Duration maxBackoff;
    private final Duration keepDone;
    private long lastCleanup;

    public OutboxWorker(
            Pool pool,
            FirestoreMirror mirror,
            OutboxStats stats,
            @ConfigProperty(name = "bellsys.outbox.worker.enabled", defaultValue = "true") boolean enabled,
            @ConfigProperty(name = "bellsys.outbox.batch-size", defaultValue = "100") int batchSize,
            @ConfigProperty(name = "bellsys.outbox.backoff.base", defaultValue = "PT1S") Duration baseBackoff,
            @ConfigProperty(name = "bellsys.outbox.backoff.max", defaultValue = "PT5M") Duration maxBackoff,
            @ConfigProperty(name = "bellsys.outbox.keep-done", defaultValue = "P7D") Duration keepDone) {
        this.pool = pool;
        this.mirror = mirror;
        this.stats = stats;
        this.enabled = enabled;
        this.batchSize = batchSize;
        this.baseBackoff = baseBackoff;
        this.maxBackoff = maxBackoff;
        this.keepDone = keepDone;
    }

    @Scheduled(
            every = "${bellsys.outbox.interval:1s}",
            delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (!enabled) {
            return;
        }
        try {
            drain();
        } catch (RuntimeException e) {
            Log.warnf("Outbox pass failed: %s", e.getMessage());
        } finally {
            stats.refresh();
        }
    }

    /** One pass; returns how many writes reached Firestore. Public for tests. */
    public int drain() {
        SqlConnection conn = pool.getConnection().await().atMost(Duration.ofSeconds(10));
        try {
            Boolean locked = conn.query("SELECT pg_try_advisory_lock(" + LOCK_KEY + ")")
                    .execute()
                    .await()
                    .atMost(Duration.ofSeconds(10))
                    .iterator()
                    .next()
                    .getBoolean(0);
            if (!Boolean.TRUE.equals(locked)) {
                return 0;
            }
            try {
                cleanup(conn);
                return drainLocked(conn);
            } finally {
                conn.query("SELECT pg_advisory_unlock(" + LOCK_KEY + ")")
                        .execute()
                        .await()
                        .atMost(Duration.ofSeconds(10));
            }
        } finally {
            conn.close().await().atMost(Duration.ofSeconds(10));
        }
    }

    private int drainLocked(SqlConnection conn) {
        int done = 0;
        while (true) {
            var rows = conn.preparedQuery(HEADS)
                    .execute(Tuple.of(batchSize))
                    .await()
                    .atMost(Duration.ofSeconds(30));
            if (rows.size() == 0) {
                return done;
            }
            for (Row row : rows) {
                long id = row.getLong("id");
                try {
                    apply(row);
                    conn.preparedQuery(
                                    "UPDATE firestore_outbox SET done_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = $1")
                            .execute(Tuple.of(id))
                            .await()
                            .atMost(Duration.ofSeconds(10));
                    done++;
                } catch (Exception e) {
                    int attempts = row.getInteger("attempts") + 1;
                    Duration wait = backoff(attempts);
                    Log.warnf(
                            "Firestore write %d (%s/%s) failed, attempt %d, retrying in %s: %s",
                            id,
                            row.getString("collection"),
                            row.getString("document_id"),
                            attempts,
                            wait,
                            e.toString());
                    conn.preparedQuery(
                                    """
                                    UPDATE firestore_outbox SET attempts = $2, last_error = $3,
                                        next_attempt_at = now() + make_interval(secs => $4) WHERE id = $1""")
                            .execute(Tuple.of(id, attempts, truncate(e.toString()), wait.toMillis() / 1000.0))
                            .await()
                            .atMost(Duration.ofSeconds(10));
                    return done;
                }
            }
            if (rows.size() < batchSize) {
                return done;
            }
        }
    }

    private void apply(Row row) throws Exception {
        String collection = row.getString("collection");
        String documentId = row.getString("document_id");
        Object payload = row.getValue("payload");
        switch (row.getString("operation")) {
            case "delete" -> mirror.delete(collection, documentId);
            case "create", "merge" -> mirror.merge(collection, documentId, payload instanceof JsonObject o ? o : null);
            default -> {
                Map<String, Object> data = payload instanceof JsonObject o ? o.getMap() : Map.of();
                mirror.set(collection, documentId, data);
            }
        }
    }

    /** base * 2^(attempts-1), capped at max. */
    public Duration backoff(int attempts) {
        long factor = 1L << Math.min(Math.max(attempts - 1, 0), 20);
        Duration wait = baseBackoff.multipliedBy(factor);
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }

    private void cleanup(SqlConnection conn) {
        long now = System.currentTimeMillis();
        if (now - lastCleanup < 60_000) {
            return;
        }
        lastCleanup = now;
        conn.preparedQuery("DELETE FROM firestore_outbox WHERE done_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) keepDone.toSeconds()))
                .await()
                .atMost(Duration.ofSeconds(30));
    }

    private static String truncate(String s) {
        return s.length() > 2000 ? s.substring(0, 2000) : s;
    }
}
