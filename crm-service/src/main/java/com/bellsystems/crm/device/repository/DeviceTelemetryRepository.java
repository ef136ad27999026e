package com.bellsystems.crm.device.repository;

import com.bellsystems.crm.support.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * SQL on the tables device-ingest-service writes (same database, read-only here) and on
 * {@code crm_customers}, for the device detail page: last heartbeat, open alerts, recent logs, and
 * the customer a device is assigned to.
 */
@ApplicationScoped
public class DeviceTelemetryRepository {

    public static final int OPEN_ALERTS = 50;
    public static final int RECENT_LOGS = 20;

    private static final String LAST_HEARTBEAT =
            """
            SELECT id, firmware_version, hardware_type, ip_address, uptime_seconds, signal_rssi, free_memory,
                   payload, received_at
            FROM heartbeats WHERE device_serial = $1 ORDER BY received_at DESC, id DESC LIMIT 1""";
    private static final String OPEN_ALERTS_SQL =
            """
            SELECT id, alert_type, severity, state, message, details, raised_at
            FROM device_alerts WHERE device_serial = $1 AND state = 'active'
            ORDER BY raised_at DESC, id DESC LIMIT $2""";
    private static final String RECENT_LOGS_SQL =
            """
            SELECT id, level, message, device_timestamp, received_at
            FROM device_logs WHERE device_serial = $1 ORDER BY received_at DESC, id DESC LIMIT $2""";
    private static final String CUSTOMER =
            """
            SELECT id, name, surname, organization, relationship_status FROM crm_customers WHERE id = $1""";

    public Uni<Map<String, Object>> lastHeartbeat(SqlClient client, String serial) {
        return client.preparedQuery(LAST_HEARTBEAT).execute(Tuple.of(serial)).map(Rows::first);
    }

    public Uni<List<Map<String, Object>>> openAlerts(SqlClient client, String serial) {
        return client.preparedQuery(OPEN_ALERTS_SQL)
                .execute(Tuple.of(serial, OPEN_ALERTS))
                .map(Rows::all);
    }

    public Uni<List<Map<String, Object>>> recentLogs(SqlClient client, String serial) {
        return client.preparedQuery(RECENT_LOGS_SQL)
                .execute(Tuple.of(serial, RECENT_LOGS))
                .map(Rows::all);
    }

    /** The customer's summary, or null when there is no such customer. */
    public Uni<Map<String, Object>> customer(SqlClient client, String id) {
        return client.preparedQuery(CUSTOMER).execute(Tuple.of(id)).map(Rows::first);
    }
}
