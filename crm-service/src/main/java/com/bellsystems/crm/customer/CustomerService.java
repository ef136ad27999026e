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
import java.nio.charset.StandardCharsets;
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
            .json(
                    "contacts",
                    "notes",
                    "location",
                    "owned_items",
                    "technical_issues",
                    "install_support",
                    "transaction_history",
                    "crm_summary")
            .arrays("tags", "linked_user_ids")
            .status("relationship_status")
            .mirroredTo(row -> new MirrorDoc(COLLECTION, COLLECTION, String.valueOf(row.get("id"))));

    /** List order of customers; crm_customer_words keeps the same columns for search pages. */
    private static final String LIST_ORDER = "name, surname, id";

    /** Tags longer than this are not in crm_customer_tags (V54): lists by them use the GIN index. */
    static final int MAX_INDEXED_TAG_BYTES = 200;

    /** A search token found in more words than this is searched by walking the name order. */
    static final int MAX_SEARCH_WORDS = 32;

    /** What q searches, lower-cased and split into words the same way by V54's crm_customer_search_words. */
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
        boolean byStatus = status != null && !status.isBlank();
        boolean byTag = tag != null && !tag.isBlank();
        List<String> where = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (byStatus) {
            params.add(status);
            where.add("relationship_status = $" + params.size());
        }
        if (byTag) {
            params.add(tag);
            // tags @> ARRAY[$n] is what the GIN index on tags answers
            where.add("tags @> ARRAY[$" + params.size() + "]::text[]");
        }
        if (search == null || search.isBlank()) {
            if (byTag && tag.getBytes(StandardCharsets.UTF_8).length <= MAX_INDEXED_TAG_BYTES) {
                // the tag's entries in list order (V54): one page of them, not a walk past every customer
                List<Object> tagParams = new ArrayList<>(List.of(tag));
                if (byStatus) {
                    tagParams.add(status);
                }
                return store.listByIds(
                        TABLE,
                        "SELECT customer_id FROM crm_customer_tags WHERE tag = $1"
                                + (byStatus ? " AND relationship_status = $2" : "")
                                + " ORDER BY name, surname, customer_id LIMIT $" + (tagParams.size() + 1)
                                + " OFFSET $" + (tagParams.size() + 2),
                        tagParams,
                        page);
            }
            return store.list(TABLE, String.join(" AND ", where), params, LIST_ORDER, page);
        }
        String pattern = Responses.contains(search.trim());
        params.add(pattern);
        where.add(SEARCH_TEXT + " ILIKE $" + params.size());
        Tuple searchParams = Tuple.of(search.trim(), pattern, byStatus ? status : null, byTag ? tag : null)
                .addInteger(page.size + 1)
                .addLong(page.offset());
        return store.pool()
                .preparedQuery(searchPage(byStatus, byTag))
                .execute(searchParams)
                .flatMap(rows -> {
                    boolean walk = rows.size() == 1 && rows.iterator().next().getString(0) == null;
                    return walk
                            ? store.list(TABLE, String.join(" AND ", where), params, LIST_ORDER, page)
                            : store.pageOf(TABLE, rows, page);
                });
    }

    /**
     * A search page's ids and versions ({@link CrudStore#pageOf}) from the word index (V54), or one row
     * of NULLs when the name-order walk of crm_customers is the cheaper way: a token shorter than a
     * trigram, or one found in more than {@value #MAX_SEARCH_WORDS} words, matches densely. The
     * longest whitespace-free token of the text, lower-cased as ILIKE does, is looked up in the
     * vocabulary; each word containing it is walked in list order in
     * crm_customer_words (index-only, filters on the index entries) and the walks are merged. A walk
     * needs at most LIMIT + OFFSET entries, so the merge holds the page. A one-token text matches every
     * entry of a word containing it; otherwise, and for overlong words (''), each entry is checked
     * against the full ILIKE.
     * <p>
     * Placeholders: $1 text, $2 ILIKE pattern, $3 status, $4 tag, $5 LIMIT, $6 OFFSET. Text, pattern,
     * status and tag are read through the {@code search} CTE so that no estimate depends on them and
     * Postgres keeps one generic plan instead of planning every search (0.2-0.9 ms each).
     */
    private static String searchPage(boolean byStatus, boolean byTag) {
        return "WITH search AS (SELECT lower($1::text) AS text, $2::text AS pattern, $3::text AS status, $4::text AS tag),"
                + " token AS (SELECT text !~ '\\s' AS whole, CASE WHEN text ~ '\\s' THEN (SELECT t FROM"
                + " regexp_split_to_table(text, '\\s+') t ORDER BY length(t) DESC, t LIMIT 1) ELSE text END AS t FROM search),"
                + " words AS MATERIALIZED (SELECT v.word FROM crm_customer_vocabulary v, token WHERE length(token.t) >= 3"
                + " AND v.word LIKE '%' || replace(replace(replace(token.t, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'"
                + " LIMIT " + (MAX_SEARCH_WORDS + 1) + "),"
                + " page AS (SELECT CASE WHEN (SELECT length(t) >= 3 FROM token) AND (SELECT count(*) FROM words) <= "
                + MAX_SEARCH_WORDS
                + " THEN ARRAY(SELECT s.customer_id FROM (SELECT word FROM words UNION ALL SELECT '') d CROSS JOIN LATERAL"
                + " (SELECT s.customer_id, s.name, s.surname FROM crm_customer_words s WHERE s.word = d.word"
                + (byStatus ? " AND s.relationship_status = (SELECT status FROM search)" : "")
                // = ANY rather than @> on index entries: ~20 % less per entry
                + (byTag ? " AND (SELECT tag FROM search) = ANY(s.tags)" : "")
                + " AND ((d.word <> '' AND (SELECT whole FROM token))"
                // OFFSET 0 keeps this a probe per entry: otherwise Postgres may hash every customer matching the
                // pattern
                + " OR EXISTS (SELECT 1 FROM crm_customers c WHERE c.id = s.customer_id AND " + SEARCH_TEXT
                + " ILIKE (SELECT pattern FROM search) OFFSET 0))"
                + " ORDER BY s.name, s.surname, s.customer_id LIMIT $5::int + $6::bigint) s"
                + " GROUP BY s.name, s.surname, s.customer_id ORDER BY s.name, s.surname, s.customer_id"
                + " LIMIT $5 OFFSET $6) END AS ids)"
                + " SELECT k.id::text, c.xmin::text FROM page, unnest(coalesce(page.ids, ARRAY[NULL::text])) WITH ORDINALITY"
                + " AS k(id, ord) LEFT JOIN crm_customers c ON c.id = k.id ORDER BY k.ord";
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
        return store.pool()
                .withTransaction(tx -> tx.preparedQuery("SELECT id FROM crm_orders WHERE customer_id = $1")
                        .execute(Tuple.of(id))
                        .flatMap(orders -> {
                            List<String> orderIds = new ArrayList<>();
                            for (Row r : orders) {
                                orderIds.add(r.getString(0));
                            }
                            return store.delete(tx, TABLE, id, ifMatch, who).chain(ignored -> Multi.createFrom()
                                    .iterable(orderIds)
                                    .onItem()
                                    .transformToUniAndConcatenate(orderId -> outbox.delete(
                                                    tx,
                                                    new MirrorDoc("orders", COLLECTION + "/" + id + "/orders", orderId))
                                            // the cascade removes the orders too: each gets its DELETE row
                                            .chain(enqueued -> auditWriter.log(
                                                    tx,
                                                    new AuditEntry(
                                                            who.actor(),
                                                            AuditAction.DELETE,
                                                            "order",
                                                            orderId,
                                                            null,
                                                            null,
                                                            who.metaWith("cascade_from_customer", id)))))
                                    .collect()
                                    .last());
                        }))
                .replaceWithVoid();
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
