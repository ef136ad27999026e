package com.bellsystems.ingest.mfg.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** Rows of the manufacturing audit trail ({@code mfg_audit_log}); reads are in DeviceRepository's pages. */
@ApplicationScoped
public class MfgAuditRepository {

    private static final String INSERT =
            """
            INSERT INTO mfg_audit_log (actor, action, serial_number, details) VALUES ($1, $2, $3, $4)""";

    /** In the caller's transaction. */
    public Uni<Void> insert(SqlClient tx, String actor, String action, String serial, JsonObject details) {
        return tx.preparedQuery(INSERT)
                .execute(Tuple.of(actor, action, serial, details))
                .replaceWithVoid();
    }
}
