package com.bellsystems.common.outbox;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.eclipse.microprofile.config.Config;

/**
 * Enqueues a Firestore write in the caller's transaction ({@code firestore_outbox}), so the write
 * exists exactly when the change it mirrors commits; firestore-support's {@code OutboxWorker}
 * (running in crm-service and staff-auth-service) sends it. Any service that has {@code common}
 * mirrors a table with one call in its transaction:
 *
 * <pre>{@code outbox.mirror(tx, FIRMWARE, before, after)   // before null: create; after null: delete}</pre>
 *
 * A row records the operation ({@code create}, {@code merge}, {@code delete}, or {@code set}: the
 * whole-document replace of a published melody), the document ({@code collection} +
 * {@code document_id}, the generated {@code document_path}) and, for create and merge, only the
 * written fields with their Firestore types ({@link MirrorFields}). A collection whose switch
 * {@code bellsys.mirror.<switchKey>.enabled} (or the older {@code bellsys.crm.mirror.<switchKey>.enabled})
 * is false, after the rollback window, enqueues nothing.
 */
@ApplicationScoped
public class OutboxWriter {

    private static final String COLUMNS = "collection, document_id, operation, payload";
    private static final String INSERT = "INSERT INTO firestore_outbox (" + COLUMNS + ") VALUES ($1, $2, $3, $4)";

    /** {@code INSERT INTO firestore_outbox (collection, document_id, operation, payload) SELECT <values> FROM <from>}. */
    public static String insertSelect(String values, String from) {
        return "INSERT INTO firestore_outbox (" + COLUMNS + ") SELECT " + values + " FROM " + from;
    }

    private final Config config;

    public OutboxWriter(Config config) {
        this.config = config;
    }

    /** Switches read once: configuration is fixed while the service runs (two look-ups were ~8 % of a create). */
    private final java.util.concurrent.ConcurrentMap<String, Boolean> switches =
            new java.util.concurrent.ConcurrentHashMap<>();

    public boolean enabled(String switchKey) {
        return switches.computeIfAbsent(
                switchKey, key -> config.getOptionalValue("bellsys.mirror." + key + ".enabled", Boolean.class)
                        .or(() -> config.getOptionalValue("bellsys.crm.mirror." + key + ".enabled", Boolean.class))
                        .orElse(true));
    }

    /**
     * The one call for a mirrored table: {@code before} null is a create (every mirrored column),
     * {@code after} null a delete of the document, otherwise a merge of the columns that changed
     * (nothing when none did). Rows are column → value maps (Java or plain JSON values).
     */
    public Uni<Void> mirror(SqlClient tx, MirroredTable table, Map<String, Object> before, Map<String, Object> after) {
        if (after == null) {
            return before == null
                    ? Uni.createFrom().voidItem()
                    : delete(tx, table.switchKey(), table.documentPath().apply(before));
        }
        String path = table.documentPath().apply(after);
        return before == null
                ? create(tx, table.switchKey(), path, table.all(after))
                : merge(tx, table.switchKey(), path, table.changed(before, after));
    }

    /** A new document (written as a merge of its fields, so a retry or an existing legacy document is harmless). */
    public Uni<Void> create(SqlClient tx, String switchKey, String documentPath, MirrorFields fields) {
        return enqueue(tx, switchKey, documentPath, "create", fields.payload());
    }

    /** Writes only these fields of the document; other fields stay as they are. Nothing when empty. */
    public Uni<Void> merge(SqlClient tx, String switchKey, String documentPath, MirrorFields fields) {
        return fields.isEmpty()
                ? Uni.createFrom().voidItem()
                : enqueue(tx, switchKey, documentPath, "merge", fields.payload());
    }

    public Uni<Void> delete(SqlClient tx, String switchKey, String documentPath) {
        return enqueue(tx, switchKey, documentPath, "delete", null);
    }

    /** Replaces the whole document with {@code data} (plain values): for documents bellsys alone writes (published melodies). */
    public Uni<Void> set(SqlClient tx, String switchKey, String documentPath, Map<String, Object> data) {
        return enqueue(tx, switchKey, documentPath, "set", new JsonObject(data));
    }

    private Uni<Void> enqueue(
            SqlClient tx, String switchKey, String documentPath, String operation, JsonObject payload) {
        if (documentPath == null || !enabled(switchKey)) {
            return Uni.createFrom().voidItem();
        }
        int slash = documentPath.lastIndexOf('/');
        if (slash <= 0 || slash == documentPath.length() - 1) {
            throw new IllegalArgumentException("not a document path: " + documentPath);
        }
        return tx.preparedQuery(INSERT)
                .execute(Tuple.of(
                        documentPath.substring(0, slash), documentPath.substring(slash + 1), operation, payload))
                .replaceWithVoid();
    }
}
