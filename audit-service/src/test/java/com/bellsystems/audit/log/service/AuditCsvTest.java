package com.bellsystems.audit.log.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.bellsystems.audit.log.AuditRecord;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cells a spreadsheet would evaluate are written as text (OWASP CSV injection). */
class AuditCsvTest {

    @Test
    void formulaCellsGetALeadingQuote() {
        assertEquals("'=1+1", AuditCsv.field("=1+1"));
        assertEquals("\"'=HYPERLINK(\"\"http://x\"\";\"\"y\"\")\"", AuditCsv.field("=HYPERLINK(\"http://x\";\"y\")"));
        assertEquals("'+1+1", AuditCsv.field("+1+1"));
        assertEquals("'-2+3", AuditCsv.field("-2+3"));
        assertEquals("'@SUM(A1)", AuditCsv.field("@SUM(A1)"));
        assertEquals("'\tcmd", AuditCsv.field("\tcmd"));
        // CR forces quoting as well: the quote goes inside the quoted field
        assertEquals("\"'\rcmd\"", AuditCsv.field("\rcmd"));
        assertEquals("\"'=1,2\"", AuditCsv.field("=1,2"));
    }

    @Test
    void otherCellsAreUnchanged() {
        assertEquals("plain", AuditCsv.field("plain"));
        assertEquals("a=b", AuditCsv.field("a=b"));
        assertEquals("Ιερός Ναός", AuditCsv.field("Ιερός Ναός"));
        assertEquals("'", AuditCsv.field("'"));
        assertEquals("", AuditCsv.field(""));
        assertEquals("", AuditCsv.field(null));
    }

    @Test
    void everyTextColumnOfARowIsNeutralised() {
        AuditRecord record = new AuditRecord(
                7,
                OffsetDateTime.of(2026, 3, 1, 10, 0, 0, 0, ZoneOffset.UTC),
                "@actor",
                "=cmd|' /C calc'!A0",
                "UPDATE",
                "customer",
                "-1",
                "+label",
                Map.of("name", Map.of("new", "=1+1")),
                null);
        assertEquals(
                "7,2026-03-01T10:00:00Z,'@actor,'=cmd|' /C calc'!A0,UPDATE,customer,'-1,'+label,"
                        + "\"{\"\"name\"\":{\"\"new\"\":\"\"=1+1\"\"}}\",\r\n",
                AuditCsv.row(record));
    }
}
