package com.bellsystems.migration.engine;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live progress of one run, kept in memory: written by the job thread, read by the API and the
 * CLI. Also carries the operator's cancel request, which the job checks between batches.
 */
public final class Progress {

    private final AtomicLong done = new AtomicLong();
    private volatile long total = -1;
    private volatile String stage = "queued";
    private volatile long startedNanos = System.nanoTime();
    private volatile long finishedNanos;
    private volatile boolean cancelRequested;
    /** Milliseconds spent in each stage so far, in the order the stages came (a repeated stage adds up). */
    private final Map<String, Long> stageMillis = new LinkedHashMap<>();

    private long stageStartedNanos = System.nanoTime();

    public void start(long totalRows) {
        this.total = totalRows;
        this.startedNanos = System.nanoTime();
        enter("loading");
    }

    /** The total once it is known (a count that runs beside the load). */
    public void total(long totalRows) {
        this.total = totalRows;
    }

    public void add(long rows) {
        done.addAndGet(rows);
    }

    public void stage(String s) {
        enter(s);
    }

    public void finish(String s) {
        enter(s);
        this.finishedNanos = System.nanoTime();
    }

    /** Closes the current stage's clock and starts the next stage's. */
    private synchronized void enter(String next) {
        long now = System.nanoTime();
        stageMillis.merge(stage, (now - stageStartedNanos) / 1_000_000, Long::sum);
        stageStartedNanos = now;
        this.stage = next;
    }

    /**
     * Where the run's time went, stage by stage (the stage still running is not included): what
     * the run log stores and the operator reads when a job is slower than expected.
     */
    public synchronized Map<String, Long> stageMillis() {
        Map<String, Long> out = new LinkedHashMap<>(stageMillis);
        out.remove("queued");
        return out;
    }

    /** {@link #stageMillis()} as one line: {@code reading Firestore 1,020 ms, inserting 2,110 ms}. */
    public String stageLine() {
        StringBuilder b = new StringBuilder();
        stageMillis()
                .forEach((s, ms) -> b.append(b.length() == 0 ? "" : ", ").append(String.format("%s %,d ms", s, ms)));
        return b.toString();
    }

    public void requestCancel() {
        cancelRequested = true;
    }

    public boolean cancelRequested() {
        return cancelRequested;
    }

    public long done() {
        return done.get();
    }

    public View view() {
        long d = done.get();
        long end = finishedNanos != 0 ? finishedNanos : System.nanoTime();
        double seconds = Math.max((end - startedNanos) / 1e9, 1e-3);
        double rate = d / seconds;
        Long eta = total >= 0 && rate > 0 && finishedNanos == 0 ? (long) Math.ceil((total - d) / rate) : null;
        return new View(stage, d, total < 0 ? null : total, Math.round(rate), eta, Math.round(seconds * 1000));
    }

    /** What the API and CLI show. */
    @RegisterForReflection
    public record View(
            String stage, long rowsDone, Long rowsTotal, long rowsPerSecond, Long etaSeconds, long elapsedMs) {

        public String line(String job) {
            String pct = rowsTotal != null && rowsTotal > 0 ? String.format(" (%d%%)", rowsDone * 100 / rowsTotal) : "";
            return String.format(
                    "%s: %s %,d/%s rows%s, %,d rows/s, ETA %s",
                    job,
                    stage,
                    rowsDone,
                    rowsTotal == null ? "?" : String.format("%,d", rowsTotal),
                    pct,
                    rowsPerSecond,
                    etaSeconds == null ? "-" : etaSeconds + "s");
        }
    }
}
