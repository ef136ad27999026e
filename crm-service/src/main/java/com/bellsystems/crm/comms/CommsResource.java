package com.bellsystems.crm.comms;

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
import java.util.List;
import java.util.Map;

/**
 * The communications log ({@code /api/crm/comms}): history rows, so only the read/important
 * flags change after logging (no version check needed for two flags; last writer wins).
 */
@Path("/api/crm/comms")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CommsResource {

    static final Table TABLE = Table.of("crm_comms_log", "comms", "subject")
            .json("to_addresses", "attachments")
            .unversioned();

    @RegisterForReflection
    public record CommsInput(
            @Size(max = 100) String customerId,
            @NotBlank @Pattern(regexp = "email|phone|sms|whatsapp|meeting|letter|other") String channel,
            @Pattern(regexp = "inbound|outbound") String direction,
            @Size(max = 1000) String subject,
            @Size(max = 100_000) String body,
            @Size(max = 300) String fromAddress,
            @Size(max = 100) List<@NotBlank String> toAddresses,
            @Size(max = 100) List<@NotNull Map<String, Object>> attachments,
            @Size(max = 300) String extMessageId,
            Boolean isImportant,
            Boolean isRead,
            OffsetDateTime occurredAt) {}

    @RegisterForReflection
    public record Flags(Boolean isImportant, Boolean isRead) {}

    private final CrudStore store;
    private final RequestAudit audit;

    public CommsResource(CrudStore store, RequestAudit audit) {
        this.store = store;
        this.audit = audit;
    }

    @GET
    @PermissionsAllowed("crm:view")
    public Uni<Page> list(
            @QueryParam("customer_id") String customerId,
            @QueryParam("channel") String channel,
            @Valid @BeanParam PageRequest page) {
        Filters f = new Filters().eq("customer_id", customerId).eq("channel", channel);
        return store.list(TABLE, f.sql(), f.params, "occurred_at DESC, id", page);
    }

    @GET
    @Path("/{id}")
    @PermissionsAllowed("crm:view")
    public Uni<Response> get(@PathParam("id") String id) {
        return store.get(TABLE, id).map(Responses::ok);
    }

    @POST
    @PermissionsAllowed("crm:edit")
    public Uni<Response> create(@NotNull @Valid CommsInput in) {
        Who who = Who.of(audit);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", Ids.newId());
        v.put("customer_id", in.customerId());
        v.put("channel", in.channel());
        v.put("direction", in.direction() == null ? "outbound" : in.direction());
        v.put("subject", in.subject());
        v.put("body", in.body());
        v.put("from_address", in.fromAddress());
        v.put("to_addresses", in.toAddresses() == null ? List.of() : in.toAddresses());
        v.put("attachments", in.attachments() == null ? List.of() : in.attachments());
        v.put("ext_message_id", in.extMessageId());
        v.put("logged_by", who.actor().id());
        v.put("is_important", Boolean.TRUE.equals(in.isImportant()));
        v.put("is_read", Boolean.TRUE.equals(in.isRead()));
        v.put("occurred_at", in.occurredAt() == null ? OffsetDateTime.now(ZoneOffset.UTC) : in.occurredAt());
        return store.create(TABLE, v, who)
                .map(row -> Responses.created("/api/crm/comms", String.valueOf(row.get("id")), row));
    }

    @PATCH
    @Path("/{id}")
    @PermissionsAllowed("crm:edit")
    public Uni<Response> flags(@PathParam("id") String id, @NotNull @Valid Flags in) {
        Map<String, Object> c = new LinkedHashMap<>();
        if (in.isImportant() != null) {
            c.put("is_important", in.isImportant());
        }
        if (in.isRead() != null) {
            c.put("is_read", in.isRead());
        }
        return store.update(TABLE, id, null, Who.of(audit), before -> c).map(Responses::ok);
    }

    @DELETE
    @Path("/{id}")
    @PermissionsAllowed("crm:edit")
    public Uni<Response> delete(@PathParam("id") String id) {
        return store.delete(TABLE, id, null, Who.of(audit)).map(ignored -> Responses.noContent());
    }
}
