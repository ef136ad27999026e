package com.bellsystems.crm.note.rest;

import com.bellsystems.common.audit.RequestAudit;
import com.bellsystems.common.paging.OffsetPage;
import com.bellsystems.crm.note.EntryInput;
import com.bellsystems.crm.note.service.NoteService;
import com.bellsystems.crm.support.PageRequest;
import com.bellsystems.crm.support.Responses;
import com.bellsystems.crm.support.Who;
import io.quarkus.security.PermissionsAllowed;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
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

/** HTTP for notes and issues ({@code /api/notes}) with their links to other records. */
@Path("/api/notes")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class NoteResource {

    private final NoteService service;
    private final RequestAudit audit;

    public NoteResource(NoteService service, RequestAudit audit) {
        this.service = service;
        this.audit = audit;
    }

    @GET
    @PermissionsAllowed("notes:view")
    public Uni<OffsetPage<Map<String, Object>>> list(
            @QueryParam("entry_type") String type,
            @QueryParam("status") String status,
            @QueryParam("linked_type") String linkedType,
            @QueryParam("linked_id") String linkedId,
            @Valid @BeanParam PageRequest page) {
        return service.list(type, status, linkedType, linkedId, page);
    }

    @GET
    @Path("/{id}")
    @PermissionsAllowed("notes:view")
    public Uni<Response> get(@PathParam("id") String id) {
        return service.get(id).map(Responses::ok);
    }

    @POST
    @PermissionsAllowed("notes:edit")
    public Uni<Response> create(@NotNull @Valid EntryInput in) {
        return service.create(in, Who.of(audit))
                .map(row -> Responses.created("/api/notes", String.valueOf(row.get("id")), row));
    }

    @PATCH
    @Path("/{id}")
    @PermissionsAllowed("notes:edit")
    public Uni<Response> update(
            @PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, @NotNull @Valid EntryInput in) {
        return service.update(id, in, ifMatch, Who.of(audit)).map(Responses::ok);
    }

    @DELETE
    @Path("/{id}")
    @PermissionsAllowed("notes:edit")
    public Uni<Response> delete(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch) {
        return service.delete(id, ifMatch, Who.of(audit)).map(ignored -> Responses.noContent());
    }
}
