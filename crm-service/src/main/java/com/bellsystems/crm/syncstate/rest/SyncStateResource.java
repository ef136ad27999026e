package com.bellsystems.crm.syncstate.rest;

import com.bellsystems.common.audit.RequestAudit;
import com.bellsystems.common.paging.OffsetPage;
import com.bellsystems.crm.support.PageRequest;
import com.bellsystems.crm.support.Responses;
import com.bellsystems.crm.support.Who;
import com.bellsystems.crm.syncstate.service.SyncStateService;
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
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * HTTP for the sync bookmarks of the Console's integrations (e.g. the last mail fetched), key ->
 * JSON value at {@code /api/crm/sync-state/{key}}. PUT creates or replaces.
 */
@Path("/api/crm/sync-state")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SyncStateResource {

    private final SyncStateService service;
    private final RequestAudit audit;

    public SyncStateResource(SyncStateService service, RequestAudit audit) {
        this.service = service;
        this.audit = audit;
    }

    @GET
    @PermissionsAllowed("crm:view")
    public Uni<OffsetPage<Map<String, Object>>> list(@Valid @BeanParam PageRequest page) {
        return service.list(page);
    }

    @GET
    @Path("/{key}")
    @PermissionsAllowed("crm:view")
    public Uni<Response> get(@PathParam("key") String key) {
        return service.get(key).map(Responses::ok);
    }

    @PUT
    @Path("/{key}")
    @PermissionsAllowed("crm:edit")
    public Uni<Response> put(
            @PathParam("key") @Pattern(regexp = "[A-Za-z0-9_.:-]{1,200}") String key,
            @HeaderParam("If-Match") String ifMatch,
            @NotNull Map<String, Object> value) {
        return service.put(key, value, ifMatch, Who.of(audit)).map(Responses::ok);
    }

    @DELETE
    @Path("/{key}")
    @PermissionsAllowed("crm:edit")
    public Uni<Response> delete(@PathParam("key") String key, @HeaderParam("If-Match") String ifMatch) {
        return service.delete(key, ifMatch, Who.of(audit)).map(ignored -> Responses.noContent());
    }
}
