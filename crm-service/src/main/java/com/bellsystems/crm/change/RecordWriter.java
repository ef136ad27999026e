package com.bellsystems.crm.change;

import com.bellsystems.common.audit.AuditAction;
import com.bellsystems.common.audit.AuditEntry;
import com.bellsystems.common.audit.AuditWriter;
import com.bellsystems.common.audit.ChangeDiff;
import com.bellsystems.common.outbox.MirrorFields;
import com.bellsystems.common.outbox.MirroredTable;
import com.bellsystems.common.outbox.OutboxWriter;
import com.bellsystems.crm.support.MirrorDoc;
import com.bellsystems.crm.support.Rows;
import com.bellsystems.crm.support.Table;
import com.bellsystems.crm.support.TableCatalog;
import com.bellsystems.crm.support.TableReader;
import com.bellsystems.crm.support.Versions;
import com.bellsystems.crm.support.Who;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The one write path of crm records: every mutation of a row described by a {@link Table} (create,
 * create under a parent, update with its field diff, delete, rows removed by a cascade, publish and
 * unpublish) writes, through the caller's transaction, the row, its audit row (common's
 * {@link AuditWriter}) and, where the table is mirrored, its Firestore outbox row (common's
 * {@link OutboxWriter}): a create writes the table's mirrored columns, an update only the mirrored
 * columns it changed, each with its Firestore type, a delete deletes the document. So no feature writes audit or outbox rows itself, and all three commit or
 * roll back together. Services own the transaction and pass its connection; values are always
 * bound, and only column names from our own code reach the SQL text.
 */
@ApplicationScoped
public class RecordWriter {

    /** Strictly increasing even for two updates within one microsecond: a record's version must move. */
    private static final String BUMP_VERSION =
            "updated_at = greatest(clock_timestamp(), updated_at + interval '1 microsecond')";

    private final TableCatalog catalog;
    private final TableReader reader;
    private final AuditWriter auditWriter;
    private final OutboxWriter outbox;
    /** Statements of {@link #insertUnder} by table, parent, mirror switch and column list. */
    private final java.util.concurrent.ConcurrentMap<String, String> insertUnderSql =
            new java.util.concurrent.ConcurrentHashMap<>();

    public RecordWriter(TableCatalog catalog, TableReader reader, AuditWriter auditWriter, OutboxWriter outbox) {
        this.catalog = catalog;
        this.reader = reader;
        this.auditWriter = auditWriter;
        this.outbox = outbox;
    }

    // ------------------------------------------------------------------ create

    /** INSERT + CREATE audit + outbox set. */
    public Uni<Map<String, Object>> insert(SqlClient tx, Table t, Map<String, Object> values, Who who) {
        return insertRow(tx, t, values).call(row -> created(tx, t, row, t.labelOf(row), who));
    }

    /** As {@link #insert}, audited under {@code label} (a child row named by its parent, e.g. a ticket message). */
    public Uni<Map<String, Object>> insert(SqlClient tx, Table t, Map<String, Object> values, Who who, String label) {
        return insertRow(tx, t, values).call(row -> created(tx, t, row, label, who));
    }

    private Uni<Void> created(SqlClient tx, Table t, Map<String, Object> row, String label, Who who) {
        return auditWriter
                .log(tx, plain(AuditAction.CREATE, t, t.idOf(row), label, who))
                .chain(ignored -> mirrorCreate(tx, t, row));
    }

    /**
     * As {@link #insert}, but the INSERT, its CREATE audit row and its outbox row are one statement
     * (data-modifying CTEs), so a create is one round trip instead of BEGIN, four statements and
     * COMMIT, and is still all-or-nothing: {@code client} may be the pool. The row is inserted only
     * when {@code parentTable} has a row with id {@code parentId}; otherwise nothing is written and
     * the result is null. The mirror document is chosen from {@code values}, so it may only use
     * columns the caller sets.
     */
    public Uni<Map<String, Object>> insertUnder(
            SqlClient client, String parentTable, String parentId, Table t, Map<String, Object> values, Who who) {
        return catalog.meta(t).flatMap(meta -> {
            Tuple params = Tuple.tuple().addValue(parentId);
            List<String> columns = new ArrayList<>(values.keySet());
            for (String column : columns) {
                if (!meta.types().containsKey(column)) {
                    throw new IllegalArgumentException("no column " + column + " in " + t.name());
                }
                params.addValue(bind(t, column, values.get(column)));
            }
            MirrorDoc doc = t.mirror() == null ? null : t.mirror().apply(values);
            boolean mirror = doc != null && outbox.enabled(doc.switchKey());
            int a = params.size() + 1;
            params.addString(who.actor().id())
                    .addString(who.actor().name())
                    .addString(t.entityType())
                    .addValue(who.meta() == null ? null : new JsonObject(ChangeDiff.redact(who.meta())));
            if (mirror) {
                params.addString(doc.collection()).addString(doc.documentId());
            }
            // the same columns give the same text: built once (the outbox part is ~3,500 characters)
            String sql = insertUnderSql.computeIfAbsent(
                    String.join(",", t.name(), parentTable, String.valueOf(mirror), String.join(",", columns)),
                    key -> insertUnderSql(parentTable, t, meta, columns, a, mirror));
            return client.preparedQuery(sql).execute(params).map(Rows::first);
        });
    }

    /** The text of {@link #insertUnder}: $1 the parent id, $2.. the columns, then audit and outbox values from $a. */
    private static String insertUnderSql(
            String parentTable, Table t, TableCatalog.Meta meta, List<String> columns, int a, boolean mirror) {
        StringBuilder select = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            select.append(i == 0 ? "" : ", ")
                    .append('$')
                    .append(i + 2)
                    .append("::")
                    .append(meta.types().get(columns.get(i)));
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
        sql.append(", audit AS (")
                .append(AuditWriter.insertSelect(
                        "$" + a + ", $" + (a + 1) + ", 'CREATE', $" + (a + 2) + ", t." + t.idColumn() + "::text, "
                                + (t.labelColumn() == null ? "NULL" : "t." + t.labelColumn() + "::text")
                                + ", NULL, $" + (a + 3) + "::jsonb",
                        "ins t"))
                .append(')');
        if (mirror) {
            int m = a + 4;
            sql.append(", box AS (")
                    .append(OutboxWriter.insertSelect(
                            "$" + m + ", $" + (m + 1) + ", 'create', " + typedFieldsSql(mirrored(t, meta)), "ins t"))
                    .append(')');
        }
        sql.append(" SELECT * FROM ins");
        return sql.toString();
    }

    // ------------------------------------------------------------------ update

    /**
     * Partial update under optimistic concurrency: locks the row, checks If-Match (428/412) when the
     * table is versioned, asks {@code changer} for the column changes given the current row, and
     * writes them as {@link #apply} does.
     */
    public Uni<Map<String, Object>> update(
            SqlClient tx,
            Table t,
            String id,
            String ifMatch,
            Who who,
            Function<Map<String, Object>, Map<String, Object>> changer) {
        return update(tx, t, id, row -> true, ifMatch, who, changer);
    }

    /** As {@link #update(SqlClient, Table, String, String, Who, Function)}, 404 unless {@code belongs} accepts the row. */
    public Uni<Map<String, Object>> update(
            SqlClient tx,
            Table t,
            String id,
            Predicate<Map<String, Object>> belongs,
            String ifMatch,
            Who who,
            Function<Map<String, Object>, Map<String, Object>> changer) {
        return reader.find(tx, t, id, true).flatMap(before -> {
            TableReader.require(t, id, before == null || !belongs.test(before) ? null : before);
            if (t.versioned()) {
                Versions.check(ifMatch, before);
            }
            return apply(tx, t, before, changer.apply(before), who);
        });
    }

    /**
     * The write half of {@link #update}, for services that lock and check the row themselves:
     * writes the changes, the UPDATE audit row with the field diff (none when nothing differs) and,
     * when the status column changed, a STATUS_CHANGE row, then the outbox set.
     */
    public Uni<Map<String, Object>> apply(
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
            return update.chain(ignored -> mirrorChanges(tx, t, before, after));
        });
    }

    /**
     * Publishes a locked row: writes {@code changes}, a PUBLISH audit row and the outbox set of
     * {@code document(after)} at {@code doc} (what the app reads, not the row itself).
     */
    public Uni<Map<String, Object>> publish(
            SqlClient tx,
            Table t,
            String id,
            Map<String, Object> changes,
            Who who,
            MirrorDoc doc,
            Function<Map<String, Object>, Map<String, Object>> document) {
        return updateRow(tx, t, id, changes)
                .call(after -> auditWriter.log(tx, plain(AuditAction.PUBLISH, t, id, t.labelOf(after), who)))
                .call(after -> outbox.set(tx, doc.switchKey(), path(doc), document.apply(after)));
    }

    /** Unpublishes a locked row: writes {@code changes}, an UNPUBLISH audit row and the outbox delete of {@code doc}. */
    public Uni<Map<String, Object>> unpublish(
            SqlClient tx, Table t, String id, Map<String, Object> changes, Who who, MirrorDoc doc) {
        return updateRow(tx, t, id, changes)
                .call(after -> auditWriter.log(tx, plain(AuditAction.UNPUBLISH, t, id, t.labelOf(after), who)))
                .call(after -> outbox.delete(tx, doc.switchKey(), path(doc)));
    }

    // ------------------------------------------------------------------ delete

    /** DELETE + DELETE audit + outbox delete; 404 when absent. If-Match is checked when given. */
    public Uni<Map<String, Object>> delete(SqlClient tx, Table t, String id, String ifMatch, Who who) {
        return delete(tx, t, id, row -> true, ifMatch, who, null);
    }

    /**
     * As {@link #delete(SqlClient, Table, String, String, Who)}: 404 unless {@code belongs} accepts
     * the row, and {@code alsoUnmirror} (when given) names one more Firestore document to delete for
     * the row, or null for none (a published melody leaves the app).
     */
    public Uni<Map<String, Object>> delete(
            SqlClient tx,
            Table t,
            String id,
            Predicate<Map<String, Object>> belongs,
            String ifMatch,
            Who who,
            Function<Map<String, Object>, MirrorDoc> alsoUnmirror) {
        return reader.find(tx, t, id, true).flatMap(before -> {
            TableReader.require(t, id, before == null || !belongs.test(before) ? null : before);
            if (t.versioned() && ifMatch != null && !ifMatch.isBlank()) {
                Versions.check(ifMatch, before);
            }
            return tx.preparedQuery("DELETE FROM " + t.name() + " WHERE " + t.idColumn() + " = $1")
                    .execute(Tuple.of(id))
                    .chain(ignored -> auditWriter.log(tx, plain(AuditAction.DELETE, t, id, t.labelOf(before), who)))
                    .chain(ignored -> mirrorDelete(tx, t, before))
                    .chain(ignored -> {
                        MirrorDoc also = alsoUnmirror == null ? null : alsoUnmirror.apply(before);
                        return also == null
                                ? Uni.createFrom().voidItem()
                                : outbox.delete(tx, also.switchKey(), path(also));
                    })
                    .replaceWith(before);
        });
    }

    /**
     * Rows that {@code ON DELETE CASCADE} removed with their parent: for each (in order), the outbox
     * delete and a DELETE audit row, labelled as the row has it ({@code rows} holds at least the key
     * and the columns the mirror needs). {@code who} carries the cascade's origin in its meta.
     */
    public Uni<Void> cascaded(SqlClient tx, Table t, List<Map<String, Object>> rows, Who who) {
        return Multi.createFrom()
                .iterable(rows)
                .onItem()
                .transformToUniAndConcatenate(row -> mirrorDelete(tx, t, row)
                        .chain(ignored ->
                                auditWriter.log(tx, plain(AuditAction.DELETE, t, t.idOf(row), t.labelOf(row), who))))
                .collect()
                .last()
                .replaceWithVoid();
    }

    // ------------------------------------------------------------------ the pieces

    private static AuditEntry plain(AuditAction action, Table t, String id, String label, Who who) {
        return new AuditEntry(who.actor(), action, t.entityType(), id, label, null, who.meta());
    }

    private Uni<Void> mirrorCreate(SqlClient tx, Table t, Map<String, Object> row) {
        MirrorDoc doc = t.mirror() == null ? null : t.mirror().apply(row);
        if (doc == null || !outbox.enabled(doc.switchKey())) {
            return Uni.createFrom().voidItem();
        }
        return catalog.meta(t)
                .chain(meta -> outbox.create(
                        tx, doc.switchKey(), path(doc), mirrored(t, meta).all(row)));
    }

    /** Only the mirrored columns whose value the update changed (updated_at among them). */
    private Uni<Void> mirrorChanges(SqlClient tx, Table t, Map<String, Object> before, Map<String, Object> after) {
        MirrorDoc doc = t.mirror() == null ? null : t.mirror().apply(after);
        if (doc == null || !outbox.enabled(doc.switchKey())) {
            return Uni.createFrom().voidItem();
        }
        return catalog.meta(t)
                .chain(meta -> outbox.merge(
                        tx, doc.switchKey(), path(doc), mirrored(t, meta).changed(before, after)));
    }

    private Uni<Void> mirrorDelete(SqlClient tx, Table t, Map<String, Object> row) {
        MirrorDoc doc = t.mirror() == null ? null : t.mirror().apply(row);
        return doc == null ? Uni.createFrom().voidItem() : outbox.delete(tx, doc.switchKey(), path(doc));
    }

    private static String path(MirrorDoc doc) {
        return doc.collection() + "/" + doc.documentId();
    }

    /**
     * The table's mirrored columns typed by their Postgres types; a table that names none mirrors
     * every column but its key, {@code id}, {@code firestore_id} and {@code firestore_extra}.
     */
    private static MirroredTable mirrored(Table t, TableCatalog.Meta meta) {
        List<String> columns = t.mirrorFields();
        if (columns.isEmpty()) {
            columns = meta.types().keySet().stream()
                    .filter(c -> !c.equals(t.idColumn())
                            && !List.of("id", "firestore_id", MirrorFields.EXTRA_COLUMN)
                                    .contains(c))
                    .toList();
        }
        return MirroredTable.of(t.name(), row -> null).typedBy(meta.types(), columns);
    }

    /**
     * SQL (over the inserted row {@code t}) building the same {@code {"fields": ...}} payload as
     * {@link MirroredTable#all} does in Java, for the one-statement create.
     */
    static String typedFieldsSql(MirroredTable table) {
        List<String> pairs = new ArrayList<>();
        table.fields().forEach((column, type) -> {
            String value =
                    switch (type) {
                        case STRING -> "'string', t." + column + "::text";
                        case INTEGER -> "'integer', t." + column + "::bigint";
                        case DOUBLE -> "'double', t." + column + "::float8";
                        case BOOLEAN -> "'boolean', t." + column;
                        case TIMESTAMP ->
                            "'timestamp', to_char(t." + column
                                    + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";
                        case JSON -> "'json', to_jsonb(t." + column + ")";
                    };
            pairs.add("'" + column + "', CASE WHEN t." + column + " IS NULL THEN jsonb_build_object('null', true)"
                    + " ELSE jsonb_build_object(" + value + ") END");
        });
        // jsonb_build_object takes at most 100 arguments: 40 fields per call, joined with ||
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i += 40) {
            parts.add(
                    "jsonb_build_object(" + String.join(", ", pairs.subList(i, Math.min(i + 40, pairs.size()))) + ")");
        }
        return "jsonb_build_object('fields', " + (parts.isEmpty() ? "'{}'::jsonb" : String.join(" || ", parts)) + ")";
    }

    private static Uni<Map<String, Object>> insertRow(SqlClient tx, Table t, Map<String, Object> values) {
        List<String> columns = new ArrayList<>(values.keySet());
        StringBuilder placeholders = new StringBuilder();
        Tuple params = Tuple.tuple();
        for (int i = 0; i < columns.size(); i++) {
            placeholders.append(i == 0 ? "" : ", ").append('$').append(i + 1);
            params.addValue(bind(t, columns.get(i), values.get(columns.get(i))));
        }
        String sql = "INSERT INTO " + t.name() + " (" + String.join(", ", columns) + ") VALUES (" + placeholders
                + ") RETURNING *";
        return tx.preparedQuery(sql).execute(params).map(Rows::first);
    }

    private static Uni<Map<String, Object>> updateRow(SqlClient tx, Table t, String id, Map<String, Object> changes) {
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
            set.append(", ").append(BUMP_VERSION);
        }
        String sql = "UPDATE " + t.name() + " SET " + set + " WHERE " + t.idColumn() + " = $1 RETURNING *";
        return tx.preparedQuery(sql).execute(params).map(Rows::first);
    }

    /** A Java value as the pg client binds it for this column. */
    private static Object bind(Table t, String column, Object value) {
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

    private static Map<String, Object> diff(
            Map<String, Object> before, Map<String, Object> after, Collection<String> columns) {
        Map<String, Object> b = new LinkedHashMap<>();
        Map<String, Object> a = new LinkedHashMap<>();
        for (String c : columns) {
            b.put(c, before.get(c));
            a.put(c, after.get(c));
        }
        return ChangeDiff.between(b, a);
    }
}
