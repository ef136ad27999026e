package com.bellsystems.crm.media;

import com.bellsystems.common.audit.RequestAudit;
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
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** References to files kept in Nextcloud ({@code /api/crm/media}): the bytes never pass through here. */
@Path("/api/crm/media")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class MediaResource {

    static final Table TABLE =
            Table.of("crm_media", "media", "filename").json("tags").unversioned();

    @RegisterForReflection
    public record MediaInput(
            @Size(max = 100) String customerId,
            @Size(max = 100) String orderId,
            @NotBlank @Size(max = 500) String filename,
            @NotBlank @Size(max = 2000) @Pattern(regexp = "/.*", message = "must be an absolute path")
                    String nextcloudPath,
            @Size(max = 200) String mimeType,
            @Pattern(regexp = "inbound|outbound|internal") String direction,
            @Size(max = 50) List<@NotBlank String> tags) {}

    private final CrudStore store;
    private final RequestAudit audit;

    public MediaResource(CrudStore store, RequestAudit audit) {
        this.store = store;
        this.audit = audit;
    }

    @GET
    @PermissionsAllowed("crm:view")
    public Uni<Page> list(
            @QueryParam("customer_id") String customerId,
            @QueryParam("order_id") String orderId,
            @Valid @BeanParam PageRequest page) {
        Filters f = new Filters().eq("customer_id", customerId).eq("order_id", orderId);
        return store.list(TABLE, f.sql(), f.params, "created_at DESC, id", page);
    }

    @GET
    @Path("/{id}")
    @PermissionsAllowed("crm:view")
    public Uni<Response> get(@PathParam("id") String id) {
        return store.get(TABLE, id).map(Responses::ok);
    }

    @POST
    @PermissionsAllowed("crm:edit")
    public Uni<Response> create(@NotNull @Valid MediaInput in) {
        Who who = Who.of(audit);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", Ids.newId());
        v.put("customer_id", in.customerId());
        v.put("order_id", in.orderId());
        v.put("filename", in.filename());
        v.put("nextcloud_path", in.nextcloudPath());
        v.put("mime_type", in.mimeType());
        v.put("direction", in.direction());
        v.put("tags", in.tags() == null ? List.of() : in.tags());
        v.put("uploaded_by", who.actor().id());
        return store.create(TABLE, v, who)
                .map(row -> Responses.created("/api/crm/media", String.valueOf(row.get("id")), row));
    }

    @DELETE
    @Path("/{id}")
    @PermissionsAllowed("crm:edit")
    public Uni<Response> delete(@PathParam("id") String id) {
        return store.delete(TABLE, id, null, Who.of(audit)).map(ignored -> Responses.noContent());
    }
}
