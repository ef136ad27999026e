package com.bellsystems.ingest.command.repository;

import com.bellsystems.ingest.device.DeviceViews.CommandEntry;
import com.bellsystems.ingest.device.repository.DeviceRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;

/** The {@code commands} table's writes: insert (in the caller's transaction), mark sent, time out. */
@ApplicationScoped
public class CommandRepository {

    private static final String INSERT =
            """
            INSERT INTO commands (device_serial, command_name, params, sent_by) VALUES ($1, $2, $3, $4)
            RETURNING id, device_serial, command_name, params::text AS params, status, response::text AS response,
                      sent_by, created_at, sent_at, acked_at""";
    private static final String MARK_SENT =
            """
            UPDATE commands SET status = 'sent', sent_at = now() WHERE id = $1 AND status = 'pending'
            RETURNING id, device_serial, command_name, params::text AS params, status, response::text AS response,
                      sent_by, created_at, sent_at, acked_at""";
    private static final String TIME_OUT =
            """
            UPDATE commands SET status = 'timed_out' WHERE status IN ('pending', 'sent') AND created_at < $1 RETURNING id""";

    private final Pool pool;

    public CommandRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<CommandEntry> insert(SqlClient tx, String serial, String name, JsonObject params, String sentBy) {
        return tx.preparedQuery(INSERT)
                .execute(Tuple.of(serial, name, params, sentBy))
                .map(rows -> DeviceRepository.commandRow(rows.iterator().next()));
    }

    /** The command as it is now, or null when it had already moved on from pending (e.g. acked). */
    public Uni<CommandEntry> markSent(long id) {
        return pool.preparedQuery(MARK_SENT)
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0
                        ? null
                        : DeviceRepository.commandRow(rows.iterator().next()));
    }

    /** Marks unacknowledged commands created before the cutoff as timed_out; returns how many. */
    public Uni<Integer> timeOutBefore(OffsetDateTime cutoff) {
        return pool.preparedQuery(TIME_OUT).execute(Tuple.of(cutoff)).map(rows -> rows.rowCount());
    }
}
