package com.bellsystems.ingest.telemetry.service;

import com.bellsystems.ingest.config.IngestConfig;
import com.bellsystems.ingest.telemetry.Inbound;
import com.bellsystems.ingest.telemetry.Rejection;
import com.bellsystems.ingest.telemetry.repository.IngestRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Groups parsed messages into batches bounded by size and by time, writes each batch in one
 * transaction and acknowledges its messages only after the commit. A batch Postgres refuses is
 * kept and retried with back-off (its messages stay unacknowledged, so the broker's in-flight
 * window stops delivery: that is the back-pressure), and the store is reported unhealthy until a
 * batch commits again. Never blocks: callers are event-loop threads, the lock guards list moves only.
 */
@ApplicationScoped
public class IngestBatcher {

    private final IngestRepository repository;
    private final Rejections rejections;
    private final Vertx vertx;
    private final IngestConfig config;
    private final Counter committed;
    private final Timer batchTimer;

    private final Object lock = new Object();
    private ArrayList<Inbound> buffer = new ArrayList<>();
    private final ArrayDeque<List<Inbound>> ready = new ArrayDeque<>();
    private int flushing;
    private long timerId = -1;
    private final AtomicInteger pending = new AtomicInteger();

    private volatile boolean storeHealthy = true;
    private volatile String lastError;
    private volatile int stallThreshold;
    /** Called (on the flush's context) when a batch fails with an error that suggests a missing partition. */
    private volatile Consumer<Throwable> onMissingPartition = e -> {};

    public IngestBatcher(
            IngestRepository repository,
            Rejections rejections,
            Vertx vertx,
            IngestConfig config,
            MeterRegistry registry) {
        this.repository = repository;
        this.rejections = rejections;
        this.vertx = vertx;
        this.config = config;
        this.stallThreshold = config.brokerInflight();
        this.committed = Counter.builder("bellsys.ingest.committed")
                .description("Device messages stored and acknowledged")
                .register(registry);
        this.batchTimer = Timer.builder("bellsys.ingest.batch")
                .description("Time to write one batch")
                .register(registry);
        gauge(
                registry,
                "bellsys.ingest.pending",
                "Messages received and not yet committed (unacknowledged)",
                () -> pending.get());
        gauge(
                registry,
                "bellsys.ingest.batches.writing",
                "Batches being written (at most max-concurrent-flushes)",
                () -> flushing);
        gauge(registry, "bellsys.ingest.batches.waiting", "Cut batches waiting for a free writer", () -> ready.size());
        gauge(
                registry,
                "bellsys.ingest.store.healthy",
                "1 while batches commit, 0 while Postgres refuses them",
                () -> storeHealthy ? 1 : 0);
    }

    /**
     * A gauge of this instance. A registry that outlives the application (Micrometer's global one,
     * across the restarts of a test JVM) would otherwise keep answering from the first instance's
     * gauge, since registering an existing id returns the old meter.
     */
    private static void gauge(MeterRegistry registry, String name, String description, Supplier<Number> value) {
        registry.find(name).gauges().forEach(registry::remove);
        Gauge.builder(name, value)
                .description(description)
                .strongReference(true)
                .register(registry);
    }

    /** With n connections, n x broker-inflight unacknowledged messages means the broker has stopped sending. */
    public void connectionsChanged(int connections) {
        stallThreshold = Math.max(1, connections * config.brokerInflight());
    }

    public void onMissingPartition(Consumer<Throwable> handler) {
        this.onMissingPartition = handler;
    }

    public boolean storeHealthy() {
        return storeHealthy;
    }

    public String lastError() {
        return lastError;
    }

    /** Messages stored and acknowledged since start. */
    public long committed() {
        return (long) committed.count();
    }

    public int pending() {
        return pending.get();
    }

    public void submit(Inbound message) {
        boolean flushNow;
        synchronized (lock) {
            buffer.add(message);
            int waiting = pending.incrementAndGet();
            flushNow = buffer.size() >= config.batchSize() || stalledLocked(waiting);
            if (flushNow) {
                cutBatchLocked();
            } else if (timerId < 0) {
                timerId = vertx.setTimer(Math.max(1, config.batchMaxDelay().toMillis()), this::onBatchTimer);
            }
        }
        if (flushNow) {
            startFlushes();
        }
    }

    /**
     * Every in-flight window is full and all of it sits in the buffer: nothing more can arrive until
     * something is acknowledged, so waiting for the timer would only add latency. While a batch is being
     * written its acks will let more in, so the buffer keeps filling instead (cutting it per message
     * then would degrade into one-row batches that never catch up).
     */
    private boolean stalledLocked(int waiting) {
        return waiting >= stallThreshold && flushing == 0 && ready.isEmpty();
    }

    private void onBatchTimer(long id) {
        synchronized (lock) {
            if (timerId != id) {
                return; // the batch was already cut by size
            }
            timerId = -1;
            cutBatchLocked();
        }
        startFlushes();
    }

    private void cutBatchLocked() {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
        timerId = -1;
        if (!buffer.isEmpty()) {
            ready.add(buffer);
            buffer = new ArrayList<>(Math.min(config.batchSize(), 1024));
        }
    }

    private void startFlushes() {
        while (true) {
            List<Inbound> batch;
            synchronized (lock) {
                if (ready.isEmpty() && !buffer.isEmpty() && stalledLocked(pending.get())) {
                    cutBatchLocked();
                }
                if (flushing >= config.maxConcurrentFlushes() || ready.isEmpty()) {
                    return;
                }
                batch = ready.poll();
                flushing++;
            }
            Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
            VertxContextSafetyToggle.setContextSafe(context, true);
            context.runOnContext(v -> write(batch, 0));
        }
    }

    private void write(List<Inbound> all, int attempt) {
        List<Inbound> batch = all;
        if (all.stream().anyMatch(m -> m.stale().getAsBoolean())) {
            batch = all.stream().filter(m -> !m.stale().getAsBoolean()).toList();
            pending.addAndGet(batch.size() - all.size());
            Log.debugf(
                    "%d of %d messages of a batch came on a connection that has closed; the broker redelivers them",
                    all.size() - batch.size(), all.size());
            if (batch.isEmpty()) {
                synchronized (lock) {
                    flushing--;
                }
                startFlushes();
                return;
            }
        }
        List<Inbound> live = batch;
        long start = System.nanoTime();
        // deferred: a synchronous exception becomes a failure (retried), never a lost flush slot
        io.smallrye.mutiny.Uni.createFrom()
                .deferred(() -> repository.write(live))
                .subscribe()
                .with(
                        ok -> {
                            batchTimer.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
                            if (!storeHealthy) {
                                Log.infof("Postgres accepts device batches again (after %d retries)", attempt);
                            }
                            storeHealthy = true;
                            lastError = null;
                            done(live);
                        },
                        failure -> failed(live, attempt, failure));
    }

    private void done(List<Inbound> batch) {
        try {
            for (Inbound message : batch) {
                try {
                    message.ack().run();
                } catch (RuntimeException e) {
                    // the broker redelivers an unacknowledged message; never let one stop the pipeline
                    Log.warnf("Could not acknowledge a stored message: %s", e.toString());
                }
            }
            pending.addAndGet(-batch.size());
            committed.increment(batch.size());
        } finally {
            synchronized (lock) {
                flushing--;
            }
        }
        startFlushes();
    }

    private void failed(List<Inbound> batch, int attempt, Throwable failure) {
        String state = failure instanceof PgException pg ? pg.getSqlState() : null;
        if (state != null && state.startsWith("22")) {
            // A data error belongs to one message, not to Postgres: find it by writing one at a time.
            if (batch.size() > 1) {
                synchronized (lock) {
                    for (int i = batch.size() - 1; i >= 0; i--) {
                        ready.addFirst(List.of(batch.get(i)));
                    }
                    flushing--;
                }
                startFlushes();
            } else {
                rejections.reject(Rejection.DB_REJECTED, batch.get(0).record().serial(), failure.getMessage());
                batch.get(0).ack().run();
                pending.decrementAndGet();
                synchronized (lock) {
                    flushing--;
                }
                startFlushes();
            }
            return;
        }
        if ("23514".equals(state)) {
            onMissingPartition.accept(failure);
        }
        storeHealthy = false;
        lastError = failure.getMessage();
        long delay = backoff(attempt);
        if (attempt == 0 || attempt % 10 == 0) {
            Log.warnf(
                    "Postgres refused a batch of %d device messages (attempt %d), retrying in %d ms; "
                            + "the messages stay unacknowledged: %s",
                    batch.size(), attempt + 1, delay, failure.getMessage());
        }
        vertx.setTimer(delay, t -> write(batch, attempt + 1));
    }

    private long backoff(int attempt) {
        long initial = Math.max(1, config.retryInitial().toMillis());
        long max = Math.max(initial, config.retryMax().toMillis());
        long delay = initial << Math.min(attempt, 20);
        return Math.min(max, delay);
    }
}
