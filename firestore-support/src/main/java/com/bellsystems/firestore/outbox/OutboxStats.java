package com.bellsystems.firestore.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Outbox depth (pending writes) and the age of the oldest pending write, as Micrometer gauges
 * ({@code bellsys_outbox_depth}, {@code bellsys_outbox_oldest_age_seconds}, one table for every service). Gauges must not
 * query, so the worker refreshes the numbers after each pass.
 * <p>
 * The depth is counted up to {@link #DEPTH_COUNTED} pending writes and reads that number beyond:
 * counting them all scanned every pending row, 1.3 s of Postgres at 440,000 (a long Firestore
 * outage), on every readiness probe (Kubernetes gives it 1 s) and every worker pass. The age, which
 * is what readiness decides on, comes from the pending rows' {@code created_at} index whatever
 * the depth.
 */
@Startup
@ApplicationScoped
@IfBuildProperty(name = OutboxWorker.ENABLED, stringValue = "true")
public class OutboxStats {

    /** Pending writes counted at most (the depth reads this number when there are more). */
    public static final long DEPTH_COUNTED = 10_000;

    private static final String QUERY =
            """
            SELECT (SELECT count(*) FROM (SELECT 1 FROM firestore_outbox WHERE done_at IS NULL LIMIT %d) pending),
                   coalesce(extract(epoch FROM now()
                       - (SELECT min(created_at) FROM firestore_outbox WHERE done_at IS NULL)), 0)::float8"""
                    .formatted(DEPTH_COUNTED);

    private final Pool pool;
    private final AtomicLong depth = new AtomicLong();
    private final AtomicLong oldestAgeSeconds = new AtomicLong();

    public OutboxStats(Pool pool, MeterRegistry registry) {
        this.pool = pool;
        Gauge.builder("bellsys.outbox.depth", depth, AtomicLong::get)
                .description("Firestore writes waiting in the outbox (counted up to " + DEPTH_COUNTED + ")")
                .strongReference(true) // a weakly held number may be collected, and the gauge vanish
                .register(registry);
        Gauge.builder("bellsys.outbox.oldest.age.seconds", oldestAgeSeconds, AtomicLong::get)
                .description("Age of the oldest Firestore write waiting in the outbox")
                .baseUnit("seconds")
                .strongReference(true)
                .register(registry);
    }

    /** Depth and oldest age now, straight from the table. */
    public Uni<long[]> current() {
        return pool.query(QUERY).execute().map(rows -> {
            Row row = rows.iterator().next();
            long[] values = {row.getLong(0), (long) Math.floor(row.getDouble(1))};
            depth.set(values[0]);
            oldestAgeSeconds.set(values[1]);
            return values;
        });
    }

    /** Blocking refresh for the worker thread. */
    void refresh() {
        try {
            current().await().atMost(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            // the next pass tries again; the gauges keep their last values meanwhile
        }
    }
}
