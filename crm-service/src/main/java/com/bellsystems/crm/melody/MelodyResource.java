package com.bellsystems.crm.melody;

import com.bellsystems.common.audit.AuditAction;
import com.bellsystems.common.audit.AuditEntry;
import com.bellsystems.common.audit.AuditWriter;
import com.bellsystems.common.audit.RequestAudit;
import com.bellsystems.common.problem.ProblemException;
import com.bellsystems.crm.outbox.MirrorDoc;
import com.bellsystems.crm.outbox.OutboxWriter;
import com.bellsystems.crm.support.CrudStore;
import com.bellsystems.crm.support.Filters;
import com.bellsystems.crm.support.Ids;
import com.bellsystems.crm.support.Page;
import com.bellsystems.crm.support.PageRequest;
import com.bellsystems.crm.support.Responses;
import com.bellsystems.crm.support.Table;
import com.bellsystems.crm.support.Versions;
import com.bellsystems.crm.support.Who;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.security.PermissionsAllowed;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.validation.Valid;
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
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Melody drafts ({@code /api/melodies}) and publishing them to the mobile app: publish writes the
 * melody to Firestore {@code melodies/{id}} through the outbox (PUBLISH audit), unpublish deletes
 * it (UNPUBLISH audit). Editing a published draft does not change the app's copy until it is
 * published again: the app only ever sees what someone chose to publish.
 */
@Path("/api/melodies")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class MelodyResource {

    public static final String COLLECTION = "melodies";
    static final Table TABLE = Table.of("melody_drafts", "melody", "name").json("data");

    @RegisterForReflection
    public record DraftInput(
            @Size(min = 1, max = 300) String name,
            @Size(max = 100) String pid,
            @Size(max = 10_000) Map<String, Object> data) {}

    private final CrudStore store;
    private final OutboxWriter outbox;
    private final AuditWriter auditWriter;
    private final RequestAudit audit;

    public MelodyResource(CrudStore store, OutboxWriter outbox, AuditWriter auditWriter, RequestAudit audit) {
        this.store = store;
        this.outbox = outbox;
        this.auditWriter = auditWriter;
        this.audit = audit;
    }

    @GET
    @PermissionsAllowed("melodies:view")
    public Uni<Page> list(
            @QueryParam("status") @Pattern(regexp = "draft|published") String status,
            @Valid @BeanParam PageRequest page) {
        Filters f = new Filters().eq("status", status);
        return store.list(TABLE, f.sql(), f.params, "name, id", page);
    }

    @GET
    @Path("/{id}")
    @PermissionsAllowed("melodies:view")
    public Uni<Response> get(@PathParam("id") String id) {
        return store.get(TABLE, id).map(Responses::ok);
    }

    @POST
    @PermissionsAllowed("melodies:edit")
    public Uni<Response> create(@NotNull @Valid DraftInput in) {
        if (in.name() == null) {
            throw ProblemException.invalidField("name", "must not be blank");
        }
        Who who = Who.of(audit);
        Map<String, Object> v = columns(in);
        v.put("id", Ids.newId());
        v.put("created_by", who.actor().id());
        return store.create(TABLE, v, who)
                .map(row -> Responses.created("/api/melodies", String.valueOf(row.get("id")), row));
    }

    @PATCH
    @Path("/{id}")
    @PermissionsAllowed("melodies:edit")
    public Uni<Response> update(
            @PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, @NotNull @Valid DraftInput in) {
        return store.update(TABLE, id, ifMatch, Who.of(audit), before -> columns(in))
                .map(Responses::ok);
    }

    /** Deletes the draft; a published one also leaves the app. */
    @DELETE
    @Path("/{id}")
    @PermissionsAllowed("melodies:edit")
    public Uni<Response> delete(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch) {
        Who who = Who.of(audit);
        return store.pool()
                .withTransaction(tx -> store.delete(tx, TABLE, id, ifMatch, who)
                        .call(before -> before.get("published_at") == null
                                ? Uni.createFrom().voidItem()
                                : outbox.delete(tx, doc(id))))
                .map(ignored -> Responses.noContent());
    }

    /** Publishes the current draft to the app (again, if it was already published). If-Match optional. */
    @POST
    @Path("/{id}/publish")
    @PermissionsAllowed("melodies:publish")
    public Uni<Response> publish(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch) {
        Who who = Who.of(audit);
        return store.pool()
                .withTransaction(tx -> lock(tx, id, ifMatch).flatMap(before -> {
                    Map<String, Object> changes = new LinkedHashMap<>();
                    changes.put("status", "published");
                    changes.put("published_at", OffsetDateTime.now(ZoneOffset.UTC));
                    changes.put("published_by", who.actor().name());
                    return store.updateRow(tx, TABLE, id, changes)
                            .call(after -> auditWriter.log(
                                    tx,
                                    new AuditEntry(
                                            who.actor(),
                                            AuditAction.PUBLISH,
                                            "melody",
                                            id,
                                            String.valueOf(after.get("name")),
                                            null,
                                            who.meta())))
                            .call(after -> outbox.set(tx, doc(id), appDocument(after)));
                }))
                .map(Responses::ok);
    }

    @POST
    @Path("/{id}/unpublish")
    @PermissionsAllowed("melodies:publish")
    public Uni<Response> unpublish(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch) {
        Who who = Who.of(audit);
        return store.pool()
                .withTransaction(tx -> lock(tx, id, ifMatch).flatMap(before -> {
                    if (before.get("published_at") == null) {
                        throw ProblemException.conflict("melody " + id + " is not published");
                    }
                    Map<String, Object> changes = new LinkedHashMap<>();
                    changes.put("status", "draft");
                    changes.put("published_at", null);
                    changes.put("published_by", null);
                    return store.updateRow(tx, TABLE, id, changes)
                            .call(after -> auditWriter.log(
                                    tx,
                                    new AuditEntry(
                                            who.actor(),
                                            AuditAction.UNPUBLISH,
                                            "melody",
                                            id,
                                            String.valueOf(after.get("name")),
                                            null,
                                            who.meta())))
                            .call(after -> outbox.delete(tx, doc(id)));
                }))
                .map(Responses::ok);
    }

    private Uni<Map<String, Object>> lock(SqlClient tx, String id, String ifMatch) {
        return store.find(tx, TABLE, id, true).map(before -> {
            CrudStore.require(TABLE, id, before);
            if (ifMatch != null && !ifMatch.isBlank()) {
                Versions.check(ifMatch, before);
            }
            return before;
        });
    }

    /** What the app reads: the melody's data plus its name, pid and publication time. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> appDocument(Map<String, Object> row) {
        Map<String, Object> doc = new LinkedHashMap<>();
        if (row.get("data") instanceof Map<?, ?> data) {
            doc.putAll((Map<String, Object>) data);
        }
        doc.put("id", row.get("id"));
        doc.put("name", row.get("name"));
        doc.put("pid", row.get("pid"));
        doc.put("published_at", row.get("published_at"));
        return doc;
    }

    static MirrorDoc doc(String id) {
        return new MirrorDoc(COLLECTION, COLLECTION, id);
    }

    private static Map<String, Object> columns(DraftInput in) {
        Map<String, Object> c = new LinkedHashMap<>();
        if (in.name() != null) {
            c.put("name", in.name());
        }
        if (in.pid() != null) {
            c.put("pid", in.pid());
        }
        if (in.data() != null) {
            c.put("data", in.data());
        }
        return c;
    }
}
