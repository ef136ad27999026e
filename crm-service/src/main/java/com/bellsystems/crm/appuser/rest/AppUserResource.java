package com.bellsystems.crm.appuser.rest;

import com.bellsystems.common.audit.RequestAudit;
import com.bellsystems.common.paging.KeysetPage;
import com.bellsystems.common.problem.ProblemException;
import com.bellsystems.crm.appuser.AppUserInput;
import com.bellsystems.crm.appuser.service.AppUserService;
import com.bellsystems.crm.device.DocIds;
import com.bellsystems.crm.device.repository.FirestorePaging;
import com.bellsystems.crm.support.Who;
import io.quarkus.security.PermissionsAllowed;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** The Console's app users (device owners): {@code /api/app-users}, devices domain at the gateway. HTTP only. */
@Path("/api/app-users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AppUserResource {

    private final AppUserService service;
    private final RequestAudit audit;

    public AppUserResource(AppUserService service, RequestAudit audit) {
        this.service = service;
        this.audit = audit;
    }

    @GET
    @PermissionsAllowed("devices:view")
    public Uni<KeysetPage<Map<String, Object>>> list(
            @QueryParam("q") String q, @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        if (q != null && q.length() > 200) {
            throw ProblemException.invalidField("q", "must be at most 200 characters");
        }
        return service.list(q, cursor, FirestorePaging.limit(limit));
    }

    @GET
    @Path("{id}")
    @PermissionsAllowed("devices:view")
    public Uni<Map<String, Object>> get(@PathParam("id") String id) {
        return service.detail(DocIds.require("id", id));
    }

    @PATCH
    @Path("{id}")
    @PermissionsAllowed("devices:edit")
    public Uni<Map<String, Object>> update(@PathParam("id") String id, @Valid @NotNull AppUserInput body) {
        Who who = Who.of(audit);
        return service.update(DocIds.require("id", id), body, who);
    }
}
