package com.bellsystems.auth.settings.rest;

import com.bellsystems.auth.settings.Setting;
import com.bellsystems.auth.settings.service.SettingsService;
import com.bellsystems.auth.support.Access;
import com.bellsystems.auth.support.Caller;
import com.bellsystems.common.paging.OffsetPage;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

/** HTTP for console settings: any staff token reads; admins or {@code settings:edit} write. */
@Path("/api/settings")
@Authenticated
public class SettingsResource {

    private final SettingsService service;
    private final Access access;

    public SettingsResource(SettingsService service, Access access) {
        this.service = service;
        this.access = access;
    }

    @RegisterForReflection
    public record SettingValue(Object value) {}

    @GET
    public Uni<OffsetPage<Setting>> list(
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("100") @Min(1) @Max(OffsetPage.MAX_SIZE) int size) {
        return service.list(page, size);
    }

    @GET
    @Path("/{key}")
    public Uni<Setting> get(@PathParam("key") String key) {
        return service.get(key);
    }

    @PUT
    @Path("/{key}")
    public Uni<Setting> put(@PathParam("key") String key, @NotNull SettingValue body) {
        Caller caller = access.caller();
        return access.requireAdminOr("settings:edit").flatMap(v -> service.put(caller, key, body.value()));
    }
}
