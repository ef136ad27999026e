package com.bellsystems.ingest.telemetry.service;

import com.bellsystems.ingest.telemetry.Rejection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts rejected messages per reason ({@code bellsys_ingest_rejected_total{reason=...}}) and logs
 * them without flooding: at most one line per reason per interval, with how many were not logged.
 */
@ApplicationScoped
public class Rejections {

    private static final long LOG_INTERVAL_NANOS = 10_000_000_000L;

    private final Map<Rejection, Counter> counters = new EnumMap<>(Rejection.class);
    private final Map<Rejection, AtomicLong> lastLogged = new EnumMap<>(Rejection.class);
    private final Map<Rejection, AtomicLong> suppressed = new EnumMap<>(Rejection.class);

    public Rejections(MeterRegistry registry) {
        for (Rejection r : Rejection.values()) {
            counters.put(
                    r,
                    Counter.builder("bellsys.ingest.rejected")
                            .description("MQTT messages acknowledged without being stored, by reason")
                            .tag("reason", r.tag())
                            .register(registry));
            lastLogged.put(r, new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS));
            suppressed.put(r, new AtomicLong());
        }
    }

    public void reject(Rejection reason, String topic, String detail) {
        counters.get(reason).increment();
        long now = System.nanoTime();
        AtomicLong last = lastLogged.get(reason);
        long previous = last.get();
        if (now - previous >= LOG_INTERVAL_NANOS && last.compareAndSet(previous, now)) {
            long skipped = suppressed.get(reason).getAndSet(0);
            Log.warnf(
                    "Rejected MQTT message (%s) on %s: %s [%d more %s rejections not logged in the last interval]",
                    reason.tag(), topic, detail, skipped, reason.tag());
        } else {
            suppressed.get(reason).incrementAndGet();
        }
    }

    public double count(Rejection reason) {
        return counters.get(reason).count();
    }
}
