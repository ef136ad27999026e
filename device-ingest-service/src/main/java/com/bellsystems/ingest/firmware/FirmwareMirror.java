package com.bellsystems.ingest.firmware;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * The seam where firmware changes reach Firestore's {@code firmware_versions} during the rollback
 * window (the plan keeps writing every migrated collection). Called inside the change's
 * transaction, after the row and its audit row, so an implementation that enqueues an outbox row
 * commits or rolls back with the change. The shared outbox does not exist yet in this service;
 * until the coordinator wires it, {@link NoFirmwareMirror} is the bean and nothing is mirrored.
 */
public interface FirmwareMirror {

    /** The row as it is after the change (created, updated or retired). */
    Uni<Void> changed(SqlClient tx, Firmware firmware);
}
