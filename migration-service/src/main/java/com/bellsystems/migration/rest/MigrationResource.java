package com.bellsystems.migration.rest;

import com.bellsystems.common.paging.OffsetPage;
import com.bellsystems.migration.engine.RunLog;
import com.bellsystems.migration.service.MigrationService;
import com.bellsystems.migration.service.MigrationService.JobState;
import com.bellsystems.migration.service.MigrationService.RunView;
import com.bellsystems.migration.verify.VerificationReport;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
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
import java.util.function.Supplier;

/**
 * The operators' HTTP API for the migration: start a job or a phase, watch runs, read the run log,
 * verify. Sysadmin only. HTTP only: the work is {@link MigrationService}'s, on a worker thread
 * (JDBC, SQLite and Firestore block).
 */
@Path("/api/admin/migrations")
@RolesAllowed("sysadmin")
@Produces(MediaType.APPLICATION_JSON)
public class MigrationResource {

    private final MigrationService migrations;

    public MigrationResource(MigrationService migrations) {
        this.migrations = migrations;
    }

    @GET
    public Uni<List<JobState>> jobs() {
        return blocking(migrations::jobs);
    }

    /**
     * {@code override}: the operator's reason to run the job although the plan's prerequisites are
     * not met (logged and stored with the run); without it such a run is refused.
     */
    @POST
    @Path("/{job}")
    public Uni<Response> start(
            @PathParam("job") String job, @QueryParam("override") @Size(min = 1, max = 500) String override) {
        return blocking(() -> Response.accepted(migrations.start(job, override)).build());
    }

    @POST
    @Path("/phases/{phase}")
    public Uni<Response> startPhase(
            @PathParam("phase") int phase, @QueryParam("override") @Size(min = 1, max = 500) String override) {
        return blocking(
                () -> Response.accepted(migrations.startPhase(phase, override)).build());
    }

    @GET
    @Path("/runs")
    public Uni<OffsetPage<RunLog.Run>> runs(
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        return blocking(() -> migrations.runs(page, size));
    }

    @GET
    @Path("/runs/{id}")
    public Uni<RunView> run(@PathParam("id") long id) {
        return blocking(() -> migrations.run(id));
    }

    @POST
    @Path("/runs/{id}/cancel")
    public Uni<Response> cancel(@PathParam("id") long id) {
        return blocking(() -> {
            migrations.cancel(id);
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
            VerificationReport report = migrations.verify(job, phase, sample);
            if ("text".equals(format)) {
                return Response.ok(report.text(), MediaType.TEXT_PLAIN_TYPE).build();
            }
            return Response.ok(report, MediaType.APPLICATION_JSON_TYPE).build();
        });
    }

    private static <T> Uni<T> blocking(Supplier<T> work) {
        return Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
