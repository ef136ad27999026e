package com.bellsystems.common.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bellsystems.common.MigratedDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Phase 0 schema, checked against a database migrated by the real Flyway history. */
class SchemaTest {

    static final List<String> TABLES = List.of(
            "_migration_runs",
            "device_logs",
            "crm_customers",
            "crm_orders",
            "staff",
            "audit_log",
            "crm_products",
            "console_settings",
            "public_features",
            "crm_comms_log",
            "crm_media",
            "crm_sync_state",
            "crm_quotations",
            "crm_quotation_items",
            "mfg_audit_log",
            "device_alerts",
            "commands",
            "heartbeats",
            "melody_drafts",
            "built_melodies",
            "firmware_versions",
            "entries",
            "entry_links",
            "support_tickets",
            "ticket_messages");

    /** Columns that hold structured values and must therefore be jsonb. */
    static final List<String> STRUCTURED = List.of(
            "crm_customers.contacts",
            "crm_customers.notes",
            "crm_customers.owned_items",
            "crm_customers.location",
            "crm_customers.technical_issues",
            "crm_customers.install_support",
            "crm_customers.transaction_history",
            "crm_customers.crm_summary",
            "crm_orders.items",
            "crm_orders.discount",
            "crm_orders.shipping",
            "crm_orders.payment_status",
            "crm_orders.timeline",
            "staff.permissions",
            "staff.ui_prefs",
            "audit_log.changes",
            "audit_log.meta",
            "console_settings.value",
            "public_features.config",
            "crm_sync_state.value",
            "commands.params",
            "commands.response",
            "heartbeats.payload",
            "melody_drafts.data",
            "built_melodies.steps",
            "built_melodies.assigned_melody_ids",
            "crm_comms_log.attachments",
            "crm_comms_log.to_addresses",
            "crm_media.tags",
            "crm_quotations.comments",
            "device_alerts.details",
            "mfg_audit_log.details",
            "ticket_messages.attachments",
            "firmware_versions.metadata");

    static MigratedDatabase db;
    static Connection c;

    @BeforeAll
    static void migrate() throws SQLException {
        db = new MigratedDatabase();
        c = db.connect();
    }

    @AfterAll
    static void drop() throws SQLException {
        c.close();
        db.close();
    }

    @Test
    void everyTableOfThePlanExists() throws SQLException {
        Set<String> present = strings("SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
        for (String table : TABLES) {
            assertTrue(present.contains(table), "missing table " + table);
        }
    }

    @Test
    void everyTimeColumnIsTimestamptz() throws SQLException {
        // Any column named like a time must be timestamptz; device_timestamp is the device's own
        // epoch counter, BIGINT exactly as the plan writes it.
        Set<String> wrong = strings(
                """
                SELECT c.table_name || '.' || c.column_name || ' ' || c.data_type
                FROM information_schema.columns c
                JOIN pg_tables t ON t.tablename = c.table_name AND t.schemaname = c.table_schema
                WHERE c.table_schema = 'public'
                  AND (c.column_name ~ '(_at|_date|timestamp)$')
                  AND c.column_name <> 'device_timestamp'
                  AND c.data_type <> 'timestamp with time zone'""");
        assertEquals(Set.of(), wrong);
        Set<String> naive = strings(
                """
                SELECT table_name || '.' || column_name FROM information_schema.columns
                WHERE table_schema = 'public' AND table_name <> 'flyway_schema_history' AND data_type IN ('timestamp without time zone', 'date', 'time without time zone')""");
        assertEquals(Set.of(), naive, "no naive time columns anywhere");
    }

    @Test
    void everyStructuredColumnIsJsonb() throws SQLException {
        for (String column : STRUCTURED) {
            String[] tc = column.split("\\.");
            Set<String> type = strings(
                    "SELECT data_type FROM information_schema.columns WHERE table_schema='public' AND table_name='"
                            + tc[0] + "' AND column_name='" + tc[1] + "'");
            assertEquals(Set.of("jsonb"), type, column);
        }
        assertEquals(
                Set.of(),
                strings("SELECT table_name || '.' || column_name FROM information_schema.columns "
                        + "WHERE table_schema='public' AND data_type = 'json'"),
                "json columns must be jsonb");
    }

    @Test
    void deviceLogsIsRangePartitionedOnReceivedAtWithCurrentAndNextMonth() throws SQLException {
        assertEquals(
                Set.of("r:received_at"),
                strings(
                        """
                SELECT p.partstrat::text || ':' || a.attname
                FROM pg_partitioned_table p
                JOIN pg_class c ON c.oid = p.partrelid
                JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = p.partattrs[0]
                WHERE c.relname = 'device_logs'"""));
        Set<String> partitions = partitions();
        LocalDate month = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1);
        assertTrue(partitions.contains(partitionName(month)), partitions.toString());
        assertTrue(partitions.contains(partitionName(month.plusMonths(1))), partitions.toString());
    }

    @Test
    void theIndexesThePlanNamesExist() throws SQLException {
        Set<String> indexes = strings("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'");
        for (String index : List.of(
                "idx_device_logs_serial_time",
                "idx_device_logs_level",
                "idx_crm_customers_rel_status",
                "idx_crm_customers_tags",
                "idx_crm_customers_name",
                "idx_crm_orders_customer",
                "idx_crm_orders_status",
                "idx_audit_actor",
                "idx_audit_entity",
                "idx_audit_action",
                "idx_audit_occurred")) {
            assertTrue(indexes.contains(index), "missing index " + index);
        }
        assertEquals(
                Set.of("gin"),
                strings("SELECT am.amname FROM pg_class i JOIN pg_am am ON am.oid = i.relam "
                        + "WHERE i.relname = 'idx_crm_customers_tags'"));
    }

    @Test
    void partitionFunctionCreatesIdempotentlyWithUtcBounds() throws SQLException {
        Set<String> first = strings("SELECT ensure_device_logs_partitions('2023-01-20', '2023-03-02')");
        assertEquals(Set.of("device_logs_2023_01", "device_logs_2023_02", "device_logs_2023_03"), first);
        assertEquals(
                Set.of(),
                strings("SELECT ensure_device_logs_partitions('2023-01-01', '2023-03-31')"),
                "a second call creates nothing and fails on nothing");
        try (Statement s = c.createStatement()) {
            s.execute("SET TimeZone = 'Asia/Tokyo'");
            s.execute("INSERT INTO device_logs (device_serial, level, message, received_at) "
                    + "VALUES ('SN-1', 'info', 'edge', '2023-02-01 00:00:00+00')");
            s.execute("RESET TimeZone");
        }
        assertEquals(
                Set.of("device_logs_2023_02"),
                strings("SELECT tableoid::regclass::text FROM device_logs WHERE device_serial = 'SN-1'"),
                "a UTC month start lands in that month's partition");
    }

    @Test
    void retentionDropsOnlyWhollyOlderPartitions() throws SQLException {
        strings("SELECT ensure_device_logs_partitions('2022-01-01', '2022-04-01')");
        Set<String> dropped = strings("SELECT drop_device_logs_partitions_before('2022-03-15')");
        assertEquals(Set.of("device_logs_2022_01", "device_logs_2022_02"), dropped);
        Set<String> left = partitions();
        assertTrue(left.contains("device_logs_2022_03") && left.contains("device_logs_2022_04"), left.toString());
    }

    @Test
    void quotationCustomerKeyIsDeclaredNotValidForLateCustomers() throws SQLException {
        assertEquals(
                Set.of("false"),
                strings("SELECT convalidated::text FROM pg_constraint WHERE conname = 'fk_crm_quotations_customer'"));
    }

    private Set<String> partitions() throws SQLException {
        return strings("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                + "WHERE i.inhparent = 'device_logs'::regclass");
    }

    private static String partitionName(LocalDate month) {
        return String.format("device_logs_%04d_%02d", month.getYear(), month.getMonthValue());
    }

    private Set<String> strings(String sql) throws SQLException {
        Set<String> out = new TreeSet<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
