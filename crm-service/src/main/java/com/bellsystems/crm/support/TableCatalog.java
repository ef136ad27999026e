package com.bellsystems.crm.support;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the Postgres catalogue says about a table, read once per table: each column's type (to cast
 * bound values in one-statement writes) and the select list that renders a row as the API's JSON.
 */
@ApplicationScoped
public class TableCatalog {

    private static final String COLUMNS =
            """
            SELECT attname::text, format_type(atttypid, NULL) FROM pg_attribute
            WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum""";

    /**
     * {@code projection} is the select list (over the table aliased {@code t}) that makes
     * {@code row_to_json} give exactly what {@link Rows#toMap} gives: every column under its own name,
     * timestamps as ISO-8601 UTC strings ending in {@code Z} with the fraction trimmed as Java prints it
     * (Postgres trims trailing zeros the same way), everything else (text, numbers, booleans, arrays,
     * JSONB) as Postgres renders it to JSON. {@code types} maps each column to its SQL type.
     */
    public record Meta(String projection, Map<String, String> types) {}

    private final Pool pool;
    private final Map<String, Meta> metas = new ConcurrentHashMap<>();

    public TableCatalog(Pool pool) {
        this.pool = pool;
    }

    public Uni<Meta> meta(Table t) {
        Meta cached = metas.get(t.name());
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        return pool.preparedQuery(COLUMNS).execute(Tuple.of(t.name())).map(rows -> {
            StringBuilder projection = new StringBuilder();
            Map<String, String> types = new LinkedHashMap<>();
            for (Row row : rows) {
                String column = row.getString(0);
                String type = row.getString(1);
                if (!column.matches("[a-z_][a-z0-9_]*") || !type.matches("[a-z0-9 ()\\[\\]]+")) {
                    throw new IllegalStateException("unexpected column " + column + " " + type + " in " + t.name());
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
}
