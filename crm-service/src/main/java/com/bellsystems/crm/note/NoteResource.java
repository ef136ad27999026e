package com.bellsystems.crm.note;

import com.bellsystems.common.audit.RequestAudit;
import com.bellsystems.crm.support.CrudStore;
import com.bellsystems.crm.support.Filters;
import com.bellsystems.crm.support.Ids;
import com.bellsystems.crm.support.Page;
import com.bellsystems.crm.support.PageRequest;
import com.bellsystems.crm.support.Responses;
import com.bellsystems.crm.support.Rows;
import com.bellsystems.crm.support.Table;
import com.bellsystems.crm.support.Who;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.security.PermissionsAllowed;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
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
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Notes and issues ({@code /api/notes}, table {@code entries}) and their links to other records
 * ({@code entry_links}: a customer, an order, a device...). Resolving an issue stamps resolved_at.
 */
@Path("/api/notes")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class NoteResource {

    static final Table TABLE =
            Table.of("entries", "entry", "title").arrays("tags").status("status");

    @RegisterForReflection
    public record Link(
            @NotBlank @Pattern(regexp = "[a-z_]{1,40}") String linkedType,
            @NotBlank @Size(max = 200) String linkedId) {}

    @RegisterForReflection
    public record EntryInput(
            @Pattern(regexp = "note|issue") String entryType,
            @Size(min = 1, max = 500) String title,
            @Size(max = 100_000) String body,
            @Pattern(regexp = "open|in_progress|resolved|closed") String status,
            @Pattern(regexp = "low|normal|high|urgent") String priority,
            @Size(max = 50) List<@NotBlank String> tags,
            @Size(max = 100) String assignedTo,
            @Size(max = 100) List<@NotNull @Valid Link> links) {}

    private final CrudStore store;
    private final RequestAudit audit;

    public NoteResource(CrudStore store, RequestAudit audit) {
        this.store = store;
        this.audit = audit;
    }

    @GET
    @PermissionsAllowed("notes:view")
    public Uni<Page> list(
            @QueryParam("entry_type") String type,
            @QueryParam("status") String status,
            @QueryParam("linked_type") String linkedType,
            @QueryParam("linked_id") String linkedId,
            @Valid @BeanParam PageRequest page) {
        Filters f = new Filters().eq("entry_type", type).eq("status", status);
        if (linkedType != null && linkedId != null) {
            f.params.add(linkedType);
            f.params.add(linkedId);
            f.where.add("id IN (SELECT entry_id FROM entry_links WHERE linked_type = $" + (f.params.size() - 1)
                    + " AND linked_id = $" + f.params.size() + ")");
        }
        return store.list(TABLE, f.sql(), f.params, "updated_at DESC, id", page);
    }

    @GET
    @Path("/{id}")
    @PermissionsAllowed("notes:view")
    public Uni<Response> get(@PathParam("id") String id) {
        return store.get(TABLE, id).flatMap(e -> withLinks(store.pool(), e)).map(Responses::ok);
    }

    @POST
    @PermissionsAllowed("notes:edit")
    public Uni<Response> create(@NotNull @Valid EntryInput in) {
        if (in.title() == null) {
            throw com.bellsystems.common.problem.ProblemException.invalidField("title", "must not be blank");
        }
        Who who = Who.of(audit);
        Map<String, Object> v = columns(in);
        String id = Ids.newId();
        v.put("id", id);
        v.put("created_by", who.actor().id());
        return store.pool()
                .withTransaction(tx -> store.insert(tx, TABLE, v, who)
                        .flatMap(e -> replaceLinks(tx, id, in.links()).replaceWith(e))
                        .flatMap(e -> withLinks(tx, e)))
                .map(row -> Responses.created("/api/notes", id, row));
    }

    @PATCH
    @Path("/{id}")
    @PermissionsAllowed("notes:edit")
    public Uni<Response> update(
            @PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, @NotNull @Valid EntryInput in) {
        return store.update(TABLE, id, ifMatch, Who.of(audit), before -> {
                    Map<String, Object> c = columns(in);
                    if (in.status() != null && !in.status().equals(before.get("status"))) {
                        boolean done =
                                in.status().equals("resolved") || in.status().equals("closed");
                        c.put("resolved_at", done ? OffsetDateTime.now(ZoneOffset.UTC) : null);
                    }
                    return c;
                })
                .flatMap(e -> in.links() == null
                        ? Uni.createFrom().item(e)
                        : store.pool()
                                .withTransaction(tx -> replaceLinks(tx, id, in.links()))
                                .replaceWith(e))
                .flatMap(e -> withLinks(store.pool(), e))
                .map(Responses::ok);
    }

    @DELETE
    @Path("/{id}")
    @PermissionsAllowed("notes:edit")
    public Uni<Response> delete(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch) {
        return store.delete(TABLE, id, ifMatch, Who.of(audit)).map(ignored -> Responses.noContent());
    }

    private static Map<String, Object> columns(EntryInput in) {
        Map<String, Object> c = new LinkedHashMap<>();
        put(c, "entry_type", in.entryType());
        put(c, "title", in.title());
        put(c, "body", in.body());
        put(c, "status", in.status());
        put(c, "priority", in.priority());
        put(c, "tags", in.tags());
        put(c, "assigned_to", in.assignedTo());
        return c;
    }

    private static Uni<Void> replaceLinks(SqlClient tx, String id, List<Link> links) {
        if (links == null) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = links.stream()
                .distinct()
                .map(l -> Tuple.of(id, l.linkedType(), l.linkedId()))
                .toList();
        Uni<?> cleared =
                tx.preparedQuery("DELETE FROM entry_links WHERE entry_id = $1").execute(Tuple.of(id));
        return rows.isEmpty()
                ? cleared.replaceWithVoid()
                : cleared.chain(ignored -> tx.preparedQuery(
                                        "INSERT INTO entry_links (entry_id, linked_type, linked_id) VALUES ($1, $2, $3)")
                                .executeBatch(rows))
                        .replaceWithVoid();
    }

    private static Uni<Map<String, Object>> withLinks(SqlClient client, Map<String, Object> e) {
        return client.preparedQuery(
                        "SELECT linked_type, linked_id, created_at FROM entry_links WHERE entry_id = $1 ORDER BY id")
                .execute(Tuple.of(String.valueOf(e.get("id"))))
                .map(rows -> {
                    List<Map<String, Object>> links = new ArrayList<>();
                    for (Row r : rows) {
                        links.add(Rows.toMap(r));
                    }
                    Map<String, Object> out = new LinkedHashMap<>(e);
                    out.put("links", links);
                    return out;
                });
    }

    private static void put(Map<String, Object> c, String column, Object value) {
        if (value != null) {
            c.put(column, value);
        }
    }
}
