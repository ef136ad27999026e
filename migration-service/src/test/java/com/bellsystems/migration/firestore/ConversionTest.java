package com.bellsystems.migration.firestore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bellsystems.migration.engine.CopyText;
import com.bellsystems.migration.engine.PgType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.Blob;
import com.google.cloud.firestore.GeoPoint;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The field conversions on their own: types, recursion, and the refusals that name the reason. */
class ConversionTest {

    final ObjectMapper json = new ObjectMapper();

    @Test
    void timesBecomeEpochMicrosFromEveryForm() {
        long expected = 1_759_492_801_123_456L;
        assertEquals(
                expected, Conversion.TIME.convert(Timestamp.ofTimeSecondsAndNanos(1_759_492_801L, 123_456_789), json));
        assertEquals(expected, Conversion.TIME.convert("2025-10-03T14:00:01.123456+02:00", json));
        assertEquals(1_759_492_801_000_000L, Conversion.TIME.convert("2025-10-03 12:00:01", json));
        assertEquals(1_759_492_801_000_000L, Conversion.TIME.convert(1_759_492_801L, json));
        assertEquals(1_759_492_801_000_000L, Conversion.TIME.convert(1_759_492_801_000L, json));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> Conversion.TIME.convert(Map.of("seconds", 1L), json));
        assertEquals("expected a timestamp, found a map", e.getMessage());
    }

    @Test
    void jsonConvertsRecursively() throws Exception {
        Object raw = Map.of(
                "at",
                Timestamp.ofTimeSecondsAndNanos(0, 5_000),
                "geo",
                new GeoPoint(1.5, -2.25),
                "bytes",
                Blob.fromBytes(new byte[] {0, (byte) 255}),
                "list",
                Arrays.asList(1L, 2.5, null, List.of(Map.of("deep", Timestamp.ofTimeSecondsAndNanos(86_400, 0)))));
        assertEquals(
                json.readTree("{\"at\":\"1970-01-01T00:00:00.000005Z\",\"geo\":{\"lat\":1.5,\"lng\":-2.25},"
                        + "\"bytes\":\"AP8=\",\"list\":[1,2.5,null,[{\"deep\":\"1970-01-02T00:00:00Z\"}]]}"),
                json.readTree((String) Conversion.JSON.convert(raw, json)));
        assertEquals(
                "expected an array, found a map",
                assertThrows(IllegalArgumentException.class, () -> Conversion.JSON_ARRAY.convert(Map.of(), json))
                        .getMessage());
        assertTrue(
                assertThrows(IllegalArgumentException.class, () -> Conversion.JSON.convert(List.of(Double.NaN), json))
                        .getMessage()
                        .contains("NaN"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class, () -> Conversion.JSON.convert(Map.of("k", "a\u0000b"), json))
                .getMessage()
                .contains("NUL"));
    }

    @Test
    void scalarsAreCheckedAgainstTheirColumns() {
        assertEquals("1234", Conversion.TEXT.convert(1234L, json));
        assertEquals("12", Conversion.TEXT.convert(12.0, json));
        assertEquals(new BigDecimal("12.50"), Conversion.NUMERIC_12_2.convert("12.5", json));
        // the column's value; the job sees that it differs from the source and keeps the original
        assertEquals(new BigDecimal("12.35"), Conversion.NUMERIC_12_2.convert(12.345, json));
        assertEquals(12.35, Conversion.NUMERIC_12_2.back(new BigDecimal("12.35"), json));
        assertEquals(new BigDecimal("0.00"), Conversion.NUMERIC_12_2.convert(1e-7, json));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Conversion.NUMERIC_5_2.convert(1000L, json))
                .getMessage()
                .contains("does not fit NUMERIC(5,2)"));
        assertEquals(3L, Conversion.INT.convert(3.0, json));
        assertThrows(IllegalArgumentException.class, () -> Conversion.INT.convert(3_000_000_000L, json));
        assertEquals(true, Conversion.BOOL.convert(1L, json));
        assertThrows(IllegalArgumentException.class, () -> Conversion.BOOL.convert("yes", json));
        assertThrows(IllegalArgumentException.class, () -> Conversion.TEXT.convert(Map.of(), json));
        assertEquals(List.of("a", "7"), Conversion.TEXT_ARRAY.convert(List.of("a", 7L), json));
    }

    @Test
    void arrayLiteralsEscapeQuotesAndBackslashes() {
        assertEquals("{\"a\",\"with \\\"q\\\", {b} \\\\\"}", CopyText.arrayLiteral(List.of("a", "with \"q\", {b} \\")));
        StringBuilder sb = new StringBuilder();
        CopyText.append(sb, PgType.TEXT, "tab\tnl\ncr\rbs\\");
        assertEquals("tab\\tnl\\ncr\\rbs\\\\", sb.toString());
    }

    @Test
    void doublesInJsonStayDoublesAfterJsonb() {
        // JSONB prints 1.0E15 as 1000000000000000: written with a fraction, it reads back as a double
        String text = Conversion.JSON.convert(Map.of("d", 1e15, "i", 7L), json).toString();
        assertTrue(text.contains("1000000000000000.0"), text);
        assertEquals(Map.of("d", 1e15, "i", 7L), Conversion.JSON.back("{\"d\": 1000000000000000.0, \"i\": 7}", json));
    }

    @Test
    void typedJsonSurvivesJsonText() throws Exception {
        Map<String, Object> doc = new java.util.LinkedHashMap<>();
        doc.put("int", 9_007_199_254_740_993L);
        doc.put("double", 2.0);
        doc.put("tiny", 1e-7);
        doc.put("huge", 1e20);
        doc.put("nan", Double.NaN);
        doc.put("negzero", -0.0);
        doc.put("time", com.google.cloud.Timestamp.ofTimeSecondsAndNanos(1_759_492_801L, 123_456_789));
        doc.put("list", java.util.Arrays.asList(1L, null, Map.of("k", 12.345)));
        String text = Conversion.typed(doc, json);
        // as JSONB prints numbers (plain decimals): 1e20 comes back without a fraction
        text = text.replace("1.0E20", "100000000000000000000").replace("1.0E-7", "0.00000010");
        assertEquals(doc.keySet(), FirestoreJob.extraFields(text, json).keySet());
        assertTrue(com.bellsystems.firestore.FirestoreValues.same(doc, FirestoreJob.extraFields(text, json)), text);
    }
}
