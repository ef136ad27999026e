package com.bellsystems.crm.media.rest;

import com.bellsystems.common.audit.RequestAudit;
import com.bellsystems.common.paging.OffsetPage;
import com.bellsystems.crm.media.MediaInput;
import com.bellsystems.crm.media.service.MediaService;
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
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** HTTP for references to files kept in Nextcloud: {@code /api/crm/media}. */
@Path("/api/crm/media")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class MediaResource {

    private final MediaService service;
    private final RequestAudit audit;

    public MediaResource(MediaService service, RequestAudit audit) {
        this.service = service;
        this.audit = audit;
    }

    @GET
    @PermissionsAllowed("crm:view")
    public Uni<OffsetPage<Map<String, Object>>> list(
            @QueryParam("customer_id") String customerId,
            @QueryParam("order_id") String orderId,
            @Valid @BeanParam PageRequest page) {
        return service.list(customerId, orderId, page);
    }

    @GET
    @Path("/{id}")
    @PermissionsAllowed("crm:view")
    public Uni<Response> get(@PathParam("id") String id) {
        return service.get(id).map(Responses::ok);
    }

    @POST
    @PermissionsAllowed("crm:edit")
    public Uni<Response> create(@NotNull @Valid MediaInput in) {
        return service.create(in, Who.of(audit))
                .map(row -> Responses.created("/api/crm/media", String.valueOf(row.get("id")), row));
    }

    @DELETE
    @Path("/{id}")
    @PermissionsAllowed("crm:edit")
    public Uni<Response> delete(@PathParam("id") String id) {
        return service.delete(id, Who.of(audit)).map(ignored -> Responses.noContent());
    }
}
