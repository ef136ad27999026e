package com.bellsystems.migration.engine;

import io.quarkus.runtime.annotations.RegisterForReflection;
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

    public void start(long totalRows) {
        this.total = totalRows;
        this.startedNanos = System.nanoTime();
        this.stage = "loading";
    }

    public void add(long rows) {
        done.addAndGet(rows);
    }

    public void stage(String s) {
        this.stage = s;
    }

    public void finish(String s) {
        this.stage = s;
        this.finishedNanos = System.nanoTime();
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
