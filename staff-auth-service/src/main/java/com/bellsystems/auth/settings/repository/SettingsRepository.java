package com.bellsystems.auth.settings.repository;

import com.bellsystems.auth.settings.Setting;
import com.bellsystems.auth.support.Jsons;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** SQL for {@code console_settings}; JSONB travels as text (see {@link Jsons}). */
@ApplicationScoped
public class SettingsRepository {

    private static final String COLUMNS = "key, value::text AS value, updated_by, updated_at";

    private static final String LIST =
            """
            SELECT %s FROM console_settings ORDER BY key LIMIT $1 OFFSET $2
            """
                    .formatted(COLUMNS);

    private static final String FIND =
            """
            SELECT %s FROM console_settings WHERE key = $1
            """.formatted(COLUMNS);

    private static final String UPSERT =
            """
            INSERT INTO console_settings (key, value, updated_by, updated_at)
            VALUES ($1, $2::text::jsonb, $3, now())
            ON CONFLICT (key) DO UPDATE
               SET value = EXCLUDED.value, updated_by = EXCLUDED.updated_by, updated_at = now()
            RETURNING %s
            """
                    .formatted(COLUMNS);

    public Uni<List<Setting>> list(SqlClient c, int page, int size) {
        return c.preparedQuery(LIST).execute(Tuple.of(size, (long) page * size)).map(rows -> {
            List<Setting> out = new ArrayList<>();
            rows.forEach(r -> out.add(from(r)));
            return out;
        });
    }

    public Uni<Long> count(SqlClient c) {
        return c.query("SELECT count(*) FROM console_settings")
                .execute()
                .map(r -> r.iterator().next().getLong(0));
    }

    public Uni<Setting> find(SqlClient c, String key, boolean forUpdate) {
        return c.preparedQuery(forUpdate ? FIND + " FOR UPDATE" : FIND)
                .execute(Tuple.of(key))
                .map(SettingsRepository::first);
    }

    public Uni<Setting> upsert(SqlClient c, String key, Object value, String updatedBy) {
        return c.preparedQuery(UPSERT)
                .execute(Tuple.of(key, Jsons.encode(value), updatedBy))
                .map(SettingsRepository::first);
    }

    private static Setting first(RowSet<Row> rows) {
        return rows.size() == 0 ? null : from(rows.iterator().next());
    }

    private static Setting from(Row row) {
        return new Setting(
                row.getString("key"),
                Jsons.decode(row.getString("value")),
                row.getString("updated_by"),
                row.getOffsetDateTime("updated_at"));
    }
}
