package com.bellsystems.common.audit;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The plan's {@code log_action}: writes one audit row through the caller's own connection, so the
 * row commits or rolls back with the change it describes. Pass the {@link SqlClient} of the
 * transaction (e.g. the connection given by {@code pool.withTransaction}).
 */
@ApplicationScoped
public class AuditWriter {

    /** The columns every audit row is written with, in this order. */
    public static final String COLUMNS =
            "actor_id, actor_name, action, entity_type, entity_id, entity_label, changes, meta";

    private static final String INSERT =
            "INSERT INTO audit_log (" + COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";

    /**
     * {@code INSERT INTO audit_log (COLUMNS) SELECT <values> FROM <from>}, for a statement that writes
     * a change and its audit row at once (a data-modifying CTE); {@code values} gives the
     * {@link #COLUMNS} in order, {@code meta} already passed through {@link ChangeDiff#redact}.
     */
    public static String insertSelect(String values, String from) {
        return "INSERT INTO audit_log (" + COLUMNS + ") SELECT " + values + " FROM " + from;
    }

    /** Writes the entry and returns the new row's id. */
    public Uni<Long> log(SqlClient tx, AuditEntry entry) {
        Tuple params = Tuple.tuple()
                .addString(entry.actor().id())
                .addString(entry.actor().name())
                .addString(entry.action().name())
                .addString(entry.entityType())
                .addString(entry.entityId())
                .addString(entry.entityLabel())
                .addValue(entry.changes() == null ? null : new JsonObject(entry.changes()))
                .addValue(entry.meta() == null ? null : new JsonObject(ChangeDiff.redact(entry.meta())));
        return tx.preparedQuery(INSERT)
                .execute(params)
                .map(rows -> rows.iterator().next().getLong(0));
    }
}
