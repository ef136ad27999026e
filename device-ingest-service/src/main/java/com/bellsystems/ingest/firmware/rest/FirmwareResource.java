package com.bellsystems.ingest.firmware.rest;

import com.bellsystems.common.audit.RequestAudit;
import com.bellsystems.common.paging.OffsetPage;
import com.bellsystems.ingest.firmware.Firmware;
import com.bellsystems.ingest.firmware.FirmwareInput;
import com.bellsystems.ingest.firmware.service.FirmwareService;
import io.quarkus.security.PermissionsAllowed;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** The Console's firmware catalogue ({@code /api/firmware}, devices domain at the gateway). HTTP only. */
@Path("/api/firmware")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class FirmwareResource {

    private final FirmwareService service;
    private final RequestAudit requestAudit;

    public FirmwareResource(FirmwareService service, RequestAudit requestAudit) {
        this.service = service;
        this.requestAudit = requestAudit;
    }

    /** Newest first per hardware type; retired versions only with {@code include_retired=true}. */
    @GET
    @PermissionsAllowed("devices:view")
    public Uni<OffsetPage<Firmware>> list(
            @QueryParam("hw_type") String hwType,
            @QueryParam("channel") String channel,
            @QueryParam("include_retired") @DefaultValue("false") boolean includeRetired,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(OffsetPage.MAX_SIZE) int size) {
        return service.list(blankToNull(hwType), blankToNull(channel), includeRetired, page, size);
    }

    @GET
    @Path("{id}")
    @PermissionsAllowed("devices:view")
    public Uni<Firmware> get(@PathParam("id") String id) {
        return service.get(id);
    }

    @POST
    @PermissionsAllowed("devices:edit")
    public Uni<Response> create(@Valid @NotNull FirmwareInput body) {
        var actor = requestAudit.actor();
        var meta = requestAudit.meta();
        return service.create(body, actor, meta)
                .map(created -> Response.created(URI.create("/api/firmware/" + created.id()))
                        .entity(created)
                        .build());
    }

    @PATCH
    @Path("{id}")
    @PermissionsAllowed("devices:edit")
    public Uni<Firmware> update(@PathParam("id") String id, @Valid @NotNull FirmwareInput body) {
        var actor = requestAudit.actor();
        var meta = requestAudit.meta();
        return service.update(id, body, actor, meta);
    }

    /** Retired versions stay listed (include_retired) but no OTA command may name them. */
    @POST
    @Path("{id}/retire")
    @Consumes(MediaType.WILDCARD) // no body: a bare POST from the Console has no Content-Type
    @PermissionsAllowed("devices:edit")
    public Uni<Firmware> retire(@PathParam("id") String id) {
        var actor = requestAudit.actor();
        var meta = requestAudit.meta();
        return service.retire(id, actor, meta);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
