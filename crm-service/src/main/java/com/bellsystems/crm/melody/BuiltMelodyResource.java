package com.bellsystems.crm.melody;

import com.bellsystems.common.audit.RequestAudit;
import com.bellsystems.common.problem.ProblemException;
import com.bellsystems.crm.support.CrudStore;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Built melodies (compiled step sequences for the bell controllers): {@code /api/melodies/built}. */
@Path("/api/melodies/built")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class BuiltMelodyResource {

    static final Table TABLE =
            Table.of("built_melodies", "built_melody", "name").json("steps", "assigned_melody_ids");

    @RegisterForReflection
    public record BuiltInput(
            @Size(min = 1, max = 300) String name,
            @Size(max = 100) String pid,
            @Size(max = 100_000) List<@NotNull Object> steps,
            @Size(max = 1000) String binaryPath,
            @Size(max = 1_000_000) String progmemCode,
            @Size(max = 1000) List<@NotBlank String> assignedMelodyIds,
            Boolean isBuiltin) {

        Map<String, Object> columns() {
            Map<String, Object> c = new LinkedHashMap<>();
            put(c, "name", name);
            put(c, "pid", pid);
            put(c, "steps", steps);
            put(c, "binary_path", binaryPath);
            put(c, "progmem_code", progmemCode);
            put(c, "assigned_melody_ids", assignedMelodyIds);
            put(c, "is_builtin", isBuiltin);
            return c;
        }
    }

    private final CrudStore store;
    private final RequestAudit audit;

    public BuiltMelodyResource(CrudStore store, RequestAudit audit) {
        this.store = store;
        this.audit = audit;
    }

    @GET
    @PermissionsAllowed("melodies:view")
    public Uni<Page> list(@Valid @BeanParam PageRequest page) {
        return store.list(TABLE, null, List.of(), "name, id", page);
    }

    @GET
    @Path("/{id}")
    @PermissionsAllowed("melodies:view")
    public Uni<Response> get(@PathParam("id") String id) {
        return store.get(TABLE, id).map(Responses::ok);
    }

    @POST
    @PermissionsAllowed("melodies:edit")
    public Uni<Response> create(@NotNull @Valid BuiltInput in) {
        if (in.name() == null) {
            throw ProblemException.invalidField("name", "must not be blank");
        }
        Map<String, Object> v = in.columns();
        v.put("id", Ids.newId());
        return store.create(TABLE, v, Who.of(audit))
                .map(row -> Responses.created("/api/melodies/built", String.valueOf(row.get("id")), row));
    }

    @PATCH
    @Path("/{id}")
    @PermissionsAllowed("melodies:edit")
    public Uni<Response> update(
            @PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, @NotNull @Valid BuiltInput in) {
        return store.update(TABLE, id, ifMatch, Who.of(audit), before -> in.columns())
                .map(Responses::ok);
    }

    @DELETE
    @Path("/{id}")
    @PermissionsAllowed("melodies:edit")
    public Uni<Response> delete(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch) {
        return store.delete(TABLE, id, ifMatch, Who.of(audit)).map(ignored -> Responses.noContent());
    }

    private static void put(Map<String, Object> c, String column, Object value) {
        if (value != null) {
            c.put(column, value);
        }
    }
}
