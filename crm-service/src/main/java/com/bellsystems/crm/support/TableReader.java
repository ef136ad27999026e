package com.bellsystems.crm.support;

import com.bellsystems.common.paging.OffsetPage;
import com.bellsystems.common.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads of the records described by a {@link Table}: one row by key, and pages of rows rendered to
 * the API's JSON by Postgres and reused while unchanged ({@link RenderedRows}). Plain SQL built from
 * the description: only column names from our own code reach the SQL text; values are always bound.
 * Writes go through {@code change.RecordWriter}.
 */
@ApplicationScoped
public class TableReader {

    private final Pool pool;
    private final TableCatalog catalog;
    private final RenderedRows renderedRows;

    public TableReader(Pool pool, TableCatalog catalog, RenderedRows renderedRows) {
        this.pool = pool;
        this.catalog = catalog;
        this.renderedRows = renderedRows;
    }

    /** The row with this key; 404 when there is none. */
    public Uni<Map<String, Object>> get(Table t, String id) {
        return find(pool, t, id, false).map(row -> require(t, id, row));
    }

    /** The row with this key read through {@code client} (locked when {@code forUpdate}), or null. */
    public Uni<Map<String, Object>> find(SqlClient client, Table t, String id, boolean forUpdate) {
        String sql =
                "SELECT * FROM " + t.name() + " WHERE " + t.idColumn() + " = $1" + (forUpdate ? " FOR UPDATE" : "");
        return client.preparedQuery(sql).execute(Tuple.of(id)).map(Rows::first);
    }

    /** The row locked in the caller's transaction until it ends; 404 when there is none. */
    public Uni<Map<String, Object>> lock(SqlClient tx, Table t, String id) {
        return find(tx, t, id, true).map(row -> require(t, id, row));
    }

    /**
     * One page of rows. {@code where} is SQL of our own with {@code $n} placeholders for {@code params}
     * on the table's column names; {@code orderBy} is SQL of our own too. One row more than the page is
     * read to know whether another page follows.
     * <p>
     * One query gives the page's ids in order with each row's version ({@code xmin}): the ids come from
     * an index walk (index-only where an index covers the order and the filter columns), and only the
     * page's rows are read for their version. A second query, only for rows not already in
     * {@link RenderedRows} at that version, has Postgres render them as JSON in the API's shape
     * ({@link TableCatalog.Meta#projection}). The service neither decodes JSONB into objects nor
     * serializes them again: rows go from Postgres to the response as bytes. A row deleted between the
     * two queries is left out of the page; one updated in between is shown as it is now.
     */
    public Uni<OffsetPage<Map<String, Object>>> list(
            Table t, String where, List<Object> params, String orderBy, PageRequest page) {
        return listByIds(
                t,
                "SELECT " + t.idColumn() + " FROM " + t.name()
                        + (where == null || where.isBlank() ? "" : " WHERE " + where)
                        + " ORDER BY " + orderBy
                        + pageBounds(params.size() + 1),
                params,
                page);
    }

    /**
     * One page as {@link #list}, for a filter and order that an index's key answers entirely (no
     * entry of the walk is skipped): the ids and versions ({@code xmin}) come from the rows the walk
     * reaches, one heap read each, instead of {@link #list}'s index-only walk followed by a primary-key
     * lookup per row (pgbench, one page of 51 at 100,000 customers: 12,100 -> 30,000 queries/s
     * unfiltered, 10,500 -> 24,400 by status). Where the walk skips entries (a filter checked on index
     * entries) it would read every skipped row: those lists use {@link #list}.
     */
    public Uni<OffsetPage<Map<String, Object>>> listWalkingRows(
            Table t, String where, List<Object> params, String orderBy, PageRequest page) {
        List<Object> all = new ArrayList<>(params);
        all.add(page.size + 1);
        all.add(page.offset());
        String sql = "SELECT " + t.idColumn() + "::text, xmin::text FROM " + t.name()
                + (where == null || where.isBlank() ? "" : " WHERE " + where)
                + " ORDER BY " + orderBy
                + pageBounds(params.size() + 1);
        return pool.preparedQuery(sql).execute(Tuple.from(all)).flatMap(rows -> pageOf(t, rows, page));
    }

    /**
     * One page as {@link #list}, with the page's ids chosen by {@code idQuery}: SQL of our own that
     * selects ids of the table in list order, with {@code $n} placeholders for {@code params} and
     * {@code $(n+1)}, {@code $(n+2)} for LIMIT (page size + 1) and OFFSET, best written with
     * {@link #pageBounds}.
     */
    public Uni<OffsetPage<Map<String, Object>>> listByIds(
            Table t, String idQuery, List<Object> params, PageRequest page) {
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
    public Uni<OffsetPage<Map<String, Object>>> pageOf(Table t, RowSet<Row> rows, PageRequest page) {
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
            return Uni.createFrom().item(OffsetPage.rendered(jsonArray(json), page.page, page.size, hasMore));
        }
        return render(t, missing).map(fresh -> {
            for (int i = 0; i < n; i++) {
                if (json[i] == null) {
                    json[i] = fresh.get(ids[i]); // null when deleted meanwhile: left out
                }
            }
            return OffsetPage.rendered(jsonArray(json), page.page, page.size, hasMore);
        });
    }

    /** Renders the rows with these ids as API JSON, remembering each under its version. */
    private Uni<Map<String, byte[]>> render(Table t, List<String> ids) {
        return catalog.meta(t).flatMap(meta -> pool.preparedQuery("SELECT t." + t.idColumn() + "::text, t.xmin::text, "
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
     * {@code LIMIT} and {@code OFFSET} from placeholders {@code $n} and {@code $(n+1)}, each read through
     * a sub-select. Why: Postgres plans a prepared statement again for each execution's values (a
     * custom plan) for as long as that plan is estimated cheaper than the one generic plan, and a page
     * whose LIMIT it knows (51 rows) is always estimated cheaper than one whose LIMIT it does not. So
     * every list page was planned anew: more Postgres CPU than running it. Behind a sub-select the
     * bounds are unknown to both plans and Postgres keeps the generic plan after its fifth execution;
     * a filter whose value changes the best plan (the search's ILIKE fallback) still gets custom plans.
     * pgbench, 100,000 customers, pages of 51: unfiltered 14,900 -> 21,900 queries/s, by status 12,400
     * -> 21,100.
     */
    public static String pageBounds(int n) {
        return " LIMIT (SELECT $" + n + "::int) OFFSET (SELECT $" + (n + 1) + "::bigint)";
    }

    /** 404 naming the table's entity type when the row is missing. */
    public static Map<String, Object> require(Table t, String id, Map<String, Object> row) {
        if (row == null) {
            throw ProblemException.notFound(t.entityType(), id);
        }
        return row;
    }
}
