package com.bellsystems.migration.engine;

import com.bellsystems.common.problem.ProblemException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Starts and tracks migration runs. A run (one job, or a phase of jobs in order) takes the
 * cross-replica lock first, so a second request is refused with 409 before anything starts; it
 * then runs on the single migration thread, writes a {@code _migration_runs} row per job (outside
 * the job's transaction) and keeps each job's progress in memory for the API and CLI.
 */
@ApplicationScoped
public class MigrationRunner {

    private static final int KEEP_PROGRESS = 200;

    private final JobRegistry registry;
    private final MigrationLock lock;
    private final RunLog runLog;
    private final Prerequisites prerequisites;
    private final AgroalDataSource dataSource;
    private final ObjectMapper json;
    private final Path sqlitePath;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "migration-job");
        t.setDaemon(true);
        return t;
    });
    /** Progress of recent runs by run id, newest last; bounded. */
    private final Map<Long, Tracked> tracked = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Tracked> eldest) {
            return size() > KEEP_PROGRESS;
        }
    };

    public MigrationRunner(
            JobRegistry registry,
            MigrationLock lock,
            RunLog runLog,
            Prerequisites prerequisites,
            AgroalDataSource dataSource,
            ObjectMapper json,
            @ConfigProperty(name = "bellsys.migration.sqlite-path") Path sqlitePath) {
        this.registry = registry;
        this.lock = lock;
        this.runLog = runLog;
        this.prerequisites = prerequisites;
        this.dataSource = dataSource;
        this.json = json;
        this.sqlitePath = sqlitePath;
    }

    /** A job's run as the API shows it. */
    @RegisterForReflection
    public record Started(long id, String job, List<String> jobs) {}

    private record Tracked(String job, Progress progress) {}

    public Path sqlitePath() {
        return sqlitePath;
    }

    /** Starts one job in the background; 404 for an unknown job, 409 while another run holds the lock. */
    public Started startJob(String name, Path source) {
        return startJob(name, source, null);
    }

    /**
     * Starts one job in the background; {@code override} (the operator's reason, or null) lets it
     * run although the plan's prerequisites are not met.
     */
    public Started startJob(String name, Path source, String override) {
        MigrationJob job = registry.job(name).orElseThrow(() -> ProblemException.notFound("migration job", name));
        return startAll(List.of(job), source, override, line -> Log.info(line));
    }

    /** Starts a phase's jobs in order in the background; the first failure stops the phase. */
    public Started startPhase(int phase, Path source) {
        return startPhase(phase, source, null);
    }

    /** As {@link #startPhase(int, Path)}, with the operator's override of the prerequisites (or null). */
    public Started startPhase(int phase, Path source, String override) {
        List<MigrationJob> jobs = registry.phase(phase);
        if (jobs.isEmpty()) {
            throw ProblemException.notFound("migration phase", phase);
        }
        return startAll(jobs, source, override, line -> Log.info(line));
    }

    private Started startAll(List<MigrationJob> jobs, Path source, String override, Consumer<String> out) {
        MigrationLock.Lease lease = lock.tryAcquire()
                .orElseThrow(() -> ProblemException.conflict(
                        "a migration is already running (here or in another replica); wait for it to finish"));
        long firstId;
        Progress firstProgress = new Progress();
        try {
            firstId = runLog.start(jobs.get(0).name());
            track(firstId, jobs.get(0).name(), firstProgress);
            worker.submit(() -> {
                try (lease) {
                    runSequence(jobs, source, override, out, firstId, firstProgress, p -> {});
                } catch (RuntimeException e) {
                    Log.errorf(e, "migration run %d failed unexpectedly", firstId);
                }
            });
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
        return new Started(
                firstId,
                jobs.get(0).name(),
                jobs.stream().map(MigrationJob::name).toList());
    }

    /**
     * Runs jobs now on the calling thread (the CLI); returns true when every job succeeded.
     * Throws 409 as a ProblemException when another run holds the lock.
     */
    public boolean runNow(List<MigrationJob> jobs, Path source, Consumer<String> out, Consumer<Progress> onStart) {
        return runNow(jobs, source, null, out, onStart);
    }

    /** As {@link #runNow(List, Path, Consumer, Consumer)}, with the operator's override of the prerequisites (or null). */
    public boolean runNow(
            List<MigrationJob> jobs, Path source, String override, Consumer<String> out, Consumer<Progress> onStart) {
        try (MigrationLock.Lease lease = lock.tryAcquire()
                .orElseThrow(() -> ProblemException.conflict(
                        "a migration is already running (here or in another replica); wait for it to finish"))) {
            long id = runLog.start(jobs.get(0).name());
            Progress p = new Progress();
            track(id, jobs.get(0).name(), p);
            onStart.accept(p);
            return runSequence(jobs, source, override, out, id, p, onStart);
        }
    }

    private boolean runSequence(
            List<MigrationJob> jobs,
            Path source,
            String override,
            Consumer<String> out,
            long firstId,
            Progress firstProgress,
            Consumer<Progress> onStart) {
        for (int i = 0; i < jobs.size(); i++) {
            MigrationJob job = jobs.get(i);
            long id;
            Progress progress;
            if (i == 0) {
                id = firstId;
                progress = firstProgress;
            } else {
                id = runLog.start(job.name());
                progress = new Progress();
                track(id, job.name(), progress);
                onStart.accept(progress);
            }
            if (!execute(id, job, source, override, progress, out)) {
                if (i + 1 < jobs.size()) {
                    out.accept("stopping: " + (jobs.size() - i - 1) + " later job(s) not run");
                }
                return false;
            }
        }
        return true;
    }

    private boolean execute(
            long id, MigrationJob job, Path source, String override, Progress progress, Consumer<String> out) {
        long started = System.nanoTime();
        out.accept(String.format("[%s] %s: run %d started", job.step(), job.name(), id));
        try {
            checkPrerequisites(id, job, override, out);
            JobResult result = job.run(new JobContext(dataSource, source, json, progress, out, id));
            long ms = (System.nanoTime() - started) / 1_000_000;
            progress.finish("succeeded");
            runLog.finish(id, true, result.sourceRows(), result.destRows(), result.newRows(), null, ms);
            Map<String, Object> report =
                    result.report() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(result.report());
            report.put("stage_ms", progress.stageMillis());
            runLog.report(id, report, result.warnings());
            out.accept(String.format(
                    "[%s] %s: succeeded in %d ms (%s)", job.step(), job.name(), ms, progress.stageLine()));
            return true;
        } catch (Throwable e) {
            long ms = (System.nanoTime() - started) / 1_000_000;
            String error = e instanceof MigrationException
                    ? e.getMessage()
                    : job.name() + ": " + e.getClass().getSimpleName() + ": " + e.getMessage();
            progress.finish("failed");
            Log.errorf("migration run %d (%s) failed: %s", id, job.name(), error);
            if (!(e instanceof MigrationException)) {
                Log.debug("stack of the failure", e);
            }
            try {
                runLog.finish(id, false, progress.view().rowsTotal(), null, null, error, ms);
            } catch (RuntimeException logFailure) {
                Log.errorf("could not record the failure of run %d: %s", id, logFailure.getMessage());
            }
            out.accept(String.format("[%s] %s: FAILED: %s", job.step(), job.name(), error));
            return false;
        }
    }

    /**
     * Refuses the job (nothing read or written) while the plan's prerequisites are unmet, unless
     * the operator overrides them: then the override, its reason and what it skipped are logged as
     * a warning and stored with the run.
     */
    private void checkPrerequisites(long id, MigrationJob job, String override, Consumer<String> out) {
        List<String> unmet = prerequisites.unmet(job);
        if (unmet.isEmpty()) {
            return;
        }
        if (override == null || override.isBlank()) {
            throw new MigrationException(job.name() + ": refused, " + String.join("; ", unmet)
                    + ". Nothing was read or written (an operator may override this with a reason)");
        }
        String record = "override by the operator (" + override.strip() + "): " + String.join("; ", unmet);
        Log.warnf("migration run %d (%s): prerequisites not met, run anyway: %s", id, job.name(), record);
        out.accept(String.format("[%s] %s: WARNING prerequisites %s", job.step(), job.name(), record));
        runLog.overridden(id, record);
    }

    private void track(long id, String job, Progress progress) {
        synchronized (tracked) {
            tracked.put(id, new Tracked(job, progress));
        }
    }

    /** The live progress of a run this process started, or null. */
    public Progress progress(long runId) {
        synchronized (tracked) {
            Tracked t = tracked.get(runId);
            return t == null ? null : t.progress();
        }
    }

    /** Asks a running job to stop; it rolls back at its next batch. False if this process is not running it. */
    public boolean cancel(long runId) {
        Progress p = progress(runId);
        if (p == null
                || p.view().stage().equals("succeeded")
                || p.view().stage().equals("failed")) {
            return false;
        }
        p.requestCancel();
        return true;
    }

    /** Run ids of jobs this process is running now, by job name. */
    public Map<String, Long> running() {
        Map<String, Long> out = new LinkedHashMap<>();
        synchronized (tracked) {
            List<Map.Entry<Long, Tracked>> entries = new ArrayList<>(tracked.entrySet());
            for (Map.Entry<Long, Tracked> e : entries) {
                String stage = e.getValue().progress().view().stage();
                if (!stage.equals("succeeded") && !stage.equals("failed")) {
                    out.put(e.getValue().job(), e.getKey());
                }
            }
        }
        return out;
    }

    @PreDestroy
    void stop() {
        // a job interrupted at shutdown rolls back at its next batch
        worker.shutdownNow();
    }
}
