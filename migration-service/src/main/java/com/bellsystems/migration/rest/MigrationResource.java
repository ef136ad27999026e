package com.bellsystems.migration.rest;

import com.bellsystems.common.problem.ProblemException;
import com.bellsystems.migration.engine.JobRegistry;
import com.bellsystems.migration.engine.MigrationRunner;
import com.bellsystems.migration.engine.Progress;
import com.bellsystems.migration.engine.RunLog;
import com.bellsystems.migration.verify.VerificationReport;
import com.bellsystems.migration.verify.VerificationService;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The operators' HTTP API for the migration: start a job or a phase, watch runs, read the run log,
 * verify. Sysadmin only. Everything touching JDBC or SQLite runs on a worker thread.
 */
@Path("/api/admin/migrations")
@RolesAllowed("sysadmin")
@Produces(MediaType.APPLICATION_JSON)
public class MigrationResource {

    private final MigrationRunner runner;
    private final RunLog runLog;
    private final JobRegistry registry;
    private final VerificationService verification;

    public MigrationResource(
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

    /** A page of the run log. */
    @RegisterForReflection
    public record RunPage(List<RunLog.Run> items, int page, int size, long total) {}

    @GET
    public Uni<List<JobState>> jobs() {
        return blocking(() -> {
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
        });
    }

    @POST
    @Path("/{job}")
    public Uni<Response> start(@PathParam("job") String job) {
        return blocking(() ->
                Response.accepted(runner.startJob(job, runner.sqlitePath())).build());
    }

    @POST
    @Path("/phases/{phase}")
    public Uni<Response> startPhase(@PathParam("phase") int phase) {
        return blocking(() ->
                Response.accepted(runner.startPhase(phase, runner.sqlitePath())).build());
    }

    @GET
    @Path("/runs")
    public Uni<RunPage> runs(
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        return blocking(() -> new RunPage(runLog.page(page, size), page, size, runLog.count()));
    }

    @GET
    @Path("/runs/{id}")
    public Uni<RunView> run(@PathParam("id") long id) {
        return blocking(() -> {
            RunLog.Run r = runLog.find(id).orElseThrow(() -> ProblemException.notFound("migration run", id));
            Progress p = runner.progress(id);
            String state = r.success() == null && p != null ? "running" : state(r);
            return new RunView(r, state, p == null ? null : p.view());
        });
    }

    @POST
    @Path("/runs/{id}/cancel")
    public Uni<Response> cancel(@PathParam("id") long id) {
        return blocking(() -> {
            if (!runner.cancel(id)) {
                throw ProblemException.conflict("run " + id + " is not running in this instance");
            }
            return Response.accepted().build();
        });
    }

    @GET
    @Path("/verify")
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    public Uni<Response> verify(
            @QueryParam("job") String job,
            @QueryParam("phase") Integer phase,
            @QueryParam("sample") @DefaultValue("10") @Min(1) @Max(1000) int sample,
            @QueryParam("format") @DefaultValue("json") String format) {
        return blocking(() -> {
            if ((job == null) == (phase == null)) {
                throw ProblemException.badRequest("give exactly one of job or phase");
            }
            VerificationReport report = job != null
                    ? verification.verifyJob(job, runner.sqlitePath(), sample)
                    : verification.verifyPhase(phase, runner.sqlitePath(), sample);
            if ("text".equals(format)) {
                return Response.ok(report.text(), MediaType.TEXT_PLAIN_TYPE).build();
            }
            return Response.ok(report, MediaType.APPLICATION_JSON_TYPE).build();
        });
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

    private static <T> Uni<T> blocking(Supplier<T> work) {
        return Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
