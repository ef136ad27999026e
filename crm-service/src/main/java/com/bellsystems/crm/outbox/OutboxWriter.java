package com.bellsystems.crm.outbox;

import com.bellsystems.crm.support.MirrorDoc;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.eclipse.microprofile.config.Config;

/**
 * Enqueues a Firestore write in the caller's transaction, so the write exists exactly when the
 * change it mirrors commits. A collection whose switch {@code bellsys.crm.mirror.<key>.enabled} is
 * false (after the rollback window) enqueues nothing.
 */
@ApplicationScoped
public class OutboxWriter {

    private static final String COLUMNS = "collection, document_id, operation, payload";
    private static final String INSERT = "INSERT INTO firestore_outbox (" + COLUMNS + ") VALUES ($1, $2, $3, $4)";

    /** {@code INSERT INTO firestore_outbox (...) SELECT <values> FROM <from>}, for one-statement writes (CTEs). */
    public static String insertSelect(String values, String from) {
        return "INSERT INTO firestore_outbox (" + COLUMNS + ") SELECT " + values + " FROM " + from;
    }

    private final Config config;

    public OutboxWriter(Config config) {
        this.config = config;
    }

    public boolean enabled(String switchKey) {
        return config.getOptionalValue("bellsys.crm.mirror." + switchKey + ".enabled", Boolean.class)
                .orElse(true);
    }

    public Uni<Void> set(SqlClient tx, MirrorDoc doc, Map<String, Object> payload) {
        return enqueue(tx, doc, "set", new JsonObject(payload));
    }

    public Uni<Void> delete(SqlClient tx, MirrorDoc doc) {
        return enqueue(tx, doc, "delete", null);
    }

    private Uni<Void> enqueue(SqlClient tx, MirrorDoc doc, String operation, JsonObject payload) {
        if (doc == null || !enabled(doc.switchKey())) {
            return Uni.createFrom().voidItem();
        }
        return tx.preparedQuery(INSERT)
                .execute(Tuple.of(doc.collection(), doc.documentId(), operation, payload))
                .replaceWithVoid();
    }
}
