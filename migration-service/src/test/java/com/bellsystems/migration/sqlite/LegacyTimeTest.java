package com.bellsystems.migration.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.bellsystems.migration.engine.LegacyTime;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The legacy value readers, against hand-computed expectations. */
class LegacyTimeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static long micros(String instant) {
        Instant i = Instant.parse(instant);
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
    }

    @Test
    void readsEveryLegacyTimeFormat() {
        long noon = micros("2025-10-03T12:00:01Z");
        assertEquals(noon, LegacyTime.toMicros("2025-10-03 12:00:01"), "no zone is UTC");
        assertEquals(noon, LegacyTime.toMicros("2025-10-03T12:00:01Z"));
        assertEquals(noon, LegacyTime.toMicros("2025-10-03T14:00:01+02:00"));
        assertEquals(noon, LegacyTime.toMicros("2025-10-03T14:00:01+0200"));
        assertEquals(noon, LegacyTime.toMicros("2025-10-03 09:00:01-03"));
        assertEquals(micros("2025-10-03T10:00:01.123456Z"), LegacyTime.toMicros("2025-10-03T12:00:01.123456+02:00"));
        assertEquals(micros("2025-10-03T12:00:01.500Z"), LegacyTime.toMicros("2025-10-03 12:00:01.5"));
        assertEquals(micros("2025-10-03T12:00:00Z"), LegacyTime.toMicros("2025-10-03 12:00"));
        assertEquals(micros("2025-10-03T00:00:00Z"), LegacyTime.toMicros("2025-10-03"));
        assertEquals(noon, LegacyTime.toMicros(1_759_492_801L), "epoch seconds");
        assertEquals(noon + 123_000, LegacyTime.toMicros(1_759_492_801_123L), "epoch milliseconds");
        assertEquals(noon, LegacyTime.toMicros("1759492801"), "epoch seconds as text");
        assertEquals(noon + 500_000, LegacyTime.toMicros(1_759_492_801.5d), "fractional seconds");
        assertEquals(
                micros("2025-10-03T12:00:01.000001Z"),
                LegacyTime.toMicros("2025-10-03 12:00:01.0000005"),
                "rounded to microseconds like Postgres");
    }

    @Test
    void refusesWhatIsNotATime() {
        for (String bad : new String[] {
            "yesterday",
            "2025-13-03 12:00:00",
            "2025-10-03X12:00",
            "2025-10-03 12:00:01+2",
            "2025-10-03 25:00:00",
            "12/10/2025"
        }) {
            assertThrows(IllegalArgumentException.class, () -> LegacyTime.toMicros(bad), bad);
        }
    }

    @Test
    void writesPostgresText() {
        assertEquals("2025-10-03 10:00:01.123456+00", LegacyTime.toPg(micros("2025-10-03T10:00:01.123456Z")));
        assertEquals("1969-12-31 23:59:59.500000+00", LegacyTime.toPg(-500_000));
    }

    @Test
    void jsonArraysNeverNull() {
        assertEquals("[]", Conversion.JSON_ARRAY.convert(null, true, JSON));
        assertEquals("[]", Conversion.JSON_ARRAY.convert("", true, JSON));
        assertEquals("[]", Conversion.JSON_ARRAY.convert("null", true, JSON));
        assertEquals("[\"Ντο\",1]", Conversion.JSON_ARRAY.convert(" [\"Ντο\", 1] ", true, JSON));
        assertThrows(IllegalArgumentException.class, () -> Conversion.JSON_ARRAY.convert("{\"a\":1}", true, JSON));
        assertThrows(IllegalArgumentException.class, () -> Conversion.JSON_ARRAY.convert("[1,", true, JSON));
        assertEquals("{}", Conversion.JSON_OBJECT.convert("", true, JSON));
        assertEquals(null, Conversion.JSON_OBJECT.convert("null", false, JSON));
        assertEquals("\"plain\"", Conversion.JSON_ANY.convert("plain", true, JSON));
    }

    @Test
    void scalars() {
        assertEquals(Boolean.TRUE, Conversion.BOOL.convert(1, true, JSON));
        assertEquals(Boolean.FALSE, Conversion.BOOL.convert(null, true, JSON));
        assertThrows(IllegalArgumentException.class, () -> Conversion.BOOL.convert(2, true, JSON));
        assertEquals(new BigDecimal("1234.565"), Conversion.NUMERIC.convert(1234.565d, true, JSON));
        assertEquals(42L, Conversion.LONG.convert("42", true, JSON));
        assertThrows(IllegalArgumentException.class, () -> Conversion.LONG.convert("4x", true, JSON));
        assertThrows(IllegalArgumentException.class, () -> Conversion.TEXT.convert("a\u0000b", true, JSON));
    }
}
