package com.bellsystems.crm.ticket;

import com.bellsystems.common.audit.AuditAction;
import com.bellsystems.common.audit.AuditEntry;
import com.bellsystems.common.audit.AuditWriter;
import com.bellsystems.common.audit.RequestAudit;
import com.bellsystems.common.problem.ProblemException;
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
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
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
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Support tickets ({@code /api/tickets}) and their message thread
 * ({@code /api/tickets/{id}/messages}). Closing stamps closed_at; a message bumps the ticket.
 */
@Path("/api/tickets")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TicketResource {

    static final Table TABLE = Table.of("support_tickets", "ticket", "subject").status("status");

    @RegisterForReflection
    public record TicketInput(
            @Size(min = 1, max = 500) String subject,
            @Pattern(regexp = "open|pending|in_progress|resolved|closed") String status,
            @Pattern(regexp = "low|normal|high|urgent") String priority,
            @Size(max = 100) String customerId,
            @Size(max = 100) String deviceSerial,
            @Size(max = 200) String requesterName,
            @Email @Size(max = 300) String requesterEmail,
            @Size(max = 100) String assignedTo) {}

    @RegisterForReflection
    public record MessageInput(
            @NotBlank @Size(max = 100_000) String body,
            Boolean internal,
            @Size(max = 50) List<@NotNull Map<String, Object>> attachments) {}

    private final CrudStore store;
    private final AuditWriter auditWriter;
    private final RequestAudit audit;

    public TicketResource(CrudStore store, AuditWriter auditWriter, RequestAudit audit) {
        this.store = store;
        this.auditWriter = auditWriter;
        this.audit = audit;
    }

    @GET
    @PermissionsAllowed("tickets:view")
    public Uni<Page> list(
            @QueryParam("status") String status,
            @QueryParam("customer_id") String customerId,
            @QueryParam("assigned_to") String assignedTo,
            @Valid @BeanParam PageRequest page) {
        Filters f =
                new Filters().eq("status", status).eq("customer_id", customerId).eq("assigned_to", assignedTo);
        return store.list(TABLE, f.sql(), f.params, "updated_at DESC, id", page);
    }

    @GET
    @Path("/{id}")
    @PermissionsAllowed("tickets:view")
    public Uni<Response> get(@PathParam("id") String id) {
        return store.get(TABLE, id).map(Responses::ok);
    }

    @POST
    @PermissionsAllowed("tickets:edit")
    public Uni<Response> create(@NotNull @Valid TicketInput in) {
        if (in.subject() == null) {
            throw ProblemException.invalidField("subject", "must not be blank");
        }
        Who who = Who.of(audit);
        Map<String, Object> v = columns(in);
        v.put("id", Ids.newId());
        v.put("created_by", who.actor().id());
        return store.create(TABLE, v, who)
                .map(row -> Responses.created("/api/tickets", String.valueOf(row.get("id")), row));
    }

    @PATCH
    @Path("/{id}")
    @PermissionsAllowed("tickets:edit")
    public Uni<Response> update(
            @PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, @NotNull @Valid TicketInput in) {
        return store.update(TABLE, id, ifMatch, Who.of(audit), before -> {
                    Map<String, Object> c = columns(in);
                    if (in.status() != null && !in.status().equals(before.get("status"))) {
                        c.put("closed_at", in.status().equals("closed") ? OffsetDateTime.now(ZoneOffset.UTC) : null);
                    }
                    return c;
                })
                .map(Responses::ok);
    }

    @DELETE
    @Path("/{id}")
    @PermissionsAllowed("tickets:edit")
    public Uni<Response> delete(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch) {
        return store.delete(TABLE, id, ifMatch, Who.of(audit)).map(ignored -> Responses.noContent());
    }

    @GET
    @Path("/{id}/messages")
    @PermissionsAllowed("tickets:view")
    public Uni<Page> messages(@PathParam("id") String id, @Valid @BeanParam PageRequest page) {
        return store.get(TABLE, id).flatMap(t -> store.pool()
                .preparedQuery(
                        "SELECT * FROM ticket_messages WHERE ticket_id = $1 ORDER BY created_at, id LIMIT $2 OFFSET $3")
                .execute(Tuple.of(id, page.size + 1, page.offset()))
                .map(rows -> {
                    List<Map<String, Object>> items = new ArrayList<>();
                    for (Row r : rows) {
                        items.add(Rows.toMap(r));
                    }
                    boolean more = items.size() > page.size;
                    return new Page(more ? items.subList(0, page.size) : items, page.page, page.size, more);
                }));
    }

    @POST
    @Path("/{id}/messages")
    @PermissionsAllowed("tickets:edit")
    public Uni<Response> addMessage(@PathParam("id") String id, @NotNull @Valid MessageInput in) {
        Who who = Who.of(audit);
        return store.pool()
                .withTransaction(tx -> store.find(tx, TABLE, id, true).flatMap(ticket -> {
                    CrudStore.require(TABLE, id, ticket);
                    return tx.preparedQuery(
                                    """
                            INSERT INTO ticket_messages (ticket_id, author_id, author_name, body, internal, attachments)
                            VALUES ($1, $2, $3, $4, $5, $6) RETURNING *""")
                            .execute(Tuple.tuple()
                                    .addValue(id)
                                    .addValue(who.actor().id())
                                    .addValue(who.actor().name())
                                    .addValue(in.body())
                                    .addValue(Boolean.TRUE.equals(in.internal()))
                                    .addValue(new io.vertx.core.json.JsonArray(
                                            in.attachments() == null ? List.of() : new ArrayList<>(in.attachments()))))
                            .map(CrudStore::first)
                            .call(m -> tx.preparedQuery(
                                            "UPDATE support_tickets SET updated_at = greatest(clock_timestamp(), updated_at + interval '1 microsecond') WHERE id = $1")
                                    .execute(Tuple.of(id)))
                            .call(m -> auditWriter.log(
                                    tx,
                                    new AuditEntry(
                                            who.actor(),
                                            AuditAction.CREATE,
                                            "ticket_message",
                                            String.valueOf(m.get("id")),
                                            String.valueOf(ticket.get("subject")),
                                            null,
                                            who.metaWith("ticket_id", id))));
                }))
                .map(m -> Response.created(URI.create("/api/tickets/" + id + "/messages/" + m.get("id")))
                        .entity(m)
                        .build());
    }

    private static Map<String, Object> columns(TicketInput in) {
        Map<String, Object> c = new LinkedHashMap<>();
        put(c, "subject", in.subject());
        put(c, "status", in.status());
        put(c, "priority", in.priority());
        put(c, "customer_id", in.customerId());
        put(c, "device_serial", in.deviceSerial());
        put(c, "requester_name", in.requesterName());
        put(c, "requester_email", in.requesterEmail());
        put(c, "assigned_to", in.assignedTo());
        return c;
    }

    private static void put(Map<String, Object> c, String column, Object value) {
        if (value != null) {
            c.put(column, value);
        }
    }
}
