package com.bellsystems.auth.features.rest;

import com.bellsystems.auth.features.PublicFeature;
import com.bellsystems.auth.features.service.PublicFeaturesService;
import com.bellsystems.auth.support.Access;
import com.bellsystems.auth.support.Caller;
import com.bellsystems.common.paging.OffsetPage;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.Map;

/** HTTP for public feature flags: any staff token reads; admins or {@code settings:edit} write. */
@Path("/api/public-features")
@Authenticated
public class PublicFeaturesResource {

    private final PublicFeaturesService service;
    private final Access access;

    public PublicFeaturesResource(PublicFeaturesService service, Access access) {
        this.service = service;
        this.access = access;
    }

    @RegisterForReflection
    public record FeatureUpdate(@NotNull Boolean enabled, Map<String, Object> config) {}

    @GET
    public Uni<OffsetPage<PublicFeature>> list(
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("100") @Min(1) @Max(OffsetPage.MAX_SIZE) int size) {
        return service.list(page, size);
    }

    @GET
    @Path("/{feature}")
    public Uni<PublicFeature> get(@PathParam("feature") String feature) {
        return service.get(feature);
    }

    @PUT
    @Path("/{feature}")
    public Uni<PublicFeature> put(@PathParam("feature") String feature, @Valid @NotNull FeatureUpdate body) {
        Caller caller = access.caller();
        return access.requireAdminOr("settings:edit")
                .flatMap(v -> service.put(caller, feature, body.enabled(), body.config()));
    }
}
