package com.bellsystems.ingest.device.rest;

import com.bellsystems.common.audit.RequestAudit;
import com.bellsystems.common.paging.KeysetCursor;
import com.bellsystems.common.paging.KeysetPage;
import com.bellsystems.common.problem.ProblemException;
import com.bellsystems.ingest.command.SendCommand;
import com.bellsystems.ingest.command.service.CommandService;
import com.bellsystems.ingest.device.DeviceSerial;
import com.bellsystems.ingest.device.DeviceViews.AlertEntry;
import com.bellsystems.ingest.device.DeviceViews.CommandEntry;
import com.bellsystems.ingest.device.DeviceViews.DeviceStatus;
import com.bellsystems.ingest.device.DeviceViews.HeartbeatEntry;
import com.bellsystems.ingest.device.DeviceViews.LogEntry;
import com.bellsystems.ingest.device.repository.DeviceRepository;
import io.quarkus.security.PermissionsAllowed;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import java.util.Set;

/** The Console's device pages: logs, heartbeats, alerts, commands and status; sending commands. HTTP only. */
@Path("/api/devices")
@Produces(MediaType.APPLICATION_JSON)
public class DeviceResource {

    private static final Set<String> ALERT_STATES = Set.of("active", "cleared");
    private static final Set<String> COMMAND_STATUSES = Set.of("pending", "sent", "acked", "failed", "timed_out");

    private final DeviceRepository queries;
    private final CommandService commands;
    private final RequestAudit requestAudit;

    public DeviceResource(DeviceRepository queries, CommandService commands, RequestAudit requestAudit) {
        this.queries = queries;
        this.commands = commands;
        this.requestAudit = requestAudit;
    }

    @GET
    @Path("{serial}/logs")
    @PermissionsAllowed("devices:view")
    public Uni<KeysetPage<LogEntry>> logs(
            @PathParam("serial") String serial,
            @QueryParam("level") String level,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        return queries.logs(
                DeviceSerial.require(serial),
                level == null || level.isBlank() ? null : level.trim().toUpperCase(Locale.ROOT),
                QueryParams.time("from", from),
                QueryParams.time("to", to),
                QueryParams.limit(limit),
                KeysetCursor.decode(cursor));
    }

    @GET
    @Path("{serial}/heartbeats")
    @PermissionsAllowed("devices:view")
    public Uni<KeysetPage<HeartbeatEntry>> heartbeats(
            @PathParam("serial") String serial,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        return queries.heartbeats(
                DeviceSerial.require(serial),
                QueryParams.time("from", from),
                QueryParams.time("to", to),
                QueryParams.limit(limit),
                KeysetCursor.decode(cursor));
    }

    @GET
    @Path("{serial}/alerts")
    @PermissionsAllowed("devices:view")
    public Uni<KeysetPage<AlertEntry>> alerts(
            @PathParam("serial") String serial,
            @QueryParam("state") String state,
            @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        return queries.alerts(
                DeviceSerial.require(serial),
                QueryParams.oneOf("state", state, ALERT_STATES),
                QueryParams.limit(limit),
                KeysetCursor.decode(cursor));
    }

    @GET
    @Path("{serial}/commands")
    @PermissionsAllowed("devices:view")
    public Uni<KeysetPage<CommandEntry>> commandList(
            @PathParam("serial") String serial,
            @QueryParam("status") String status,
            @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        return queries.commands(
                DeviceSerial.require(serial),
                QueryParams.oneOf("status", status, COMMAND_STATUSES),
                QueryParams.limit(limit),
                KeysetCursor.decode(cursor));
    }

    @GET
    @Path("{serial}/status")
    @PermissionsAllowed("devices:view")
    public Uni<DeviceStatus> status(@PathParam("serial") String serial) {
        return queries.status(DeviceSerial.require(serial)).map(status -> {
            if (status == null) {
                throw ProblemException.notFound("Device", serial);
            }
            return status;
        });
    }

    @GET
    @Path("status")
    @PermissionsAllowed("devices:view")
    public Uni<KeysetPage<HeartbeatEntry>> statuses(
            @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        return queries.latestPerDevice(QueryParams.limit(limit), cursor);
    }

    /** 202: the command is stored and (normally) already with the broker; its status follows the device's ack. */
    @POST
    @Path("{serial}/commands")
    @Consumes(MediaType.APPLICATION_JSON)
    @PermissionsAllowed("devices:command")
    public Uni<Response> send(@PathParam("serial") String serial, @Valid @NotNull SendCommand command) {
        String device = DeviceSerial.require(serial);
        // the request-scoped audit facts are read here, on the request, before going async
        var actor = requestAudit.actor();
        var meta = requestAudit.meta();
        return commands.send(device, command, actor, meta)
                .map(created -> Response.accepted(created).build());
    }
}
