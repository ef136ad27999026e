package com.bellsystems.crm.device.rest;

import com.bellsystems.common.audit.RequestAudit;
import com.bellsystems.common.paging.KeysetPage;
import com.bellsystems.common.problem.ProblemException;
import com.bellsystems.crm.device.AssignCustomer;
import com.bellsystems.crm.device.AssignOwner;
import com.bellsystems.crm.device.DeviceInput;
import com.bellsystems.crm.device.DocIds;
import com.bellsystems.crm.device.repository.FirestorePaging;
import com.bellsystems.crm.device.service.DeviceService;
import com.bellsystems.crm.support.Who;
import io.quarkus.security.PermissionsAllowed;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Map;
import java.util.Set;

/**
 * The Console's device registry ({@code /api/devices}, {@code /api/devices/{id}} and its
 * assignments; the gateway sends these to crm-service and the telemetry sub-paths to
 * device-ingest-service, both in the devices domain). HTTP only.
 */
@Path("/api/devices")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DeviceResource {

    private static final Set<String> STATUSES = Set.of("active", "retired");

    private final DeviceService service;
    private final RequestAudit audit;

    public DeviceResource(DeviceService service, RequestAudit audit) {
        this.service = service;
        this.audit = audit;
    }

    /** Ordered by document id, or by serial when {@code q} (a serial prefix) is given; cursor paging. */
    @GET
    @PermissionsAllowed("devices:view")
    public Uni<KeysetPage<Map<String, Object>>> list(
            @QueryParam("q") String q,
            @QueryParam("status") String status,
            @QueryParam("owner_id") String ownerId,
            @QueryParam("customer_id") String customerId,
            @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        if (status != null && !STATUSES.contains(status)) {
            throw ProblemException.invalidField("status", "must be one of [active, retired]");
        }
        if (q != null && q.length() > 32) {
            throw ProblemException.invalidField("q", "must be at most 32 characters (a serial prefix)");
        }
        return service.list(
                q,
                status,
                blank(ownerId) ? null : DocIds.require("owner_id", ownerId),
                blank(customerId) ? null : DocIds.require("customer_id", customerId),
                cursor,
                FirestorePaging.limit(limit));
    }

    @GET
    @Path("{id}")
    @PermissionsAllowed("devices:view")
    public Uni<Map<String, Object>> get(@PathParam("id") String id) {
        return service.detail(DocIds.require("id", id));
    }

    @POST
    @PermissionsAllowed("devices:edit")
    public Uni<Response> create(@Valid @NotNull DeviceInput body) {
        Who who = Who.of(audit);
        return service.create(body, who)
                .map(created -> Response.created(URI.create("/api/devices/" + created.get("id")))
                        .entity(created)
                        .build());
    }

    @PATCH
    @Path("{id}")
    @PermissionsAllowed("devices:edit")
    public Uni<Map<String, Object>> update(@PathParam("id") String id, @Valid @NotNull DeviceInput body) {
        Who who = Who.of(audit);
        return service.update(DocIds.require("id", id), body, who);
    }

    @POST
    @Path("{id}/retire")
    @Consumes(MediaType.WILDCARD) // no body: a bare POST from the Console has no Content-Type
    @PermissionsAllowed("devices:edit")
    public Uni<Map<String, Object>> retire(@PathParam("id") String id) {
        Who who = Who.of(audit);
        return service.retire(DocIds.require("id", id), who);
    }

    @PUT
    @Path("{id}/owner")
    @PermissionsAllowed("devices:edit")
    public Uni<Map<String, Object>> owner(@PathParam("id") String id, @Valid @NotNull AssignOwner body) {
        Who who = Who.of(audit);
        return service.assignOwner(DocIds.require("id", id), body.userId(), who);
    }

    @PUT
    @Path("{id}/customer")
    @PermissionsAllowed("devices:edit")
    public Uni<Map<String, Object>> customer(@PathParam("id") String id, @Valid @NotNull AssignCustomer body) {
        Who who = Who.of(audit);
        return service.assignCustomer(DocIds.require("id", id), body.customerId(), who);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
