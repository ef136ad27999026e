package com.bellsystems.migration.service;

import com.bellsystems.common.paging.OffsetPage;
import com.bellsystems.common.problem.ProblemException;
import com.bellsystems.migration.engine.JobRegistry;
import com.bellsystems.migration.engine.MigrationRunner;
import com.bellsystems.migration.engine.Progress;
import com.bellsystems.migration.engine.RunLog;
import com.bellsystems.migration.verify.VerificationReport;
import com.bellsystems.migration.verify.VerificationService;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * What the operators' API does, apart from HTTP: the jobs' overview, starting a job or a phase
 * (with the operator's override of the plan's order), the run log, cancelling, verifying. Blocking
 * (JDBC, SQLite, Firestore): the resource calls it on a worker thread.
 */
@ApplicationScoped
public class MigrationService {

    private final MigrationRunner runner;
    private final RunLog runLog;
    private final JobRegistry registry;
    private final VerificationService verification;

    public MigrationService(
            MigrationRunner runner, RunLog runLog, JobRegistry registry, VerificationService verification) {
        this.runner = runner;
        this.runLog = runLog;
        this.registry = registry;
        this.verification = verification;
    }

    /** One job's state for the overview. */
    @RegisterForReflection
    public record JobState(String job, int phase, String step, String state, Long runningRunId, RunLog.Run lastRun) {}

    /** A run with its live progress (null when this process did not run it, e.g. another replica or a restart). */
    @RegisterForReflection
    public record RunView(RunLog.Run run, String state, Progress.View progress) {}

    public List<JobState> jobs() {
        Map<String, RunLog.Run> last = runLog.latestPerJob();
        Map<String, Long> running = runner.running();
        return registry.all().stream()
                .map(j -> {
                    RunLog.Run r = last.get(j.name());
                    Long runningId = running.get(j.name());
                    return new JobState(
                            j.name(), j.phase(), j.step(), runningId != null ? "running" : state(r), runningId, r);
                })
                .toList();
    }

    /** Starts a job; {@code override} is the operator's reason to run it before its prerequisites, or null. */
    public MigrationRunner.Started start(String job, String override) {
        return runner.startJob(job, runner.sqlitePath(), override);
    }

    public MigrationRunner.Started startPhase(int phase, String override) {
        return runner.startPhase(phase, runner.sqlitePath(), override);
    }

    public OffsetPage<RunLog.Run> runs(int page, int size) {
        return OffsetPage.counted(runLog.page(page, size), page, size, runLog.count());
    }

    public RunView run(long id) {
        RunLog.Run r = runLog.find(id).orElseThrow(() -> ProblemException.notFound("migration run", id));
        Progress p = runner.progress(id);
        String state = r.success() == null && p != null ? "running" : state(r);
        return new RunView(r, state, p == null ? null : p.view());
    }

    public void cancel(long id) {
        if (!runner.cancel(id)) {
            throw ProblemException.conflict("run " + id + " is not running in this instance");
        }
    }

    /** The checklist of one job or one phase (exactly one of them). */
    public VerificationReport verify(String job, Integer phase, int sample) {
        if ((job == null) == (phase == null)) {
            throw ProblemException.badRequest("give exactly one of job or phase");
        }
        return job != null
                ? verification.verifyJob(job, runner.sqlitePath(), sample)
                : verification.verifyPhase(phase, runner.sqlitePath(), sample);
    }

    private static String state(RunLog.Run r) {
        if (r == null) {
            return "never_run";
        }
        if (r.success() == null) {
            return "unfinished"; // running in another replica or the CLI, or its process died
        }
        return r.success() ? "succeeded" : "failed";
    }
}
