package com.bellsystems.crm.support;

import com.bellsystems.common.audit.AuditAction;
import com.bellsystems.common.audit.AuditEntry;
import com.bellsystems.common.audit.AuditWriter;
import com.bellsystems.common.audit.ChangeDiff;
import com.bellsystems.common.problem.ProblemException;
import com.bellsystems.crm.outbox.MirrorDoc;
import com.bellsystems.crm.outbox.OutboxWriter;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The one way records are read and written: plain SQL built from a {@link Table} description (only
 * column names from our own code reach the SQL text; values are always bound), and every mutation
 * in one transaction with its audit row and, for mirrored tables, its Firestore outbox row.
 * Feature services add their own rules (money, timelines, shapes) around it.
 */
@ApplicationScoped
public class CrudStore {

    private final Pool pool;
    private final AuditWriter auditWriter;
    private final OutboxWriter outbox;
    private final RenderedRows renderedRows;
    private final Map<String, Meta> metas = new ConcurrentHashMap<>();

    public CrudStore(Pool pool, AuditWriter auditWriter, OutboxWriter outbox, RenderedRows renderedRows) {
        this.pool = pool;
        this.renderedRows = renderedRows;
        this.auditWriter = auditWriter;
        this.outbox = outbox;
    }

    public Pool pool() {
        return pool;
    }

    // ------------------------------------------------------------------ reads

    public Uni<Map<String, Object>> get(Table t, String id) {
        return find(pool, t, id, false).map(row -> require(t, id, row));
    }

    public Uni<Map<String, Object>> find(SqlClient client, Table t, String id, boolean forUpdate) {
        String sql =
                "SELECT * FROM " + t.name() + " WHERE " + t.idColumn() + " = $1" + (forUpdate ? " FOR UPDATE" : "");
        return client.preparedQuery(sql).execute(Tuple.of(id)).map(CrudStore::first);
    }

    /**
     * One page of rows. {@code where} is SQL of our own with {@code $n} placeholders for {@code params}
     * on the table's column names; {@code orderBy} is SQL of our own too. One row more than the page is read to know
     * whether another page follows.
     * <p>
     * One query gives the page's ids in order with each row's version ({@code xmin}): the ids come from
     * an index walk (index-only where an index covers the order and the filter columns), and only the
     * page's rows are read for their version. A second query, only for rows not already in
     * {@link RenderedRows} at that version, has Postgres render them as JSON in the API's shape
     * ({@link Meta#projection}). The service neither decodes JSONB into objects nor serializes them
     * again: rows go from Postgres to the response as bytes. A row deleted between the two queries is
     * left out of the page; one updated in between is shown as it is now.
     */
    public Uni<Page> list(Table t, String where, List<Object> params, String orderBy, PageRequest page) {
        return listByIds(
                t,
                "SELECT " + t.idColumn() + " FROM " + t.name()
                        + (where == null || where.isBlank() ? "" : " WHERE " + where)
                        + " ORDER BY " + orderBy
                        + " LIMIT $" + (params.size() + 1) + " OFFSET $" + (params.size() + 2),
                params,
                page);
    }

    /**
     * One page as {@link #list}, with the page's ids chosen by {@code idQuery}: SQL of our own that
     * selects ids of the table in list order, with {@code $n} placeholders for {@code params} and
     * {@code $(n+1)}, {@code $(n+2)} for LIMIT (page size + 1) and OFFSET. For an index table of
     * its own that keeps the list order (the customers' tags).
     */
    public Uni<Page> listByIds(Table t, String idQuery, List<Object> params, PageRequest page) {
        List<Object> all = new ArrayList<>(params);
        all.add(page.size + 1);
        all.add(page.offset());
        String id = t.idColumn();
        String sql = "SELECT k.id::text, c.xmin::text FROM unnest(ARRAY(" + idQuery + "))"
                + " WITH ORDINALITY AS k(id, ord) JOIN " + t.name() + " c ON c." + id + " = k.id ORDER BY k.ord";
        return pool.preparedQuery(sql).execute(Tuple.from(all)).flatMap(rows -> pageOf(t, rows, page));
    }

    /**
     * One page as {@link #list}, from rows already read: each row's id and version ({@code xmin}) as
     * text, in list order, at most one more than the page size (that one tells another page follows).
     * For queries of their own that choose a page's rows (the customer search).
     */
    public Uni<Page> pageOf(Table t, RowSet<Row> rows, PageRequest page) {
        int n = Math.min(rows.size(), page.size);
        String[] ids = new String[n];
        byte[][] json = new byte[n][];
        List<String> missing = new ArrayList<>();
        Iterator<Row> it = rows.iterator();
        for (int i = 0; i < n; i++) {
            Row row = it.next();
            ids[i] = row.getString(0);
            RenderedRows.Rendered known = renderedRows.get(t, ids[i]);
            if (known != null && known.version().equals(row.getString(1))) {
                json[i] = known.json();
            } else {
                missing.add(ids[i]);
            }
        }
        boolean hasMore = rows.size() > page.size;
        if (missing.isEmpty()) {
            return Uni.createFrom().item(Page.raw(jsonArray(json), page.page, page.size, hasMore));
        }
        return render(t, missing).map(fresh -> {
            for (int i = 0; i < n; i++) {
                if (json[i] == null) {
                    json[i] = fresh.get(ids[i]); // null when deleted meanwhile: left out
                }
            }
            return Page.raw(jsonArray(json), page.page, page.size, hasMore);
        });
    }

    /** Renders the rows with these ids as API JSON, remembering each under its version. */
    private Uni<Map<String, byte[]>> render(Table t, List<String> ids) {
        return meta(t).flatMap(meta -> pool.preparedQuery("SELECT t." + t.idColumn() + "::text, t.xmin::text, "
                        // convert_to: the JSON arrives as bytes and goes to the response as bytes
                        + "convert_to((SELECT row_to_json(r) FROM (SELECT " + meta.projection()
                        + ") r)::text, 'UTF8') FROM "
                        + t.name() + " t WHERE t." + t.idColumn() + " = ANY($1::"
                        + meta.types().get(t.idColumn()) + "[])")
                .execute(Tuple.of(ids.toArray(new String[0])))
                .map(rows -> {
                    Map<String, byte[]> byId = new HashMap<>();
                    for (Row row : rows) {
                        byte[] json = row.getBuffer(2).getBytes();
                        renderedRows.put(t, row.getString(0), row.getString(1), json);
                        byId.put(row.getString(0), json);
                    }
                    return byId;
                }));
    }

    private static byte[] jsonArray(byte[][] items) {
        int length = 2;
        for (byte[] item : items) {
            length += item == null ? 0 : item.length + 1;
        }
        byte[] out = new byte[length];
        int at = 0;
        out[at++] = '[';
        for (byte[] item : items) {
            if (item != null) {
                if (at > 1) {
                    out[at++] = ',';
                }
                System.arraycopy(item, 0, out, at, item.length);
                at += item.length;
            }
        }
        out[at++] = ']';
        return Arrays.copyOf(out, at);
    }

    /**
     * What the catalog says about a table, built once per table: each column's type, and the select
     * list ({@code projection}, over the table aliased {@code t}) that makes {@code row_to_json} give
     * exactly what {@link Rows#toMap} gives: every column under its own name, timestamps as ISO-8601
     * UTC strings ending in {@code Z} with the fraction trimmed as Java prints it (Postgres trims
     * trailing zeros the same way), everything else (text, numbers, booleans, arrays, JSONB) as
     * Postgres renders it to JSON.
     */
    record Meta(String projection, Map<String, String> types) {}

    Uni<Meta> meta(Table t) {
        Meta cached = metas.get(t.name());
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        return pool.preparedQuery(
                        """
                        SELECT attname::text, format_type(atttypid, NULL) FROM pg_attribute
                        WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum""")
                .execute(Tuple.of(t.name()))
                .map(rows -> {
                    StringBuilder projection = new StringBuilder();
                    Map<String, String> types = new LinkedHashMap<>();
                    for (Row row : rows) {
                        String column = row.getString(0);
                        String type = row.getString(1);
                        if (!column.matches("[a-z_][a-z0-9_]*") || !type.matches("[a-z0-9 ()\\[\\]]+")) {
                            throw new IllegalStateException(
                                    "unexpected column " + column + " " + type + " in " + t.name());
                        }
                        types.put(column, type);
                        projection.append(projection.length() == 0 ? "" : ", ");
                        if (type.equals("timestamp with time zone")) {
                            projection
                                    .append("(left(to_json(t.")
                                    .append(column)
                                    .append(" AT TIME ZONE 'UTC')::text, -1) || 'Z\"')::json AS ")
                                    .append(column);
                        } else if (type.equals("timestamp without time zone")) {
                            projection
                                    .append("(left(to_json(t.")
                                    .append(column)
                                    .append(")::text, -1) || 'Z\"')::json AS ")
                                    .append(column);
                        } else {
                            projection.append("t.").append(column);
                        }
                    }
                    Meta built = new Meta(projection.toString(), types);
                    metas.put(t.name(), built);
                    return built;
                });
    }

    // ------------------------------------------------------------------ mutations with audit + outbox

    public Uni<Map<String, Object>> create(Table t, Map<String, Object> values, Who who) {
        return pool.withTransaction(tx -> insert(tx, t, values, who));
    }

    /** INSERT + CREATE audit + outbox, inside the caller's transaction. */
    public Uni<Map<String, Object>> insert(SqlClient tx, Table t, Map<String, Object> values, Who who) {
        return insertRow(tx, t, values)
                .call(row -> auditWriter.log(
                        tx,
                        new AuditEntry(
                                who.actor(),
                                AuditAction.CREATE,
                                t.entityType(),
                                t.idOf(row),
                                t.labelOf(row),
                                null,
                                who.meta())))
                .call(row -> mirrorSet(tx, t, row));
    }

    /**
     * As {@link #create}, but the INSERT, its CREATE audit row and its outbox row are one statement
     * (data-modifying CTEs), so a create is one round trip instead of BEGIN, four statements and
     * COMMIT, and is still all-or-nothing. The row is inserted only when {@code parentTable} has a row
     * with id {@code parentId}; otherwise nothing is written and the result is null. The mirror
     * document is chosen from {@code values}, so it may only use columns the caller sets.
     */
    public Uni<Map<String, Object>> createUnder(
            String parentTable, String parentId, Table t, Map<String, Object> values, Who who) {
        return meta(t).flatMap(meta -> {
            Tuple params = Tuple.tuple().addValue(parentId);
            List<String> columns = new ArrayList<>(values.keySet());
            StringBuilder select = new StringBuilder();
            for (String column : columns) {
                String type = meta.types().get(column);
                if (type == null) {
                    throw new IllegalArgumentException("no column " + column + " in " + t.name());
                }
                params.addValue(bind(t, column, values.get(column)));
                select.append(select.length() == 0 ? "" : ", ")
                        .append('$')
                        .append(params.size())
                        .append("::")
                        .append(type);
            }
            StringBuilder sql = new StringBuilder("WITH parent AS (SELECT 1 FROM ")
                    .append(parentTable)
                    .append(" WHERE id = $1), ins AS (INSERT INTO ")
                    .append(t.name())
                    .append(" (")
                    .append(String.join(", ", columns))
                    .append(") SELECT ")
                    .append(select)
                    .append(" FROM parent RETURNING *)");
            int a = params.size() + 1;
            params.addString(who.actor().id())
                    .addString(who.actor().name())
                    .addString(t.entityType())
                    .addValue(who.meta() == null ? null : new JsonObject(ChangeDiff.redact(who.meta())));
            sql.append(", audit AS (")
                    .append(AuditWriter.insertSelect(
                            "$" + a + ", $" + (a + 1) + ", 'CREATE', $" + (a + 2) + ", t." + t.idColumn() + "::text, "
                                    + (t.labelColumn() == null ? "NULL" : "t." + t.labelColumn() + "::text")
                                    + ", NULL, $" + (a + 3) + "::jsonb",
                            "ins t"))
                    .append(')');
            MirrorDoc doc = t.mirror() == null ? null : t.mirror().apply(values);
            if (doc != null && outbox.enabled(doc.switchKey())) {
                int m = params.size() + 1;
                params.addString(doc.collection()).addString(doc.documentId());
                sql.append(", box AS (")
                        .append(OutboxWriter.insertSelect(
                                "$" + m + ", $" + (m + 1) + ", 'set', row_to_json(r)::jsonb",
                                "(SELECT " + meta.projection() + " FROM ins t) r"))
                        .append(')');
            }
            sql.append(" SELECT * FROM ins");
            return pool.preparedQuery(sql.toString()).execute(params).map(CrudStore::first);
        });
    }

    /**
     * Partial update under optimistic concurrency: locks the row, checks If-Match (428/412),
     * asks {@code changer} for the column changes given the current row, writes them and the
     * UPDATE audit (with the field diff) and, when the status column changed, a STATUS_CHANGE row.
     */
    public Uni<Map<String, Object>> update(
            Table t, String id, String ifMatch, Who who, Function<Map<String, Object>, Map<String, Object>> changer) {
        return update(t, id, row -> true, ifMatch, who, changer);
    }

    /** As {@link #update(Table, String, String, Who, Function)}, 404 unless {@code belongs} accepts the row. */
    public Uni<Map<String, Object>> update(
            Table t,
            String id,
            java.util.function.Predicate<Map<String, Object>> belongs,
            String ifMatch,
            Who who,
            Function<Map<String, Object>, Map<String, Object>> changer) {
        return pool.withTransaction(tx -> find(tx, t, id, true).flatMap(before -> {
            require(t, id, before == null || !belongs.test(before) ? null : before);
            if (t.versioned()) {
                Versions.check(ifMatch, before);
            }
            Map<String, Object> changes = changer.apply(before);
            return applyUpdate(tx, t, before, changes, who);
        }));
    }

    /** The write half of {@link #update}, for services that load and check the row themselves. */
    public Uni<Map<String, Object>> applyUpdate(
            SqlClient tx, Table t, Map<String, Object> before, Map<String, Object> changes, Who who) {
        if (changes.isEmpty()) {
            return Uni.createFrom().item(before);
        }
        return updateRow(tx, t, t.idOf(before), changes).call(after -> {
            Map<String, Object> diff = diff(before, after, changes.keySet());
            if (diff.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            Uni<Long> update = auditWriter.log(
                    tx,
                    new AuditEntry(
                            who.actor(),
                            AuditAction.UPDATE,
                            t.entityType(),
                            t.idOf(after),
                            t.labelOf(after),
                            diff,
                            who.meta()));
            if (t.statusColumn() != null && diff.containsKey(t.statusColumn())) {
                update = update.chain(ignored -> auditWriter.log(
                        tx,
                        new AuditEntry(
                                who.actor(),
                                AuditAction.STATUS_CHANGE,
                                t.entityType(),
                                t.idOf(after),
                                t.labelOf(after),
                                Map.of(t.statusColumn(), diff.get(t.statusColumn())),
                                who.meta())));
            }
            return update.chain(ignored -> mirrorSet(tx, t, after));
        });
    }

    /** DELETE + DELETE audit + outbox delete; 404 when absent. If-Match is checked when given. */
    public Uni<Map<String, Object>> delete(Table t, String id, String ifMatch, Who who) {
        return pool.withTransaction(tx -> delete(tx, t, id, ifMatch, who));
    }

    public Uni<Map<String, Object>> delete(SqlClient tx, Table t, String id, String ifMatch, Who who) {
        return find(tx, t, id, true).flatMap(before -> {
            require(t, id, before);
            if (t.versioned() && ifMatch != null && !ifMatch.isBlank()) {
                Versions.check(ifMatch, before);
            }
            return tx.preparedQuery("DELETE FROM " + t.name() + " WHERE " + t.idColumn() + " = $1")
                    .execute(Tuple.of(id))
                    .chain(ignored -> auditWriter.log(
                            tx,
                            new AuditEntry(
                                    who.actor(),
                                    AuditAction.DELETE,
                                    t.entityType(),
                                    id,
                                    t.labelOf(before),
                                    null,
                                    who.meta())))
                    .chain(ignored -> mirrorDelete(tx, t, before))
                    .replaceWith(before);
        });
    }

    public Uni<Void> mirrorSet(SqlClient tx, Table t, Map<String, Object> row) {
        MirrorDoc doc = t.mirror() == null ? null : t.mirror().apply(row);
        return doc == null ? Uni.createFrom().voidItem() : outbox.set(tx, doc, row);
    }

    public Uni<Void> mirrorDelete(SqlClient tx, Table t, Map<String, Object> row) {
        MirrorDoc doc = t.mirror() == null ? null : t.mirror().apply(row);
        return doc == null ? Uni.createFrom().voidItem() : outbox.delete(tx, doc);
    }

    // ------------------------------------------------------------------ plain SQL

    public Uni<Map<String, Object>> insertRow(SqlClient tx, Table t, Map<String, Object> values) {
        List<String> columns = new ArrayList<>(values.keySet());
        StringBuilder placeholders = new StringBuilder();
        Tuple params = Tuple.tuple();
        for (int i = 0; i < columns.size(); i++) {
            placeholders.append(i == 0 ? "" : ", ").append('$').append(i + 1);
            params.addValue(bind(t, columns.get(i), values.get(columns.get(i))));
        }
        String sql = "INSERT INTO " + t.name() + " (" + String.join(", ", columns) + ") VALUES (" + placeholders
                + ") RETURNING *";
        return tx.preparedQuery(sql).execute(params).map(CrudStore::first);
    }

    public Uni<Map<String, Object>> updateRow(SqlClient tx, Table t, String id, Map<String, Object> changes) {
        StringBuilder set = new StringBuilder();
        Tuple params = Tuple.tuple().addValue(id);
        int n = 2;
        for (Map.Entry<String, Object> change : changes.entrySet()) {
            set.append(set.length() == 0 ? "" : ", ")
                    .append(change.getKey())
                    .append(" = $")
                    .append(n++);
            params.addValue(bind(t, change.getKey(), change.getValue()));
        }
        if (t.versioned()) {
            // strictly increasing even for two updates within one microsecond: the version must move
            set.append(", updated_at = greatest(clock_timestamp(), updated_at + interval '1 microsecond')");
        }
        String sql = "UPDATE " + t.name() + " SET " + set + " WHERE " + t.idColumn() + " = $1 RETURNING *";
        return tx.preparedQuery(sql).execute(params).map(CrudStore::first);
    }

    /** A Java value as the pg client binds it for this column. */
    public static Object bind(Table t, String column, Object value) {
        if (value == null) {
            return null;
        }
        if (t.jsonColumns().contains(column)) {
            if (value instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<String, Object> map = (Map<String, Object>) m;
                return new JsonObject(map);
            }
            if (value instanceof List<?> l) {
                return new JsonArray(new ArrayList<>(l));
            }
            return value;
        }
        if (t.arrayColumns().contains(column) && value instanceof Collection<?> c) {
            return c.stream().map(String::valueOf).toArray(String[]::new);
        }
        return value;
    }

    public static Map<String, Object> diff(
            Map<String, Object> before, Map<String, Object> after, Collection<String> columns) {
        Map<String, Object> b = new LinkedHashMap<>();
        Map<String, Object> a = new LinkedHashMap<>();
        for (String c : columns) {
            b.put(c, before.get(c));
            a.put(c, after.get(c));
        }
        return ChangeDiff.between(b, a);
    }

    public static Map<String, Object> require(Table t, String id, Map<String, Object> row) {
        if (row == null) {
            throw ProblemException.notFound(t.entityType(), id);
        }
        return row;
    }

    public static Map<String, Object> first(RowSet<Row> rows) {
        Iterator<Row> it = rows.iterator();
        return it.hasNext() ? Rows.toMap(it.next()) : null;
    }
}
