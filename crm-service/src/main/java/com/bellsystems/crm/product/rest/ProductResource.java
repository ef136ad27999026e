package com.bellsystems.crm.product.rest;

import com.bellsystems.common.audit.RequestAudit;
import com.bellsystems.common.paging.OffsetPage;
import com.bellsystems.crm.product.ProductInput;
import com.bellsystems.crm.product.service.ProductService;
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

/** HTTP for the product catalogue: {@code /api/crm/products}. Updates need If-Match. */
@Path("/api/crm/products")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ProductResource {

    private final ProductService service;
    private final RequestAudit audit;

    public ProductResource(ProductService service, RequestAudit audit) {
        this.service = service;
        this.audit = audit;
    }

    @GET
    @PermissionsAllowed("crm:view")
    public Uni<OffsetPage<Map<String, Object>>> list(
            @QueryParam("category") String category,
            @QueryParam("active") Boolean active,
            @Valid @BeanParam PageRequest page) {
        return service.list(category, active, page);
    }

    @GET
    @Path("/{id}")
    @PermissionsAllowed("crm:view")
    public Uni<Response> get(@PathParam("id") String id) {
        return service.get(id).map(Responses::ok);
    }

    @POST
    @PermissionsAllowed("crm:edit")
    public Uni<Response> create(@NotNull @Valid ProductInput body) {
        return service.create(body, Who.of(audit))
                .map(row -> Responses.created("/api/crm/products", String.valueOf(row.get("id")), row));
    }

    @PATCH
    @Path("/{id}")
    @PermissionsAllowed("crm:edit")
    public Uni<Response> update(
            @PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, @NotNull @Valid ProductInput body) {
        return service.update(id, body, ifMatch, Who.of(audit)).map(Responses::ok);
    }

    @DELETE
    @Path("/{id}")
    @PermissionsAllowed("crm:edit")
    public Uni<Response> delete(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch) {
        return service.delete(id, ifMatch, Who.of(audit)).map(ignored -> Responses.noContent());
    }
}
