package com.bellsystems.crm.customer;

import com.bellsystems.common.audit.AuditAction;
import com.bellsystems.common.audit.AuditEntry;
import com.bellsystems.common.audit.AuditWriter;
import com.bellsystems.common.problem.ProblemException;
import com.bellsystems.crm.outbox.MirrorDoc;
import com.bellsystems.crm.outbox.OutboxWriter;
import com.bellsystems.crm.support.CrudStore;
import com.bellsystems.crm.support.Ids;
import com.bellsystems.crm.support.Json;
import com.bellsystems.crm.support.Page;
import com.bellsystems.crm.support.PageRequest;
import com.bellsystems.crm.support.Responses;
import com.bellsystems.crm.support.Table;
import com.bellsystems.crm.support.Who;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Customer rules: list filters, defaults on create, JSONB fields from validated shapes, and the
 * Firestore mirror ({@code crm_customers/{id}}, plus deleting the mirrored orders with the customer).
 */
@ApplicationScoped
public class CustomerService {

    public static final String COLLECTION = "crm_customers";

    public static final Table TABLE = Table.of("crm_customers", "customer", "name")
            .json("contacts", "notes", "location", "owned_items", "technical_issues", "install_support",
                    "transaction_history", "crm_summary")
            .arrays("tags", "linked_user_ids")
            .status("relationship_status")
            .mirroredTo(row -> new MirrorDoc(COLLECTION, COLLECTION, String.valueOf(row.get("id"))));

    private static final String SEARCH_TEXT =
            "(coalesce(name, '') || ' ' || coalesce(surname, '') || ' ' || coalesce(organization, ''))";

    private final CrudStore store;
    private final OutboxWriter outbox;
    private final Json json;
    private final AuditWriter auditWriter;

    public CustomerService(CrudStore store, OutboxWriter outbox, Json json, AuditWriter auditWriter) {
        this.store = store;
        this.outbox = outbox;
        this.json = json;
        this.auditWriter = auditWriter;
    }

    public Uni<Page> list(String status, String tag, String search, PageRequest page) {
        List<String> where = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (status != null && !status.isBlank()) {
            params.add(status);
            where.add("relationship_status = $" + params.size());
        }
        if (tag != null && !tag.isBlank()) {
            params.add(tag);
            // tags @> ARRAY[$n] is what the GIN index on tags answers
            where.add("tags @> ARRAY[$" + params.size() + "]::text[]");
        }
        if (search != null && !search.isBlank()) {
            params.add(Responses.contains(search.trim()));
            where.add(SEARCH_TEXT + " ILIKE $" + params.size());
        }
        return store.list(TABLE, String.join(" AND ", where), params, "name, surname, id", page);
    }

    public Uni<Map<String, Object>> get(String id) {
        return store.get(TABLE, id);
    }

    public Uni<Map<String, Object>> create(CustomerInput in, Who who) {
        if (in.name() == null || in.name().isBlank()) {
            throw ProblemException.invalidField("name", "must not be blank");
        }
        String id = Ids.newId();
        Map<String, Object> values = columns(in);
        values.put("id", id);
        values.putIfAbsent("folder_id", id);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        values.put("created_at", now);
        values.put("updated_at", now);
        return store.create(TABLE, values, who);
    }

    public Uni<Map<String, Object>> update(String id, CustomerInput in, String ifMatch, Who who) {
        Map<String, Object> changes = columns(in);
        return store.update(TABLE, id, ifMatch, who, before -> changes);
    }

    /** Deletes the customer (its orders cascade) and removes their Firestore documents. */
    public Uni<Void> delete(String id, String ifMatch, Who who) {
        return store.pool().withTransaction(tx -> tx.preparedQuery("SELECT id FROM crm_orders WHERE customer_id = $1")
                .execute(Tuple.of(id))
                .flatMap(orders -> {
                    List<String> orderIds = new ArrayList<>();
                    for (Row r : orders) {
                        orderIds.add(r.getString(0));
                    }
                    return store.delete(tx, TABLE, id, ifMatch, who)
                            .chain(ignored -> Multi.createFrom().iterable(orderIds)
                                    .onItem().transformToUniAndConcatenate(orderId -> outbox.delete(tx,
                                                    new MirrorDoc("orders", COLLECTION + "/" + id + "/orders", orderId))
                                            // the cascade removes the orders too: each gets its DELETE row
                                            .chain(enqueued -> auditWriter.log(tx, new AuditEntry(who.actor(), AuditAction.DELETE,
                                                    "order", orderId, null, null, who.metaWith("cascade_from_customer", id)))))
                                    .collect().last());
                })).replaceWithVoid();
    }

    /** The non-null fields of the input as column values (the partial-update rule). */
    private Map<String, Object> columns(CustomerInput in) {
        Map<String, Object> c = new LinkedHashMap<>();
        put(c, "title", in.title());
        put(c, "name", in.name());
        put(c, "surname", in.surname());
        put(c, "organization", in.organization());
        put(c, "religion", in.religion());
        put(c, "language", in.language());
        put(c, "folder_id", in.folderId());
        put(c, "relationship_status", in.relationshipStatus());
        put(c, "nextcloud_folder", in.nextcloudFolder());
        put(c, "contacts", json.list(in.contacts()));
        put(c, "notes", json.list(in.notes()));
        put(c, "location", json.map(in.location()));
        put(c, "tags", in.tags());
        put(c, "owned_items", json.list(in.ownedItems()));
        put(c, "linked_user_ids", in.linkedUserIds());
        put(c, "technical_issues", json.list(in.technicalIssues()));
        put(c, "install_support", json.list(in.installSupport()));
        put(c, "transaction_history", json.list(in.transactionHistory()));
        put(c, "crm_summary", in.crmSummary());
        return c;
    }

    static void put(Map<String, Object> columns, String column, Object value) {
        if (value != null) {
            columns.put(column, value);
        }
    }
}
