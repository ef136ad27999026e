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
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    public CrudStore(Pool pool, AuditWriter auditWriter, OutboxWriter outbox) {
        this.pool = pool;
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
        String sql = "SELECT * FROM " + t.name() + " WHERE " + t.idColumn() + " = $1" + (forUpdate ? " FOR UPDATE" : "");
        return client.preparedQuery(sql).execute(Tuple.of(id)).map(CrudStore::first);
    }

    /**
     * One page of rows. {@code where} is SQL of our own with {@code $n} placeholders for {@code params};
     * one row more than the page is read to know whether another page follows.
     */
    public Uni<Page> list(Table t, String where, List<Object> params, String orderBy, PageRequest page) {
        List<Object> all = new ArrayList<>(params);
        all.add(page.size + 1);
        all.add(page.offset());
        String sql = "SELECT * FROM " + t.name()
                + (where == null || where.isBlank() ? "" : " WHERE " + where)
                + " ORDER BY " + orderBy
                + " LIMIT $" + (params.size() + 1) + " OFFSET $" + (params.size() + 2);
        return pool.preparedQuery(sql).execute(Tuple.from(all)).map(rows -> {
            List<Map<String, Object>> items = new ArrayList<>();
            for (Row row : rows) {
                items.add(Rows.toMap(row));
            }
            boolean more = items.size() > page.size;
            if (more) {
                items.remove(items.size() - 1);
            }
            return new Page(items, page.page, page.size, more);
        });
    }

    // ------------------------------------------------------------------ mutations with audit + outbox

    public Uni<Map<String, Object>> create(Table t, Map<String, Object> values, Who who) {
        return pool.withTransaction(tx -> insert(tx, t, values, who));
    }

    /** INSERT + CREATE audit + outbox, inside the caller's transaction. */
    public Uni<Map<String, Object>> insert(SqlClient tx, Table t, Map<String, Object> values, Who who) {
        return insertRow(tx, t, values)
                .call(row -> auditWriter.log(tx, new AuditEntry(who.actor(), AuditAction.CREATE, t.entityType(),
                        t.idOf(row), t.labelOf(row), null, who.meta())))
                .call(row -> mirrorSet(tx, t, row));
    }

    /**
     * Partial update under optimistic concurrency: locks the row, checks If-Match (428/412),
     * asks {@code changer} for the column changes given the current row, writes them and the
     * UPDATE audit (with the field diff) and, when the status column changed, a STATUS_CHANGE row.
     */
    public Uni<Map<String, Object>> update(Table t, String id, String ifMatch, Who who,
                                           Function<Map<String, Object>, Map<String, Object>> changer) {
        return update(t, id, row -> true, ifMatch, who, changer);
    }

    /** As {@link #update(Table, String, String, Who, Function)}, 404 unless {@code belongs} accepts the row. */
    public Uni<Map<String, Object>> update(Table t, String id, java.util.function.Predicate<Map<String, Object>> belongs,
                                           String ifMatch, Who who,
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
    public Uni<Map<String, Object>> applyUpdate(SqlClient tx, Table t, Map<String, Object> before,
                                                Map<String, Object> changes, Who who) {
        if (changes.isEmpty()) {
            return Uni.createFrom().item(before);
        }
        return updateRow(tx, t, t.idOf(before), changes).call(after -> {
            Map<String, Object> diff = diff(before, after, changes.keySet());
            if (diff.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            Uni<Long> update = auditWriter.log(tx, new AuditEntry(who.actor(), AuditAction.UPDATE, t.entityType(),
                    t.idOf(after), t.labelOf(after), diff, who.meta()));
            if (t.statusColumn() != null && diff.containsKey(t.statusColumn())) {
                update = update.chain(ignored -> auditWriter.log(tx, new AuditEntry(who.actor(), AuditAction.STATUS_CHANGE,
                        t.entityType(), t.idOf(after), t.labelOf(after),
                        Map.of(t.statusColumn(), diff.get(t.statusColumn())), who.meta())));
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
                    .chain(ignored -> auditWriter.log(tx, new AuditEntry(who.actor(), AuditAction.DELETE, t.entityType(),
                            id, t.labelOf(before), null, who.meta())))
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
            set.append(set.length() == 0 ? "" : ", ").append(change.getKey()).append(" = $").append(n++);
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

    public static Map<String, Object> diff(Map<String, Object> before, Map<String, Object> after,
                                           Collection<String> columns) {
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
