package com.bellsystems.crm.order.rest;

import com.bellsystems.common.audit.RequestAudit;
import com.bellsystems.common.paging.OffsetPage;
import com.bellsystems.crm.order.OrderInput;
import com.bellsystems.crm.order.service.OrderService;
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

/** HTTP for the orders of one customer ({@code /api/crm/customers/{customerId}/orders}). */
@Path("/api/crm/customers/{customerId}/orders")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OrderResource {

    private final OrderService service;
    private final RequestAudit audit;

    public OrderResource(OrderService service, RequestAudit audit) {
        this.service = service;
        this.audit = audit;
    }

    @GET
    @PermissionsAllowed("crm:view")
    public Uni<OffsetPage<Map<String, Object>>> listForCustomer(
            @PathParam("customerId") String customerId,
            @QueryParam("status") String status,
            @Valid @BeanParam PageRequest page) {
        return service.listForCustomer(customerId, status, page);
    }

    @GET
    @Path("/{id}")
    @PermissionsAllowed("crm:view")
    public Uni<Response> get(@PathParam("customerId") String customerId, @PathParam("id") String id) {
        return service.get(customerId, id).map(Responses::ok);
    }

    @POST
    @PermissionsAllowed("crm:edit")
    public Uni<Response> create(@PathParam("customerId") String customerId, @NotNull @Valid OrderInput body) {
        return service.create(customerId, body, Who.of(audit))
                .map(row -> Responses.created(
                        "/api/crm/customers/" + customerId + "/orders", String.valueOf(row.get("id")), row));
    }

    @PATCH
    @Path("/{id}")
    @PermissionsAllowed("crm:edit")
    public Uni<Response> update(
            @PathParam("customerId") String customerId,
            @PathParam("id") String id,
            @HeaderParam("If-Match") String ifMatch,
            @NotNull @Valid OrderInput body) {
        return service.update(customerId, id, body, ifMatch, Who.of(audit)).map(Responses::ok);
    }

    @DELETE
    @Path("/{id}")
    @PermissionsAllowed("crm:edit")
    public Uni<Response> delete(
            @PathParam("customerId") String customerId,
            @PathParam("id") String id,
            @HeaderParam("If-Match") String ifMatch) {
        return service.delete(customerId, id, ifMatch, Who.of(audit)).map(ignored -> Responses.noContent());
    }
}
