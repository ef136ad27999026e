package com.bellsystems.crm.syncstate;

import com.bellsystems.common.audit.RequestAudit;
import com.bellsystems.crm.support.CrudStore;
import com.bellsystems.crm.support.Page;
import com.bellsystems.crm.support.PageRequest;
import com.bellsystems.crm.support.Responses;
import com.bellsystems.crm.support.Table;
import com.bellsystems.crm.support.Versions;
import com.bellsystems.crm.support.Who;
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
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sync bookmarks of the Console's integrations (e.g. the last mail fetched), key -> JSON value at
 * {@code /api/crm/sync-state/{key}}. PUT creates or replaces; If-Match is checked when sent
 * (machines write these, so it is optional here, unlike the staff-edited records).
 */
@Path("/api/crm/sync-state")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SyncStateResource {

    static final Table TABLE =
            Table.of("crm_sync_state", "sync_state", "key").key("key").json("value");

    private final CrudStore store;
    private final RequestAudit audit;

    public SyncStateResource(CrudStore store, RequestAudit audit) {
        this.store = store;
        this.audit = audit;
    }

    @GET
    @PermissionsAllowed("crm:view")
    public Uni<Page> list(@Valid @BeanParam PageRequest page) {
        return store.list(TABLE, null, java.util.List.of(), "key", page);
    }

    @GET
    @Path("/{key}")
    @PermissionsAllowed("crm:view")
    public Uni<Response> get(@PathParam("key") String key) {
        return store.get(TABLE, key).map(Responses::ok);
    }

    @PUT
    @Path("/{key}")
    @PermissionsAllowed("crm:edit")
    public Uni<Response> put(
            @PathParam("key") @Pattern(regexp = "[A-Za-z0-9_.:-]{1,200}") String key,
            @HeaderParam("If-Match") String ifMatch,
            @NotNull Map<String, Object> value) {
        Who who = Who.of(audit);
        return store.pool()
                .withTransaction(tx -> store.find(tx, TABLE, key, true).flatMap(before -> {
                    if (before == null) {
                        Map<String, Object> v = new LinkedHashMap<>();
                        v.put("key", key);
                        v.put("value", value);
                        v.put("updated_at", OffsetDateTime.now(ZoneOffset.UTC));
                        return store.insert(tx, TABLE, v, who);
                    }
                    if (ifMatch != null && !ifMatch.isBlank()) {
                        Versions.check(ifMatch, before);
                    }
                    return store.applyUpdate(tx, TABLE, before, Map.of("value", value), who);
                }))
                .map(Responses::ok);
    }

    @DELETE
    @Path("/{key}")
    @PermissionsAllowed("crm:edit")
    public Uni<Response> delete(@PathParam("key") String key, @HeaderParam("If-Match") String ifMatch) {
        return store.delete(TABLE, key, ifMatch, Who.of(audit)).map(ignored -> Responses.noContent());
    }
}
