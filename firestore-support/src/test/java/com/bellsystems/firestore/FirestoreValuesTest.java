package com.bellsystems.firestore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.Blob;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.FieldValue;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.GeoPoint;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FirestoreValuesTest {

    private static FirestoreProvider provider;
    private static Firestore firestore;

    @BeforeAll
    static void client() {
        // Building a client contacts nobody: only used here to make DocumentReferences.
        provider = FirestoreProvider.forEmulator("values-test", "127.0.0.1:9");
        firestore = provider.firestore();
    }

    @AfterAll
    static void close() {
        provider.close();
    }

    @Test
    void timestampBecomesUtcOffsetDateTimeWithNanos() {
        Timestamp ts = Timestamp.ofTimeSecondsAndNanos(1_700_000_000L, 123_456_000);
        Object plain = FirestoreValues.toPlain(ts);
        assertEquals(OffsetDateTime.of(2023, 11, 14, 22, 13, 20, 123_456_000, ZoneOffset.UTC), plain);
        assertEquals("2023-11-14T22:13:20.123456Z", FirestoreValues.toJson(ts));
        assertEquals("2023-11-14T22:13:20.123456Z", FirestoreValues.iso(ts));
    }

    @Test
    void isoRendersOtherOffsetsInUtc() {
        OffsetDateTime athens = OffsetDateTime.of(2024, 3, 1, 12, 0, 0, 0, ZoneOffset.ofHours(2));
        assertEquals("2024-03-01T10:00:00Z", FirestoreValues.iso(athens));
    }

    @Test
    void geoPointBecomesLatLngMap() {
        Object plain = FirestoreValues.toPlain(new GeoPoint(37.98, 23.72));
        assertEquals(Map.of("lat", 37.98, "lng", 23.72), plain);
        assertEquals(new GeoPoint(37.98, 23.72), FirestoreValues.toGeoPoint(Map.of("lat", 37.98, "lng", 23.72)));
        assertThrows(IllegalArgumentException.class, () -> FirestoreValues.toGeoPoint(Map.of("lat", "x")));
    }

    @Test
    void documentReferenceBecomesItsId() {
        DocumentReference ref = firestore.document("crm_customers/cust-42");
        assertEquals("cust-42", FirestoreValues.toPlain(ref));
        assertEquals("cust-42", FirestoreValues.toJson(ref));
        DocumentReference nested = firestore.document("crm_customers/c1/orders/o-7");
        assertEquals("o-7", FirestoreValues.toPlain(nested));
    }

    @Test
    void blobBecomesBase64() {
        Blob blob = Blob.fromBytes(new byte[] {0, 1, 2, (byte) 0xff});
        assertEquals("AAEC/w==", FirestoreValues.toPlain(blob));
        assertEquals(blob, FirestoreValues.blobFromBase64("AAEC/w=="));
    }

    @Test
    void scalarsPassThrough() {
        assertNull(FirestoreValues.toPlain(null));
        assertEquals(42L, FirestoreValues.toPlain(42L));
        assertEquals(4.5, FirestoreValues.toPlain(4.5));
        assertEquals(true, FirestoreValues.toPlain(true));
        assertEquals("x", FirestoreValues.toPlain("x"));
        assertEquals(7L, FirestoreValues.toPlain(7));
    }

    @Test
    void convertsRecursivelyThroughMapsAndLists() {
        Map<String, Object> inner = new HashMap<>();
        inner.put("when", Timestamp.ofTimeSecondsAndNanos(0, 0));
        inner.put("where", new GeoPoint(1, 2));
        inner.put("nothing", null);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("contacts", List.of(Map.of("ref", firestore.document("a/b")), "plain"));
        data.put("meta", inner);
        data.put("tags", Arrays.asList("x", null, 3L));

        Map<String, Object> json = FirestoreValues.toJsonMap(data);
        assertEquals(List.of(Map.of("ref", "b"), "plain"), json.get("contacts"));
        @SuppressWarnings("unchecked")
        Map<String, Object> meta = (Map<String, Object>) json.get("meta");
        assertEquals("1970-01-01T00:00:00Z", meta.get("when"));
        assertEquals(Map.of("lat", 1.0, "lng", 2.0), meta.get("where"));
        assertTrue(meta.containsKey("nothing"));
        assertEquals(Arrays.asList("x", null, 3L), json.get("tags"));

        Map<String, Object> plain = FirestoreValues.toPlainMap(data);
        @SuppressWarnings("unchecked")
        Map<String, Object> plainMeta = (Map<String, Object>) plain.get("meta");
        assertEquals(OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), plainMeta.get("when"));
        assertNull(FirestoreValues.toPlainMap(null));
    }

    @Test
    void writeDirectionConvertsJavaTypes() {
        OffsetDateTime time = OffsetDateTime.of(2024, 5, 6, 7, 8, 9, 500_000_000, ZoneOffset.ofHours(3));
        UUID id = UUID.randomUUID();
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("at", time);
        in.put("instant", Instant.ofEpochSecond(10, 5));
        in.put("date", new Date(1000));
        in.put("count", 3);
        in.put("price", new BigDecimal("12.50"));
        in.put("ratio", 1.5f);
        in.put("id", id);
        in.put("unit", java.util.concurrent.TimeUnit.SECONDS);
        in.put("bytes", new byte[] {1, 2});
        in.put("list", new ArrayList<>(List.of(OffsetDateTime.of(1970, 1, 1, 0, 0, 1, 0, ZoneOffset.UTC), 1)));
        in.put("array", new Object[] {1, "a"});
        in.put("nested", Map.of("deep", Map.of("n", (short) 2)));
        in.put("geo", new GeoPoint(1, 2));
        in.put("ts", Timestamp.ofTimeSecondsAndNanos(5, 0));
        in.put("ref", firestore.document("a/b"));
        in.put("server", FieldValue.serverTimestamp());
        in.put("null", null);

        Map<String, Object> out = FirestoreValues.toFirestoreMap(in);
        assertEquals(Timestamp.ofTimeSecondsAndNanos(time.toEpochSecond(), 500_000_000), out.get("at"));
        assertEquals(Timestamp.ofTimeSecondsAndNanos(10, 5), out.get("instant"));
        assertEquals(Timestamp.ofTimeSecondsAndNanos(1, 0), out.get("date"));
        assertEquals(3L, out.get("count"));
        assertEquals(12.5, out.get("price"));
        assertEquals(1.5, out.get("ratio"));
        assertEquals(id.toString(), out.get("id"));
        assertEquals("SECONDS", out.get("unit"));
        assertEquals(Blob.fromBytes(new byte[] {1, 2}), out.get("bytes"));
        assertEquals(List.of(Timestamp.ofTimeSecondsAndNanos(1, 0), 1L), out.get("list"));
        assertEquals(List.of(1L, "a"), out.get("array"));
        assertEquals(Map.of("deep", Map.of("n", 2L)), out.get("nested"));
        assertEquals(new GeoPoint(1, 2), out.get("geo"));
        assertEquals(Timestamp.ofTimeSecondsAndNanos(5, 0), out.get("ts"));
        assertEquals(firestore.document("a/b"), out.get("ref"));
        assertEquals(FieldValue.serverTimestamp(), out.get("server"));
        assertTrue(out.containsKey("null"));
        assertNull(out.get("null"));
    }

    @Test
    void aTaggedTimestampSurvivesJsonAndIsWrittenAsATimestamp() {
        OffsetDateTime time = OffsetDateTime.of(2025, 11, 2, 9, 15, 0, 123_456_000, ZoneOffset.UTC);
        // what an outbox payload holds after a JSONB round trip: plain maps and strings
        Map<String, Object> json = Map.of("published_at", new LinkedHashMap<>(FirestoreValues.timestampTag(time)));
        assertEquals(Map.of("$timestamp", "2025-11-02T09:15:00.123456Z"), json.get("published_at"));
        Map<String, Object> out = FirestoreValues.toFirestoreMap(json);
        assertEquals(Timestamp.ofTimeSecondsAndNanos(time.toEpochSecond(), 123_456_000), out.get("published_at"));
        // a map that only looks like the tag stays a map
        assertEquals(
                Map.of("$timestamp", "not a time"), FirestoreValues.toFirestore(Map.of("$timestamp", "not a time")));
        assertEquals(
                Map.of("$timestamp", "2025-11-02T09:15:00Z", "other", 1L),
                FirestoreValues.toFirestore(Map.of("$timestamp", "2025-11-02T09:15:00Z", "other", 1)));
        assertNull(FirestoreValues.timestampTag(null));
    }

    @Test
    void readThenWriteRoundTripsTimestamps() {
        Timestamp ts = Timestamp.ofTimeSecondsAndNanos(1_234_567_890L, 987_654_000);
        Object plain = FirestoreValues.toPlain(ts);
        assertEquals(ts, FirestoreValues.toFirestore(plain));
        assertEquals(ts, FirestoreValues.parseTimestamp((String) FirestoreValues.toJson(ts)));
    }

    @Test
    void unsupportedTypeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> FirestoreValues.toFirestore(new Object()));
    }

    @Test
    void typedJsonKeepsEveryTypeAndComesBack() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("null", null);
        doc.put("bool", false);
        doc.put("int", 9_007_199_254_740_993L);
        doc.put("double", 2.0);
        doc.put("tiny", 1e-7);
        doc.put("huge", 1e20);
        doc.put("nan", Double.NaN);
        doc.put("negzero", -0.0);
        doc.put("text", "Αθήνα 🔔");
        doc.put("time", Timestamp.ofTimeSecondsAndNanos(1_759_492_801L, 123_456_789));
        doc.put("geo", new GeoPoint(37.98, 23.72));
        doc.put("bytes", Blob.fromBytes(new byte[] {0, (byte) 0xff}));
        doc.put("ref", firestore.document("crm_products/p1"));
        doc.put("list", Arrays.asList(1L, "two", Map.of("deep", Timestamp.ofTimeSecondsAndNanos(0, 1)), null));
        doc.put("map", Map.of("a", Map.of("b", 12.345)));
        // (through JSON text and JSONB: migration-service's ConversionTest and NothingDroppedTest)
        Map<?, ?> parsed = FirestoreValues.toTypedMap(doc);
        Map<String, Object> back = new LinkedHashMap<>();
        parsed.forEach((k, v) -> back.put((String) k, FirestoreValues.fromTyped(v, firestore)));
        assertTrue(FirestoreValues.same(doc, back), back.toString());
        assertEquals(Map.of("integerValue", "9007199254740993"), FirestoreValues.toTyped(9_007_199_254_740_993L));
        assertEquals(Map.of("referenceValue", "crm_products/p1"), FirestoreValues.toTyped(doc.get("ref")));
        // without a client a reference comes back as its path, still the same reference
        assertTrue(FirestoreValues.same(
                FirestoreValues.fromTyped(FirestoreValues.toTyped(doc.get("ref")), null), doc.get("ref")));
    }

    @Test
    void sameTellsIntegersFromDoublesAndKeepsNanoseconds() {
        assertTrue(!FirestoreValues.same(42L, 42.0));
        assertTrue(!FirestoreValues.same(0.0, -0.0));
        assertTrue(FirestoreValues.same(Double.NaN, Double.NaN));
        assertTrue(!FirestoreValues.same(
                Timestamp.ofTimeSecondsAndNanos(1, 123_456_789), Timestamp.ofTimeSecondsAndNanos(1, 123_456_000)));
        assertTrue(!FirestoreValues.same("12.5", 12.5));
        assertTrue(!FirestoreValues.same(Map.of("a", 1L), Map.of("a", 1L, "b", 2L)));
        assertTrue(FirestoreValues.same(Arrays.asList(1L, null), Arrays.asList(1L, null)));
    }
}
