package com.bellsystems.auth.staff.rest;

import com.bellsystems.auth.staff.StaffRequests;
import com.bellsystems.auth.staff.StaffView;
import com.bellsystems.auth.staff.service.StaffService;
import com.bellsystems.auth.support.Access;
import com.bellsystems.auth.support.Caller;
import com.bellsystems.common.audit.RequestAudit;
import com.bellsystems.common.paging.OffsetPage;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Map;

/**
 * HTTP for staff administration. Reading needs {@code staff:view} (or {@code staff:manage}),
 * changing needs {@code staff:manage}; the admin roles may do both whatever their map says.
 * {@code /me/...} is for any signed-in member.
 */
@Path("/api/staff")
@Authenticated
public class StaffResource {

    private final StaffService service;
    private final Access access;
    private final RequestAudit requestAudit;

    public StaffResource(StaffService service, Access access, RequestAudit requestAudit) {
        this.service = service;
        this.access = access;
        this.requestAudit = requestAudit;
    }

    @GET
    public Uni<OffsetPage<StaffView>> list(
            @QueryParam("role") String role,
            @QueryParam("active") Boolean active,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(OffsetPage.MAX_SIZE) int size) {
        return access.requireAdminOr("staff:view", "staff:manage").flatMap(v -> service.list(role, active, page, size));
    }

    @GET
    @Path("/{id}")
    public Uni<StaffView> get(@PathParam("id") String id) {
        return access.requireAdminOr("staff:view", "staff:manage").flatMap(v -> service.get(id));
    }

    @POST
    public Uni<Response> create(@Valid @NotNull StaffRequests.Create body) {
        Caller caller = caller();
        return access.requireAdminOr("staff:manage")
                .flatMap(v -> service.create(caller, body))
                .map(created -> Response.created(URI.create("/api/staff/" + created.id()))
                        .entity(created)
                        .build());
    }

    @PUT
    @Path("/{id}")
    public Uni<StaffView> update(@PathParam("id") String id, @Valid @NotNull StaffRequests.Update body) {
        Caller caller = caller();
        return access.requireAdminOr("staff:manage").flatMap(v -> service.update(caller, id, body));
    }

    /** Deactivates (soft delete). */
    @DELETE
    @Path("/{id}")
    public Uni<StaffView> deactivate(@PathParam("id") String id) {
        Caller caller = caller();
        return access.requireAdminOr("staff:manage").flatMap(v -> service.deactivate(caller, id));
    }

    @POST
    @Path("/{id}/deactivate")
    public Uni<StaffView> deactivateAlias(@PathParam("id") String id) {
        return deactivate(id);
    }

    @POST
    @Path("/{id}/password")
    public Uni<Response> resetPassword(@PathParam("id") String id, @Valid @NotNull StaffRequests.ResetPassword body) {
        Caller caller = caller();
        return access.requireAdminOr("staff:manage")
                .flatMap(v -> service.resetPassword(caller, id, body))
                .map(v -> Response.noContent().build());
    }

    @PUT
    @Path("/me/password")
    public Uni<Response> changeOwnPassword(@Valid @NotNull StaffRequests.ChangeOwnPassword body) {
        return service.changeOwnPassword(caller(), body)
                .map(v -> Response.noContent().build());
    }

    @GET
    @Path("/me/ui-prefs")
    public Uni<Map<String, Object>> uiPrefs() {
        return service.uiPrefs(requestAudit.actor().id());
    }

    @PUT
    @Path("/me/ui-prefs")
    public Uni<Map<String, Object>> setUiPrefs(@NotNull Map<String, Object> prefs) {
        return service.setUiPrefs(caller(), prefs);
    }

    private Caller caller() {
        return access.caller();
    }
}
