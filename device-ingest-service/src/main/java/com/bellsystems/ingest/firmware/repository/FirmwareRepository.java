package com.bellsystems.ingest.firmware.repository;

import com.bellsystems.common.outbox.FieldType;
import com.bellsystems.common.outbox.MirroredTable;
import com.bellsystems.ingest.firmware.Firmware;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** SQL of {@code firmware_versions}; every method runs on the caller's client (pool or transaction). */
@ApplicationScoped
public class FirmwareRepository {

    /**
     * Firestore's {@code firmware_versions/{id}} during the rollback window: the columns Phase 2 read
     * (migration-service job 2.6), plus {@code retired_at}, so that after a rollback the legacy side
     * can tell a build the Console withdrew (it has no such field of its own; unknown fields are kept
     * by its readers and by a later Phase 2 in firestore_extra).
     */
    public static final MirroredTable MIRROR = MirroredTable.of(
                    "firmware_versions", row -> "firmware_versions/" + row.get("id"))
            .fields(
                    FieldType.STRING,
                    "hw_type",
                    "channel",
                    "version",
                    "filename",
                    "download_url",
                    "sha256",
                    "changelog")
            .fields(FieldType.INTEGER, "size_bytes")
            .fields(FieldType.BOOLEAN, "mandatory")
            .fields(FieldType.JSON, "metadata")
            .fields(FieldType.TIMESTAMP, "uploaded_at", "created_at", "retired_at");

    private static final String COLUMNS =
            """
            id, hw_type, channel, version, filename, download_url, size_bytes, sha256, changelog, mandatory,
            metadata::text AS metadata, uploaded_at, created_at, updated_at, retired_at""";

    private static final String FILTER =
            """
            WHERE ($1::text IS NULL OR hw_type = $1)
              AND ($2::text IS NULL OR channel = $2)
              AND ($3 OR retired_at IS NULL)""";

    private static final String LIST = "SELECT " + COLUMNS + " FROM firmware_versions " + FILTER
            + " ORDER BY hw_type, created_at DESC, id LIMIT $4 OFFSET $5";
    private static final String COUNT = "SELECT count(*) FROM firmware_versions " + FILTER;
    private static final String BY_ID = "SELECT " + COLUMNS + " FROM firmware_versions WHERE id = $1";
    private static final String BY_ID_FOR_UPDATE = BY_ID + " FOR UPDATE";
    private static final String BY_VERSION =
            "SELECT " + COLUMNS + " FROM firmware_versions WHERE hw_type = $1 AND channel = $2 AND version = $3";
    private static final String INSERT =
            """
            INSERT INTO firmware_versions (id, hw_type, channel, version, filename, download_url, size_bytes,
                                           sha256, changelog, mandatory, metadata, uploaded_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, coalesce($12, now()))
            ON CONFLICT DO NOTHING
            RETURNING\s"""
                    + COLUMNS;
    private static final String UPDATE =
            """
            UPDATE firmware_versions SET channel = $2, filename = $3, download_url = $4, size_bytes = $5,
                   sha256 = $6, changelog = $7, mandatory = $8, metadata = $9, uploaded_at = $10, updated_at = now()
            WHERE id = $1
            RETURNING\s"""
                    + COLUMNS;
    private static final String RETIRE =
            "UPDATE firmware_versions SET retired_at = now(), updated_at = now() WHERE id = $1 RETURNING " + COLUMNS;

    public Uni<List<Firmware>> list(
            SqlClient client, String hwType, String channel, boolean includeRetired, int limit, long offset) {
        return client.preparedQuery(LIST)
                .execute(Tuple.from(new Object[] {hwType, channel, includeRetired, limit, offset}))
                .map(FirmwareRepository::all);
    }

    public Uni<Long> count(SqlClient client, String hwType, String channel, boolean includeRetired) {
        return client.preparedQuery(COUNT)
                .execute(Tuple.of(hwType, channel, includeRetired))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** The row, or null. */
    public Uni<Firmware> find(SqlClient client, String id) {
        return client.preparedQuery(BY_ID).execute(Tuple.of(id)).map(FirmwareRepository::first);
    }

    /** The row locked for the rest of the caller's transaction, or null. */
    public Uni<Firmware> lock(SqlClient tx, String id) {
        return tx.preparedQuery(BY_ID_FOR_UPDATE).execute(Tuple.of(id)).map(FirmwareRepository::first);
    }

    public Uni<Firmware> findVersion(SqlClient client, String hwType, String channel, String version) {
        return client.preparedQuery(BY_VERSION)
                .execute(Tuple.of(hwType, channel, version))
                .map(FirmwareRepository::first);
    }

    /** The new row, or null when (hw_type, channel, version) or the id already exists. */
    public Uni<Firmware> insert(SqlClient tx, String id, Firmware f) {
        return tx.preparedQuery(INSERT)
                .execute(Tuple.from(new Object[] {
                    id,
                    f.hwType(),
                    f.channel(),
                    f.version(),
                    f.filename(),
                    f.downloadUrl(),
                    f.sizeBytes(),
                    f.sha256(),
                    f.changelog(),
                    f.mandatory(),
                    json(f.metadata()),
                    f.uploadedAt()
                }))
                .map(FirmwareRepository::first);
    }

    public Uni<Firmware> update(SqlClient tx, Firmware f) {
        return tx.preparedQuery(UPDATE)
                .execute(Tuple.from(new Object[] {
                    f.id(),
                    f.channel(),
                    f.filename(),
                    f.downloadUrl(),
                    f.sizeBytes(),
                    f.sha256(),
                    f.changelog(),
                    f.mandatory(),
                    json(f.metadata()),
                    f.uploadedAt()
                }))
                .map(FirmwareRepository::first);
    }

    public Uni<Firmware> retire(SqlClient tx, String id) {
        return tx.preparedQuery(RETIRE).execute(Tuple.of(id)).map(FirmwareRepository::first);
    }

    private static JsonObject json(String metadata) {
        return metadata == null ? new JsonObject() : new JsonObject(metadata);
    }

    private static Firmware first(RowSet<Row> rows) {
        return rows.size() == 0 ? null : row(rows.iterator().next());
    }

    private static List<Firmware> all(RowSet<Row> rows) {
        List<Firmware> out = new ArrayList<>(rows.size());
        rows.forEach(r -> out.add(row(r)));
        return out;
    }

    private static Firmware row(Row r) {
        return new Firmware(
                r.getString("id"),
                r.getString("hw_type"),
                r.getString("channel"),
                r.getString("version"),
                r.getString("filename"),
                r.getString("download_url"),
                r.getLong("size_bytes"),
                r.getString("sha256"),
                r.getString("changelog"),
                Boolean.TRUE.equals(r.getBoolean("mandatory")),
                r.getString("metadata"),
                r.getOffsetDateTime("uploaded_at"),
                r.getOffsetDateTime("created_at"),
                r.getOffsetDateTime("updated_at"),
                r.getOffsetDateTime("retired_at"));
    }
}
