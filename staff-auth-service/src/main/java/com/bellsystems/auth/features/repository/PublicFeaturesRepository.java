package com.bellsystems.auth.features.repository;

import com.bellsystems.auth.features.PublicFeature;
import com.bellsystems.auth.support.Jsons;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** SQL for {@code public_features}; JSONB travels as text (see {@link Jsons}). */
@ApplicationScoped
public class PublicFeaturesRepository {

    private static final String COLUMNS = "feature, enabled, config::text AS config, updated_by, updated_at";

    private static final String LIST =
            """
            SELECT %s FROM public_features ORDER BY feature LIMIT $1 OFFSET $2
            """
                    .formatted(COLUMNS);

    private static final String FIND =
            """
            SELECT %s FROM public_features WHERE feature = $1
            """.formatted(COLUMNS);

    private static final String UPSERT =
            """
            INSERT INTO public_features (feature, enabled, config, updated_by, updated_at)
            VALUES ($1, $2, $3::text::jsonb, $4, now())
            ON CONFLICT (feature) DO UPDATE
               SET enabled = EXCLUDED.enabled, config = EXCLUDED.config,
                   updated_by = EXCLUDED.updated_by, updated_at = now()
            RETURNING %s
            """
                    .formatted(COLUMNS);

    public Uni<List<PublicFeature>> list(SqlClient c, int page, int size) {
        return c.preparedQuery(LIST).execute(Tuple.of(size, (long) page * size)).map(rows -> {
            List<PublicFeature> out = new ArrayList<>();
            rows.forEach(r -> out.add(from(r)));
            return out;
        });
    }

    public Uni<Long> count(SqlClient c) {
        return c.query("SELECT count(*) FROM public_features")
                .execute()
                .map(r -> r.iterator().next().getLong(0));
    }

    public Uni<PublicFeature> find(SqlClient c, String feature, boolean forUpdate) {
        return c.preparedQuery(forUpdate ? FIND + " FOR UPDATE" : FIND)
                .execute(Tuple.of(feature))
                .map(PublicFeaturesRepository::first);
    }

    public Uni<PublicFeature> upsert(
            SqlClient c, String feature, boolean enabled, Map<String, Object> config, String updatedBy) {
        return c.preparedQuery(UPSERT)
                .execute(Tuple.of(feature, enabled, Jsons.encode(config), updatedBy))
                .map(PublicFeaturesRepository::first);
    }

    private static PublicFeature first(RowSet<Row> rows) {
        return rows.size() == 0 ? null : from(rows.iterator().next());
    }

    private static PublicFeature from(Row row) {
        Map<String, Object> config = Jsons.decodeMap(row.getString("config"));
        return new PublicFeature(
                row.getString("feature"),
                Boolean.TRUE.equals(row.getBoolean("enabled")),
                config == null ? Map.of() : config,
                row.getString("updated_by"),
                row.getOffsetDateTime("updated_at"));
    }
}
