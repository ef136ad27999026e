package com.bellsystems.audit.log.repository;

import com.bellsystems.audit.log.AuditQuery;
import com.bellsystems.audit.log.AuditRecord;
import com.bellsystems.common.paging.KeysetCursor;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads audit_log. Every query is shaped so that one of the spec's indexes serves it: equality on
 * the leading columns (actor_id | entity_type, entity_id | action), a range on occurred_at, and
 * ORDER BY occurred_at DESC, id DESC, which the index gives directly up to the id tie-break
 * (an incremental sort of equal timestamps only). The keyset condition is written so that its
 * occurred_at part is an index condition too (see docs/audit.md for the plans).
 */
@ApplicationScoped
public class AuditLogRepository {

    static final String COLUMNS =
            "id, occurred_at, actor_id, actor_name, action, entity_type, entity_id, " + "entity_label, changes, meta";

    private final Pool pool;

    public AuditLogRepository(Pool pool) {
        this.pool = pool;
    }

    /** A statement and its positional parameters. */
    public record Sql(String text, List<Object> params) {
        Tuple tuple() {
            return Tuple.from(params);
        }
    }

    /**
     * The page query for {@code query}, reading {@code fetch} rows ({@code limit + 1} tells whether
     * another page follows). {@code after} overrides the query's own cursor (used by the export).
     */
    public static Sql select(AuditQuery query, KeysetCursor after, int fetch, int offset) {
        List<String> where = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (query.actorId() != null) {
            params.add(query.actorId());
            where.add("actor_id = $" + params.size());
        }
        if (query.entityType() != null) {
            params.add(query.entityType());
            where.add("entity_type = $" + params.size());
        }
        if (query.entityId() != null) {
            params.add(query.entityId());
            where.add("entity_id = $" + params.size());
        }
        if (query.action() != null) {
            params.add(query.action().name());
            where.add("action = $" + params.size());
        }
        if (query.from() != null) {
            params.add(query.from());
            where.add("occurred_at >= $" + params.size());
        }
        if (query.toExclusive() != null) {
            params.add(query.toExclusive());
            where.add("occurred_at < $" + params.size());
        }
        if (after != null) {
            // (occurred_at, id) < (t, id) spelled out: the first conjunct is an index condition on
            // every audit index, the second only removes the few rows sharing timestamp t.
            params.add(after.at());
            int t = params.size();
            params.add(after.id());
            where.add("occurred_at <= $" + t + " AND (occurred_at < $" + t + " OR id < $" + params.size() + ")");
        }
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM audit_log");
        if (!where.isEmpty()) {
            sql.append(" WHERE ").append(String.join(" AND ", where));
        }
        params.add(fetch);
        sql.append(" ORDER BY occurred_at DESC, id DESC LIMIT $").append(params.size());
        if (offset > 0) {
            params.add(offset);
            sql.append(" OFFSET $").append(params.size());
        }
        return new Sql(sql.toString(), params);
    }

    /** Up to {@code fetch} rows of {@code query}, newest first, starting after {@code after} or at {@code offset}. */
    public Uni<List<AuditRecord>> find(AuditQuery query, KeysetCursor after, int fetch, int offset) {
        Sql sql = select(query, after, fetch, offset);
        return pool.preparedQuery(sql.text()).execute(sql.tuple()).map(rows -> {
            List<AuditRecord> records = new ArrayList<>(rows.size());
            for (Row row : rows) {
                records.add(toRecord(row));
            }
            return records;
        });
    }

    static AuditRecord toRecord(Row row) {
        return new AuditRecord(
                row.getLong("id"),
                row.getOffsetDateTime("occurred_at"),
                row.getString("actor_id"),
                row.getString("actor_name"),
                row.getString("action"),
                row.getString("entity_type"),
                row.getString("entity_id"),
                row.getString("entity_label"),
                json(row.getValue("changes")),
                json(row.getValue("meta")));
    }

    /** A jsonb object as a plain map; a non-object value (never written by AuditWriter) is wrapped. */
    private static Map<String, Object> json(Object value) {
        if (value == null) {
            return null;
        }
        Object plain = plain(value);
        if (plain instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<String, Object> object = (Map<String, Object>) map;
            return object;
        }
        return Map.of("value", plain);
    }

    /** Vert.x JSON types to plain maps and lists all the way down, so Jackson needs no Vert.x module. */
    private static Object plain(Object value) {
        if (value instanceof JsonObject object) {
            Map<String, Object> map = new LinkedHashMap<>();
            object.forEach(e -> map.put(e.getKey(), plain(e.getValue())));
            return map;
        }
        if (value instanceof JsonArray array) {
            List<Object> list = new ArrayList<>(array.size());
            array.forEach(v -> list.add(plain(v)));
            return list;
        }
        if (value instanceof Map<?, ?> map) {
            return plain(new JsonObject(castMap(map)));
        }
        if (value instanceof List<?> list) {
            return plain(new JsonArray(new ArrayList<>(list)));
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
