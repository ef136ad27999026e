package com.bellsystems.ingest.device.repository;

import com.bellsystems.common.paging.KeysetCursor;
import com.bellsystems.common.paging.KeysetPage;
import com.bellsystems.ingest.device.DeviceViews;
import com.bellsystems.ingest.device.DeviceViews.AlertEntry;
import com.bellsystems.ingest.device.DeviceViews.CommandEntry;
import com.bellsystems.ingest.device.DeviceViews.HeartbeatEntry;
import com.bellsystems.ingest.device.DeviceViews.LogEntry;
import com.bellsystems.ingest.device.DeviceViews.MfgAuditEntry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * The Console's reads of device data. Every list is keyset-paged on (time, id) newest first, so a
 * deep page costs the same as the first (device_logs is large and partitioned by time).
 */
@ApplicationScoped
public class DeviceRepository {

    private static final String KEYSET =
            " AND ($%d::timestamptz IS NULL OR (%s, id) < ($%d, $%d::int8)) ORDER BY %s DESC, id DESC LIMIT $%d";

    private static final String LOGS =
            """
            SELECT id, device_serial, level, message, device_timestamp, received_at FROM device_logs
            WHERE device_serial = $1 AND ($2::text IS NULL OR level = $2)
              AND ($3::timestamptz IS NULL OR received_at >= $3) AND ($4::timestamptz IS NULL OR received_at < $4)"""
                    + KEYSET.formatted(5, "received_at", 5, 6, "received_at", 7);

    private static final String HEARTBEAT_COLUMNS =
            """
            id, device_serial, firmware_version, hardware_type, ip_address, uptime_seconds, signal_rssi, free_memory,
            payload::text AS payload, received_at""";
    private static final String HEARTBEATS = "SELECT " + HEARTBEAT_COLUMNS
            + """
             FROM heartbeats
            WHERE device_serial = $1
              AND ($2::timestamptz IS NULL OR received_at >= $2) AND ($3::timestamptz IS NULL OR received_at < $3)"""
            + KEYSET.formatted(4, "received_at", 4, 5, "received_at", 6);

    private static final String ALERT_COLUMNS =
            "id, device_serial, alert_type, severity, state, message, details::text AS details, raised_at, cleared_at";
    private static final String ALERTS = "SELECT " + ALERT_COLUMNS
            + """
             FROM device_alerts
            WHERE device_serial = $1 AND ($2::text IS NULL OR state = $2)"""
            + KEYSET.formatted(3, "raised_at", 3, 4, "raised_at", 5);

    static final String COMMAND_COLUMNS =
            """
            id, device_serial, command_name, params::text AS params, status, response::text AS response, sent_by,
            created_at, sent_at, acked_at""";
    private static final String COMMANDS = "SELECT " + COMMAND_COLUMNS
            + """
             FROM commands
            WHERE device_serial = $1 AND ($2::text IS NULL OR status = $2)"""
            + KEYSET.formatted(3, "created_at", 3, 4, "created_at", 5);

    private static final String LATEST_HEARTBEAT = "SELECT " + HEARTBEAT_COLUMNS
            + " FROM heartbeats WHERE device_serial = $1 ORDER BY received_at DESC, id DESC LIMIT 1";
    private static final String OPEN_ALERTS = "SELECT " + ALERT_COLUMNS
            + " FROM device_alerts WHERE device_serial = $1 AND state = 'active' ORDER BY raised_at DESC, id DESC LIMIT 100";
    private static final String LATEST_PER_DEVICE = "SELECT DISTINCT ON (device_serial) " + HEARTBEAT_COLUMNS
            + """
             FROM heartbeats WHERE ($1::text IS NULL OR device_serial > $1)
            ORDER BY device_serial, received_at DESC, id DESC LIMIT $2""";

    private static final String MFG_AUDIT =
            """
            SELECT id, occurred_at, actor, action, serial_number, details::text AS details FROM mfg_audit_log
            WHERE ($1::text IS NULL OR serial_number = $1)"""
                    + KEYSET.formatted(2, "occurred_at", 2, 3, "occurred_at", 4);

    private final Pool pool;

    public DeviceRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<KeysetPage<LogEntry>> logs(
            String serial, String level, OffsetDateTime from, OffsetDateTime to, int limit, KeysetCursor cursor) {
        Tuple args = Tuple.tuple()
                .addString(serial)
                .addString(level)
                .addOffsetDateTime(from)
                .addOffsetDateTime(to);
        return page(LOGS, args, limit, cursor, DeviceRepository::log, e -> new KeysetCursor(e.receivedAt(), e.id()));
    }

    public Uni<KeysetPage<HeartbeatEntry>> heartbeats(
            String serial, OffsetDateTime from, OffsetDateTime to, int limit, KeysetCursor cursor) {
        Tuple args = Tuple.tuple().addString(serial).addOffsetDateTime(from).addOffsetDateTime(to);
        return page(
                HEARTBEATS,
                args,
                limit,
                cursor,
                DeviceRepository::heartbeat,
                e -> new KeysetCursor(e.receivedAt(), e.id()));
    }

    public Uni<KeysetPage<AlertEntry>> alerts(String serial, String state, int limit, KeysetCursor cursor) {
        Tuple args = Tuple.tuple().addString(serial).addString(state);
        return page(ALERTS, args, limit, cursor, DeviceRepository::alert, e -> new KeysetCursor(e.raisedAt(), e.id()));
    }

    public Uni<KeysetPage<CommandEntry>> commands(String serial, String status, int limit, KeysetCursor cursor) {
        Tuple args = Tuple.tuple().addString(serial).addString(status);
        return page(
                COMMANDS,
                args,
                limit,
                cursor,
                DeviceRepository::commandRow,
                e -> new KeysetCursor(e.createdAt(), e.id()));
    }

    public Uni<KeysetPage<MfgAuditEntry>> mfgAudit(String serial, int limit, KeysetCursor cursor) {
        return page(
                MFG_AUDIT,
                Tuple.tuple().addString(serial),
                limit,
                cursor,
                DeviceRepository::mfg,
                e -> new KeysetCursor(e.occurredAt(), e.id()));
    }

    /** Latest heartbeat (null if none) and open alerts; null when the device has sent neither. */
    public Uni<DeviceViews.DeviceStatus> status(String serial) {
        Uni<List<HeartbeatEntry>> latest = list(LATEST_HEARTBEAT, Tuple.of(serial), DeviceRepository::heartbeat);
        Uni<List<AlertEntry>> open = list(OPEN_ALERTS, Tuple.of(serial), DeviceRepository::alert);
        return Uni.combine().all().unis(latest, open).asTuple().map(t -> {
            if (t.getItem1().isEmpty() && t.getItem2().isEmpty()) {
                return null;
            }
            return new DeviceViews.DeviceStatus(
                    serial, t.getItem1().isEmpty() ? null : t.getItem1().get(0), t.getItem2());
        });
    }

    /** The latest heartbeat of every device, by serial; the cursor is the last serial of the page. */
    public Uni<KeysetPage<HeartbeatEntry>> latestPerDevice(int limit, String cursor) {
        String after = cursor == null || cursor.isBlank() ? null : decodeSerialCursor(cursor);
        return list(
                        LATEST_PER_DEVICE,
                        Tuple.tuple().addString(after).addInteger(limit + 1),
                        DeviceRepository::heartbeat)
                .map(rows -> {
                    boolean more = rows.size() > limit;
                    List<HeartbeatEntry> items = more ? rows.subList(0, limit) : rows;
                    String next = more
                            ? Base64.getUrlEncoder()
                                    .withoutPadding()
                                    .encodeToString(
                                            ("s1:" + items.get(items.size() - 1).deviceSerial())
                                                    .getBytes(StandardCharsets.UTF_8))
                            : null;
                    return KeysetPage.of(items, limit, next);
                });
    }

    private static String decodeSerialCursor(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8);
            if (raw.startsWith("s1:")) {
                return raw.substring(3);
            }
        } catch (IllegalArgumentException e) {
            // falls through to the 400
        }
        throw com.bellsystems.common.problem.ProblemException.invalidField(
                "cursor", "is not a cursor this API issued; pass next_cursor back unchanged");
    }

    private <T> Uni<KeysetPage<T>> page(
            String sql,
            Tuple args,
            int limit,
            KeysetCursor cursor,
            Function<Row, T> mapper,
            Function<T, KeysetCursor> cursorOf) {
        args.addOffsetDateTime(cursor == null ? null : cursor.at())
                .addLong(cursor == null ? null : cursor.id())
                .addInteger(limit + 1);
        return list(sql, args, mapper).map(rows -> {
            boolean more = rows.size() > limit;
            List<T> items = more ? rows.subList(0, limit) : rows;
            String next = more ? cursorOf.apply(items.get(items.size() - 1)).encode() : null;
            return KeysetPage.of(items, limit, next);
        });
    }

    private <T> Uni<List<T>> list(String sql, Tuple args, Function<Row, T> mapper) {
        return pool.preparedQuery(sql).execute(args).map(rows -> {
            List<T> out = new ArrayList<>(rows.size());
            for (Row row : rows) {
                out.add(mapper.apply(row));
            }
            return out;
        });
    }

    private static LogEntry log(Row r) {
        return new LogEntry(
                r.getLong("id"),
                r.getString("device_serial"),
                r.getString("level"),
                r.getString("message"),
                r.getLong("device_timestamp"),
                r.getOffsetDateTime("received_at"));
    }

    private static HeartbeatEntry heartbeat(Row r) {
        return new HeartbeatEntry(
                r.getLong("id"),
                r.getString("device_serial"),
                r.getString("firmware_version"),
                r.getString("hardware_type"),
                r.getString("ip_address"),
                r.getLong("uptime_seconds"),
                r.getInteger("signal_rssi"),
                r.getLong("free_memory"),
                r.getString("payload"),
                r.getOffsetDateTime("received_at"));
    }

    private static AlertEntry alert(Row r) {
        return new AlertEntry(
                r.getLong("id"),
                r.getString("device_serial"),
                r.getString("alert_type"),
                r.getString("severity"),
                r.getString("state"),
                r.getString("message"),
                r.getString("details"),
                r.getOffsetDateTime("raised_at"),
                r.getOffsetDateTime("cleared_at"));
    }

    public static CommandEntry commandRow(Row r) {
        return new CommandEntry(
                r.getLong("id"),
                r.getString("device_serial"),
                r.getString("command_name"),
                r.getString("params"),
                r.getString("status"),
                r.getString("response"),
                r.getString("sent_by"),
                r.getOffsetDateTime("created_at"),
                r.getOffsetDateTime("sent_at"),
                r.getOffsetDateTime("acked_at"));
    }

    private static MfgAuditEntry mfg(Row r) {
        return new MfgAuditEntry(
                r.getLong("id"),
                r.getOffsetDateTime("occurred_at"),
                r.getString("actor"),
                r.getString("action"),
                r.getString("serial_number"),
                r.getString("details"));
    }
}
