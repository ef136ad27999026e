package com.bellsystems.crm.melody.rest;

import com.bellsystems.common.audit.RequestAudit;
import com.bellsystems.common.paging.OffsetPage;
import com.bellsystems.crm.melody.DraftInput;
import com.bellsystems.crm.melody.service.MelodyService;
import com.bellsystems.crm.support.PageRequest;
import com.bellsystems.crm.support.Responses;
import com.bellsystems.crm.support.Who;
import io.quarkus.security.PermissionsAllowed;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** HTTP for melody drafts ({@code /api/melodies}) and publishing them to the mobile app. */
@Path("/api/melodies")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class MelodyResource {

    private final MelodyService service;
    private final RequestAudit audit;

    public MelodyResource(MelodyService service, RequestAudit audit) {
        this.service = service;
        this.audit = audit;
    }

    @GET
    @PermissionsAllowed("melodies:view")
    public Uni<OffsetPage<Map<String, Object>>> list(
            @QueryParam("status") @Pattern(regexp = "draft|published") String status,
            @Valid @BeanParam PageRequest page) {
        return service.list(status, page);
    }

    @GET
    @Path("/{id}")
    @PermissionsAllowed("melodies:view")
    public Uni<Response> get(@PathParam("id") String id) {
        return service.get(id).map(Responses::ok);
    }

    @POST
    @PermissionsAllowed("melodies:edit")
    public Uni<Response> create(@NotNull @Valid DraftInput in) {
        return service.create(in, Who.of(audit))
                .map(row -> Responses.created("/api/melodies", String.valueOf(row.get("id")), row));
    }

    @PATCH
    @Path("/{id}")
    @PermissionsAllowed("melodies:edit")
    public Uni<Response> update(
            @PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, @NotNull @Valid DraftInput in) {
        return service.update(id, in, ifMatch, Who.of(audit)).map(Responses::ok);
    }

    @DELETE
    @Path("/{id}")
    @PermissionsAllowed("melodies:edit")
    public Uni<Response> delete(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch) {
        return service.delete(id, ifMatch, Who.of(audit)).map(ignored -> Responses.noContent());
    }

    /**
     * Melodies published before the migration: takes publication state and time from the app's
     * Firestore collection into the drafts (once; idempotent). Answers {@code {"adopted": [ids]}}.
     */
    @POST
    @Path("/adopt-published")
    @PermissionsAllowed("melodies:publish")
    public Uni<Response> adoptPublished() {
        return service.adoptPublished(Who.of(audit))
                .map(ids -> Response.ok(java.util.Map.of("adopted", ids)).build());
    }

    @POST
    @Path("/{id}/publish")
    @PermissionsAllowed("melodies:publish")
    public Uni<Response> publish(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch) {
        return service.publish(id, ifMatch, Who.of(audit)).map(Responses::ok);
    }

    @POST
    @Path("/{id}/unpublish")
    @PermissionsAllowed("melodies:publish")
    public Uni<Response> unpublish(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch) {
        return service.unpublish(id, ifMatch, Who.of(audit)).map(Responses::ok);
    }
}
