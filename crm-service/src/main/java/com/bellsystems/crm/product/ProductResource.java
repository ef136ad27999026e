package com.bellsystems.crm.product;

import com.bellsystems.common.audit.RequestAudit;
import com.bellsystems.common.problem.ProblemException;
import com.bellsystems.crm.outbox.MirrorDoc;
import com.bellsystems.crm.support.CrudStore;
import com.bellsystems.crm.support.Filters;
import com.bellsystems.crm.support.Ids;
import com.bellsystems.crm.support.Page;
import com.bellsystems.crm.support.PageRequest;
import com.bellsystems.crm.support.Responses;
import com.bellsystems.crm.support.Table;
import com.bellsystems.crm.support.Who;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.security.PermissionsAllowed;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
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
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The product catalogue ({@code /api/crm/products}), mirrored to Firestore {@code crm_products}
 * during the rollback window. Small enough that the rules live here beside the HTTP mapping.
 */
@Path("/api/crm/products")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ProductResource {

    static final Table TABLE = Table.of("crm_products", "product", "name")
            .mirroredTo(row -> new MirrorDoc(
                    "crm_products",
                    "crm_products",
                    String.valueOf(row.get("firestore_id") != null ? row.get("firestore_id") : row.get("id"))));

    /** A product as the Console sends it; null fields are left as they are on update. */
    @RegisterForReflection
    public record ProductInput(
            @Size(min = 1, max = 300) String name,
            @Size(max = 100) String sku,
            @Size(max = 100) String category,
            @Size(max = 10_000) String description,
            @DecimalMin("0") @Digits(integer = 10, fraction = 2) BigDecimal price,
            @Pattern(regexp = "[A-Z]{3}") String currency,
            @Size(max = 20) String unitType,
            @DecimalMin("0") @DecimalMax("100") BigDecimal vatPercent,
            @Min(0) Integer stockOnHand,
            Boolean active,
            @Size(max = 1000) String photoUrl) {

        Map<String, Object> columns() {
            Map<String, Object> c = new LinkedHashMap<>();
            put(c, "name", name);
            put(c, "sku", sku);
            put(c, "category", category);
            put(c, "description", description);
            put(c, "price", price);
            put(c, "currency", currency);
            put(c, "unit_type", unitType);
            put(c, "vat_percent", vatPercent);
            put(c, "stock_on_hand", stockOnHand);
            put(c, "active", active);
            put(c, "photo_url", photoUrl);
            return c;
        }
    }

    private final CrudStore store;
    private final RequestAudit audit;

    public ProductResource(CrudStore store, RequestAudit audit) {
        this.store = store;
        this.audit = audit;
    }

    @GET
    @PermissionsAllowed("crm:view")
    public Uni<Page> list(
            @QueryParam("category") String category,
            @QueryParam("active") Boolean active,
            @Valid @BeanParam PageRequest page) {
        Filters f = new Filters().eq("category", category).eq("active", active);
        return store.list(TABLE, f.sql(), f.params, "category NULLS FIRST, name, id", page);
    }

    @GET
    @Path("/{id}")
    @PermissionsAllowed("crm:view")
    public Uni<Response> get(@PathParam("id") String id) {
        return store.get(TABLE, id).map(Responses::ok);
    }

    @POST
    @PermissionsAllowed("crm:edit")
    public Uni<Response> create(@NotNull @Valid ProductInput body) {
        if (body.name() == null) {
            throw ProblemException.invalidField("name", "must not be blank");
        }
        Map<String, Object> values = body.columns();
        values.put("id", Ids.newId());
        return store.create(TABLE, values, Who.of(audit))
                .map(row -> Responses.created("/api/crm/products", String.valueOf(row.get("id")), row));
    }

    @PATCH
    @Path("/{id}")
    @PermissionsAllowed("crm:edit")
    public Uni<Response> update(
            @PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, @NotNull @Valid ProductInput body) {
        return store.update(TABLE, id, ifMatch, Who.of(audit), before -> body.columns())
                .map(Responses::ok);
    }

    @DELETE
    @Path("/{id}")
    @PermissionsAllowed("crm:edit")
    public Uni<Response> delete(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch) {
        return store.delete(TABLE, id, ifMatch, Who.of(audit)).map(ignored -> Responses.noContent());
    }

    static void put(Map<String, Object> c, String column, Object value) {
        if (value != null) {
            c.put(column, value);
        }
    }
}
