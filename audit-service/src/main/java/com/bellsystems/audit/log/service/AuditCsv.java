package com.bellsystems.audit.log.service;

import com.bellsystems.audit.log.AuditRecord;
import io.vertx.core.json.JsonObject;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * RFC 4180 CSV for the export: a field holding a comma, quote, CR or LF is quoted and its quotes
 * doubled; lines end with CRLF; text is written as is (UTF-8, so Greek labels survive). The JSON
 * columns are written as compact JSON in one field. A field a spreadsheet would read as a formula
 * (starting with {@code = + - @}, tab or CR) gets a leading {@code '} (OWASP "CSV Injection"): audit
 * text is whatever staff typed, and an export is opened by someone else.
 */
public final class AuditCsv {

    public static final String HEADER = line(List.of(
            "id",
            "occurred_at",
            "actor_id",
            "actor_name",
            "action",
            "entity_type",
            "entity_id",
            "entity_label",
            "changes",
            "meta"));

    /** First characters that make Excel, LibreOffice or Google Sheets evaluate a cell. */
    private static final String FORMULA_STARTS = "=+-@\t\r";

    private AuditCsv() {}

    public static String row(AuditRecord r) {
        return line(java.util.Arrays.asList(
                Long.toString(r.id()),
                DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(r.occurredAt()),
                r.actorId(),
                r.actorName(),
                r.action(),
                r.entityType(),
                r.entityId(),
                r.entityLabel(),
                json(r.changes()),
                json(r.meta())));
    }

    static String line(List<String> fields) {
        StringBuilder out = new StringBuilder(128);
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(field(fields.get(i)));
        }
        return out.append("\r\n").toString();
    }

    /** One field; null is written as an empty field. */
    public static String field(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        if (FORMULA_STARTS.indexOf(value.charAt(0)) >= 0) {
            value = "'" + value;
        }
        boolean quote = false;
        for (int i = 0; i < value.length() && !quote; i++) {
            char c = value.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }

    private static String json(Map<String, Object> value) {
        return value == null ? null : new JsonObject(value).encode();
    }
}
