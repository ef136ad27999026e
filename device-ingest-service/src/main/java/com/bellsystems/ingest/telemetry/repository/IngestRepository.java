package com.bellsystems.ingest.telemetry.repository;

import com.bellsystems.ingest.config.IngestConfig;
import com.bellsystems.ingest.telemetry.DeviceRecord;
import com.bellsystems.ingest.telemetry.Inbound;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Writes one batch of device messages in one transaction: one multi-row statement per kind
 * ({@code UNNEST} of arrays, so a batch of 500 is one round trip per kind, whatever its size).
 * Redelivered messages go through a second statement per kind that skips rows already stored;
 * it runs after the first so it also sees rows of the same batch.
 */
@ApplicationScoped
public class IngestRepository {

    private static final String LOG_COLUMNS = "$1::text[], $2::text[], $3::text[], $4::int8[], $5::int8[]";
    private static final String INSERT_LOGS =
            """
            INSERT INTO device_logs (device_serial, level, message, device_timestamp, msg_hash)
            SELECT * FROM UNNEST("""
                    + LOG_COLUMNS + ")";
    private static final String INSERT_LOGS_REDELIVERED =
            """
            INSERT INTO device_logs (device_serial, level, message, device_timestamp, msg_hash)
            SELECT u.* FROM UNNEST("""
                    + LOG_COLUMNS
                    + """
            ) AS u(serial, level, message, ts, hash)
            WHERE NOT EXISTS (SELECT 1 FROM device_logs d WHERE d.device_serial = u.serial AND d.msg_hash = u.hash
                              AND d.received_at > now() - $6::int8 * interval '1 second')""";

    private static final String HB_COLUMNS =
            "$1::text[], $2::text[], $3::text[], $4::text[], $5::int8[], $6::int4[], $7::int8[], $8::text[], $9::int8[]";
    private static final String HB_SELECT = " AS u(serial, fw, hw, ip, uptime, rssi, mem, payload, hash)";
    private static final String INSERT_HEARTBEATS =
            """
            INSERT INTO heartbeats (device_serial, firmware_version, hardware_type, ip_address, uptime_seconds,
                                    signal_rssi, free_memory, payload, msg_hash)
            SELECT u.serial, u.fw, u.hw, u.ip, u.uptime, u.rssi, u.mem, u.payload::jsonb, u.hash
            FROM UNNEST("""
                    + HB_COLUMNS + ")" + HB_SELECT;
    private static final String INSERT_HEARTBEATS_REDELIVERED = INSERT_HEARTBEATS
            + """

            WHERE NOT EXISTS (SELECT 1 FROM heartbeats h WHERE h.device_serial = u.serial AND h.msg_hash = u.hash
                              AND h.received_at > now() - $10::int8 * interval '1 second')""";

    private static final String ALERT_COLUMNS =
            "$1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int8[]";
    private static final String INSERT_ALERTS =
            """
            INSERT INTO device_alerts (device_serial, alert_type, severity, message, details, msg_hash)
            SELECT u.serial, u.type, u.severity, u.message, u.details::jsonb, u.hash
            FROM UNNEST("""
                    + ALERT_COLUMNS + ") AS u(serial, type, severity, message, details, hash)";
    private static final String INSERT_ALERTS_REDELIVERED = INSERT_ALERTS
            + """

            WHERE NOT EXISTS (SELECT 1 FROM device_alerts a WHERE a.device_serial = u.serial AND a.msg_hash = u.hash
                              AND a.raised_at > now() - $7::int8 * interval '1 second')""";

    // Clearing and acknowledging are idempotent updates: a redelivery changes nothing.
    private static final String CLEAR_ALERTS =
            """
            UPDATE device_alerts a SET state = 'cleared', cleared_at = now()
            FROM UNNEST($1::text[], $2::text[]) AS u(serial, type)
            WHERE a.device_serial = u.serial AND a.alert_type = u.type AND a.state = 'active'""";
    private static final String ACK_COMMANDS =
            """
            UPDATE commands c
            SET status = CASE WHEN u.ok THEN 'acked' ELSE 'failed' END, response = u.response::jsonb, acked_at = now()
            FROM UNNEST($1::int8[], $2::text[], $3::bool[], $4::text[]) AS u(id, serial, ok, response)
            WHERE c.id = u.id AND c.device_serial = u.serial AND c.status IN ('pending', 'sent')""";

    private final Pool pool;
    private final long dedupeWindow;

    public IngestRepository(Pool pool, IngestConfig config) {
        this.pool = pool;
        this.dedupeWindow = config.dedupeWindow().toSeconds();
    }

    public Uni<Void> write(List<Inbound> batch) {
        return pool.withTransaction(tx -> {
            List<Uni<?>> steps = new ArrayList<>();
            for (boolean redelivered : new boolean[] {false, true}) {
                List<Inbound> part = batch.stream()
                        .filter(i -> i.redelivered() == redelivered)
                        .toList();
                if (redelivered) {
                    part = distinct(part); // one statement cannot see its own rows
                }
                addLogs(tx, steps, part, redelivered);
                addHeartbeats(tx, steps, part, redelivered);
                addAlerts(tx, steps, part, redelivered);
            }
            addClears(tx, steps, batch);
            addAcks(tx, steps, batch);
            Uni<?> chain = Uni.createFrom().voidItem();
            for (Uni<?> step : steps) {
                chain = chain.flatMap(x -> step);
            }
            return chain.replaceWithVoid();
        });
    }

    private void addLogs(SqlClient tx, List<Uni<?>> steps, List<Inbound> part, boolean redelivered) {
        List<Inbound> rows = only(part, DeviceRecord.Log.class);
        if (rows.isEmpty()) {
            return;
        }
        Tuple t = Tuple.tuple()
                .addArrayOfString(strings(rows, r -> ((DeviceRecord.Log) r.record()).serial()))
                .addArrayOfString(strings(rows, r -> ((DeviceRecord.Log) r.record()).level()))
                .addArrayOfString(strings(rows, r -> ((DeviceRecord.Log) r.record()).message()))
                .addArrayOfLong(longs(rows, r -> ((DeviceRecord.Log) r.record()).deviceTimestamp()))
                .addArrayOfLong(longs(rows, Inbound::hash));
        steps.add(
                redelivered
                        ? tx.preparedQuery(INSERT_LOGS_REDELIVERED).execute(t.addLong(dedupeWindow))
                        : tx.preparedQuery(INSERT_LOGS).execute(t));
    }

    private void addHeartbeats(SqlClient tx, List<Uni<?>> steps, List<Inbound> part, boolean redelivered) {
        List<Inbound> rows = only(part, DeviceRecord.Heartbeat.class);
        if (rows.isEmpty()) {
            return;
        }
        Function<Inbound, DeviceRecord.Heartbeat> hb = r -> (DeviceRecord.Heartbeat) r.record();
        Tuple t = Tuple.tuple()
                .addArrayOfString(strings(rows, r -> hb.apply(r).serial()))
                .addArrayOfString(strings(rows, r -> hb.apply(r).firmwareVersion()))
                .addArrayOfString(strings(rows, r -> hb.apply(r).hardwareType()))
                .addArrayOfString(strings(rows, r -> hb.apply(r).ipAddress()))
                .addArrayOfLong(longs(rows, r -> hb.apply(r).uptimeSeconds()))
                .addArrayOfInteger(
                        rows.stream().map(r -> hb.apply(r).signalRssi()).toArray(Integer[]::new))
                .addArrayOfLong(longs(rows, r -> hb.apply(r).freeMemory()))
                .addArrayOfString(strings(rows, r -> hb.apply(r).payloadJson()))
                .addArrayOfLong(longs(rows, Inbound::hash));
        steps.add(
                redelivered
                        ? tx.preparedQuery(INSERT_HEARTBEATS_REDELIVERED).execute(t.addLong(dedupeWindow))
                        : tx.preparedQuery(INSERT_HEARTBEATS).execute(t));
    }

    private void addAlerts(SqlClient tx, List<Uni<?>> steps, List<Inbound> part, boolean redelivered) {
        List<Inbound> rows = only(part, DeviceRecord.Alert.class);
        if (rows.isEmpty()) {
            return;
        }
        Function<Inbound, DeviceRecord.Alert> a = r -> (DeviceRecord.Alert) r.record();
        Tuple t = Tuple.tuple()
                .addArrayOfString(strings(rows, r -> a.apply(r).serial()))
                .addArrayOfString(strings(rows, r -> a.apply(r).alertType()))
                .addArrayOfString(strings(rows, r -> a.apply(r).severity()))
                .addArrayOfString(strings(rows, r -> a.apply(r).message()))
                .addArrayOfString(strings(rows, r -> a.apply(r).detailsJson()))
                .addArrayOfLong(longs(rows, Inbound::hash));
        steps.add(
                redelivered
                        ? tx.preparedQuery(INSERT_ALERTS_REDELIVERED).execute(t.addLong(dedupeWindow))
                        : tx.preparedQuery(INSERT_ALERTS).execute(t));
    }

    private void addClears(SqlClient tx, List<Uni<?>> steps, List<Inbound> batch) {
        List<Inbound> rows = only(batch, DeviceRecord.AlertCleared.class);
        if (rows.isEmpty()) {
            return;
        }
        steps.add(tx.preparedQuery(CLEAR_ALERTS)
                .execute(Tuple.tuple()
                        .addArrayOfString(strings(rows, r -> r.record().serial()))
                        .addArrayOfString(strings(rows, r -> ((DeviceRecord.AlertCleared) r.record()).alertType()))));
    }

    private void addAcks(SqlClient tx, List<Uni<?>> steps, List<Inbound> batch) {
        List<Inbound> rows = only(batch, DeviceRecord.CommandAck.class);
        if (rows.isEmpty()) {
            return;
        }
        Function<Inbound, DeviceRecord.CommandAck> a = r -> (DeviceRecord.CommandAck) r.record();
        steps.add(tx.preparedQuery(ACK_COMMANDS)
                .execute(Tuple.tuple()
                        .addArrayOfLong(longs(rows, r -> a.apply(r).commandId()))
                        .addArrayOfString(strings(rows, r -> a.apply(r).serial()))
                        .addArrayOfBoolean(
                                rows.stream().map(r -> a.apply(r).ok()).toArray(Boolean[]::new))
                        .addArrayOfString(strings(rows, r -> a.apply(r).responseJson()))));
    }

    private static List<Inbound> distinct(List<Inbound> part) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        return part.stream()
                .filter(i -> seen.add(
                        i.record().getClass().getSimpleName() + '|' + i.record().serial() + '|' + i.hash()))
                .toList();
    }

    private static List<Inbound> only(List<Inbound> batch, Class<? extends DeviceRecord> type) {
        return batch.stream().filter(i -> type.isInstance(i.record())).toList();
    }

    private static String[] strings(List<Inbound> rows, Function<Inbound, String> f) {
        return rows.stream().map(f).toArray(String[]::new);
    }

    private static Long[] longs(List<Inbound> rows, Function<Inbound, Long> f) {
        return rows.stream().map(f).toArray(Long[]::new);
    }
}
