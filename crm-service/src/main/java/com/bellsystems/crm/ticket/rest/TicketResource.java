package com.bellsystems.crm.ticket.rest;

import com.bellsystems.common.audit.RequestAudit;
import com.bellsystems.common.paging.OffsetPage;
import com.bellsystems.crm.support.PageRequest;
import com.bellsystems.crm.support.Responses;
import com.bellsystems.crm.support.Who;
import com.bellsystems.crm.ticket.TicketInput;
import com.bellsystems.crm.ticket.service.TicketService;
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
import java.net.URI;
import java.util.Map;

/** HTTP for support tickets ({@code /api/tickets}) and their message thread ({@code /api/tickets/{id}/messages}). */
@Path("/api/tickets")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TicketResource {

    private final TicketService service;
    private final RequestAudit audit;

    public TicketResource(TicketService service, RequestAudit audit) {
        this.service = service;
        this.audit = audit;
    }

    @GET
    @PermissionsAllowed("tickets:view")
    public Uni<OffsetPage<Map<String, Object>>> list(
            @QueryParam("status") String status,
            @QueryParam("customer_id") String customerId,
            @QueryParam("assigned_to") String assignedTo,
            @Valid @BeanParam PageRequest page) {
        return service.list(status, customerId, assignedTo, page);
    }

    @GET
    @Path("/{id}")
    @PermissionsAllowed("tickets:view")
    public Uni<Response> get(@PathParam("id") String id) {
        return service.get(id).map(Responses::ok);
    }

    @POST
    @PermissionsAllowed("tickets:edit")
    public Uni<Response> create(@NotNull @Valid TicketInput in) {
        return service.create(in, Who.of(audit))
                .map(row -> Responses.created("/api/tickets", String.valueOf(row.get("id")), row));
    }

    @PATCH
    @Path("/{id}")
    @PermissionsAllowed("tickets:edit")
    public Uni<Response> update(
            @PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, @NotNull @Valid TicketInput in) {
        return service.update(id, in, ifMatch, Who.of(audit)).map(Responses::ok);
    }

    @DELETE
    @Path("/{id}")
    @PermissionsAllowed("tickets:edit")
    public Uni<Response> delete(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch) {
        return service.delete(id, ifMatch, Who.of(audit)).map(ignored -> Responses.noContent());
    }

    @GET
    @Path("/{id}/messages")
    @PermissionsAllowed("tickets:view")
    public Uni<OffsetPage<Map<String, Object>>> messages(
            @PathParam("id") String id, @Valid @BeanParam PageRequest page) {
        return service.messages(id, page);
    }

    @POST
    @Path("/{id}/messages")
    @PermissionsAllowed("tickets:edit")
    public Uni<Response> addMessage(@PathParam("id") String id, @NotNull @Valid TicketInput.MessageInput in) {
        return service.addMessage(id, in, Who.of(audit))
                .map(m -> Response.created(URI.create("/api/tickets/" + id + "/messages/" + m.get("id")))
                        .entity(m)
                        .build());
    }
}
