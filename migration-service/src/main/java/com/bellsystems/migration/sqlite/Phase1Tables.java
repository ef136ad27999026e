package com.bellsystems.migration.sqlite;

import static com.bellsystems.migration.sqlite.Column.nullable;
import static com.bellsystems.migration.sqlite.Column.optional;
import static com.bellsystems.migration.sqlite.Column.optionalNullable;
import static com.bellsystems.migration.sqlite.Column.req;
import static com.bellsystems.migration.sqlite.Conversion.BOOL;
import static com.bellsystems.migration.sqlite.Conversion.JSON_ANY;
import static com.bellsystems.migration.sqlite.Conversion.JSON_ARRAY;
import static com.bellsystems.migration.sqlite.Conversion.JSON_OBJECT;
import static com.bellsystems.migration.sqlite.Conversion.LONG;
import static com.bellsystems.migration.sqlite.Conversion.NUMERIC;
import static com.bellsystems.migration.sqlite.Conversion.TEXT;
import static com.bellsystems.migration.sqlite.Conversion.TIME;

import java.util.List;

/**
 * The twelve Phase 1 tables, in the spec's order (1.1 to 1.12). This list is the whole per-table
 * knowledge of Phase 1; legacy-schema.sql (resources/legacy) is the source contract it reads.
 * Columns whose legacy writers always set them are required; a few the old code added late are
 * optional and fall back to the target's default when a file predates them.
 */
public final class Phase1Tables {

    private static final String QUOTATION_FK = "fk_crm_quotations_customer";

    private Phase1Tables() {}

    public static final List<TableSpec> ALL = List.of(
            spec(
                    "melody_drafts",
                    "1.1",
                    List.of("id"),
                    null,
                    null,
                    List.of(
                            req("id", TEXT),
                            req("name", TEXT),
                            nullable("pid", TEXT),
                            optional("status", TEXT),
                            req("data", JSON_OBJECT),
                            nullable("created_by", TEXT),
                            req("created_at", TIME),
                            req("updated_at", TIME))),
            spec(
                    "built_melodies",
                    "1.2",
                    List.of("id"),
                    null,
                    null,
                    List.of(
                            req("id", TEXT),
                            req("name", TEXT),
                            nullable("pid", TEXT),
                            req("steps", JSON_ARRAY),
                            nullable("binary_path", TEXT),
                            nullable("progmem_code", TEXT),
                            req("assigned_melody_ids", JSON_ARRAY),
                            req("is_builtin", BOOL),
                            req("created_at", TIME),
                            req("updated_at", TIME))),
            spec(
                    "mfg_audit_log",
                    "1.3",
                    List.of("id"),
                    "id",
                    null,
                    List.of(
                            req("id", LONG),
                            req("occurred_at", TIME),
                            req("actor", TEXT),
                            req("action", TEXT),
                            nullable("serial_number", TEXT),
                            req("details", JSON_OBJECT))),
            spec(
                    "device_alerts",
                    "1.4",
                    List.of("id"),
                    "id",
                    null,
                    List.of(
                            req("id", LONG),
                            req("device_serial", TEXT),
                            req("alert_type", TEXT),
                            optional("severity", TEXT),
                            optional("state", TEXT),
                            nullable("message", TEXT),
                            req("details", JSON_OBJECT),
                            req("raised_at", TIME),
                            nullable("cleared_at", TIME))),
            spec(
                    "crm_sync_state",
                    "1.5",
                    List.of("key"),
                    null,
                    null,
                    List.of(req("key", TEXT), req("value", JSON_ANY), req("updated_at", TIME))),
            new TableSpec(
                    "crm_quotations",
                    "1.6",
                    "crm_quotations",
                    "crm_quotations",
                    List.of("id"),
                    null,
                    null,
                    List.of(
                            req("id", TEXT),
                            req("quotation_number", TEXT),
                            nullable("customer_id", TEXT),
                            nullable("title", TEXT),
                            nullable("subject", TEXT),
                            req("status", TEXT),
                            req("language", TEXT),
                            req("currency", TEXT),
                            req("global_discount_percent", NUMERIC),
                            req("shipping_cost", NUMERIC),
                            req("install_cost", NUMERIC),
                            nullable("extras_label", TEXT),
                            req("extras_cost", NUMERIC),
                            req("vat_percent", NUMERIC),
                            req("subtotal", NUMERIC),
                            req("discount_amount", NUMERIC),
                            req("vat_amount", NUMERIC),
                            req("total", NUMERIC),
                            req("comments", JSON_ARRAY),
                            nullable("client_snapshot", JSON_OBJECT),
                            nullable("pdf_path", TEXT),
                            nullable("created_by", TEXT),
                            req("created_at", TIME),
                            req("updated_at", TIME)),
                    // Customers arrive in Phase 2: NOT VALID skips existing rows only, new inserts
                    // are still checked, so the key is dropped around the load (docs/schema.md).
                    List.of("ALTER TABLE crm_quotations DROP CONSTRAINT IF EXISTS " + QUOTATION_FK),
                    List.of("ALTER TABLE crm_quotations ADD CONSTRAINT " + QUOTATION_FK
                            + " FOREIGN KEY (customer_id) REFERENCES crm_customers (id) ON DELETE SET NULL NOT VALID")),
            spec(
                    "crm_quotation_items",
                    "1.7",
                    List.of("id"),
                    "id",
                    null,
                    List.of(
                            req("id", LONG),
                            req("quotation_id", TEXT),
                            nullable("product_id", TEXT),
                            req("description", TEXT),
                            optional("unit_type", TEXT),
                            req("unit_cost", NUMERIC),
                            optional("discount_percent", NUMERIC),
                            req("quantity", NUMERIC),
                            optional("vat_percent", NUMERIC),
                            req("line_total", NUMERIC),
                            optional("sort_order", LONG))),
            spec(
                    "crm_media",
                    "1.8",
                    List.of("id"),
                    null,
                    null,
                    List.of(
                            req("id", TEXT),
                            nullable("customer_id", TEXT),
                            nullable("order_id", TEXT),
                            req("filename", TEXT),
                            req("nextcloud_path", TEXT),
                            nullable("mime_type", TEXT),
                            nullable("direction", TEXT),
                            req("tags", JSON_ARRAY),
                            nullable("uploaded_by", TEXT),
                            req("created_at", TIME))),
            spec(
                    "crm_comms_log",
                    "1.9",
                    List.of("id"),
                    null,
                    null,
                    List.of(
                            req("id", TEXT),
                            nullable("customer_id", TEXT),
                            req("channel", TEXT),
                            req("direction", TEXT),
                            nullable("subject", TEXT),
                            nullable("body", TEXT),
                            nullable("from_address", TEXT),
                            req("to_addresses", JSON_ARRAY),
                            req("attachments", JSON_ARRAY),
                            nullable("ext_message_id", TEXT),
                            nullable("logged_by", TEXT),
                            req("is_important", BOOL),
                            req("is_read", BOOL),
                            req("occurred_at", TIME),
                            req("created_at", TIME))),
            spec(
                    "commands",
                    "1.10",
                    List.of("id"),
                    "id",
                    null,
                    List.of(
                            req("id", LONG),
                            req("device_serial", TEXT),
                            req("command_name", TEXT),
                            req("params", JSON_OBJECT),
                            req("status", TEXT),
                            nullable("response", JSON_ANY),
                            nullable("sent_by", TEXT),
                            req("created_at", TIME),
                            nullable("sent_at", TIME),
                            nullable("acked_at", TIME))),
            spec(
                    "heartbeats",
                    "1.11",
                    List.of("id"),
                    "id",
                    null,
                    List.of(
                            req("id", LONG),
                            req("device_serial", TEXT),
                            nullable("firmware_version", TEXT),
                            nullable("hardware_type", TEXT),
                            nullable("ip_address", TEXT),
                            nullable("uptime_seconds", LONG),
                            nullable("signal_rssi", LONG),
                            nullable("free_memory", LONG),
                            req("payload", JSON_OBJECT),
                            req("received_at", TIME))),
            spec(
                    "device_logs",
                    "1.12",
                    List.of("id", "received_at"),
                    "id",
                    "received_at",
                    List.of(
                            req("id", LONG),
                            req("device_serial", TEXT),
                            req("level", TEXT),
                            req("message", TEXT),
                            optionalNullable("device_timestamp", LONG),
                            req("received_at", TIME))));

    public static TableSpec byJob(String job) {
        return ALL.stream().filter(t -> t.job().equals(job)).findFirst().orElse(null);
    }

    private static TableSpec spec(
            String table, String step, List<String> key, String serial, String partitionTime, List<Column> columns) {
        return new TableSpec(table, step, table, table, key, serial, partitionTime, columns, List.of(), List.of());
    }
}
