package com.bellsystems.firestore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bellsystems.common.testing.FirestoreEmulator;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.Blob;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.GeoPoint;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client FirestoreProvider builds, against Google's emulator: every Firestore value type
 * survives a write and a read, and FirestoreValues converts both ways the way docs/firestore.md says.
 */
class EmulatorRoundTripTest {

    private static FirestoreEmulator emulator;
    private static String projectId;
    private static FirestoreProvider provider;
    private static Firestore db;

    @BeforeAll
    static void start() {
        emulator = FirestoreEmulator.shared();
        projectId = FirestoreEmulator.newProjectId();
        provider = FirestoreProvider.forEmulator(projectId, emulator.hostPort());
        db = provider.firestore();
    }

    @AfterAll
    static void stop() {
        provider.close();
        emulator.wipe(projectId);
    }

    private static Map<String, Object> everyType() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("level2", Map.of("level3", List.of(1L, Map.of("deep", true))));
        nested.put("when", Timestamp.ofTimeSecondsAndNanos(1_600_000_000L, 5_000));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("string", "Καμπάνα ☎");
        data.put("long", 9_007_199_254_740_993L);
        data.put("double", 12.75);
        data.put("bool", true);
        data.put("null", null);
        data.put("timestamp", Timestamp.ofTimeSecondsAndNanos(1_700_000_000L, 123_456_000));
        data.put("geo", new GeoPoint(37.9838, 23.7275));
        data.put("blob", Blob.fromBytes(new byte[] {0, 1, (byte) 0xfe, (byte) 0xff}));
        data.put("array", Arrays.asList("a", 2L, null, 3.5, false));
        data.put("map", nested);
        data.put("emptyMap", Map.of());
        data.put("emptyArray", List.of());
        return data;
    }

    @Test
    void everyValueTypeRoundTripsThroughTheClient() throws Exception {
        Map<String, Object> data = new LinkedHashMap<>(everyType());
        data.put("ref", db.document("crm_customers/c9"));
        db.document("types/written").set(data).get();

        DocumentSnapshot snap = db.document("types/written").get().get();
        assertTrue(snap.exists());
        Map<String, Object> read = snap.getData();
        for (String key : everyType().keySet()) {
            assertEquals(everyType().get(key), read.get(key), key);
        }
        assertEquals(db.document("crm_customers/c9"), read.get("ref"));
        assertTrue(read.containsKey("null"));
        assertNull(read.get("null"));
        assertEquals(snap.getCreateTime(), snap.getUpdateTime());

        Map<String, Object> json = FirestoreValues.toJsonMap(read);
        assertEquals("2023-11-14T22:13:20.123456Z", json.get("timestamp"));
        assertEquals(Map.of("lat", 37.9838, "lng", 23.7275), json.get("geo"));
        assertEquals("AAH+/w==", json.get("blob"));
        assertEquals("c9", json.get("ref"));
        assertEquals(Arrays.asList("a", 2L, null, 3.5, false), json.get("array"));
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) json.get("map");
        assertEquals("2020-09-13T12:26:40.000005Z", map.get("when"));
        assertEquals(Map.of("level3", List.of(1L, Map.of("deep", true))), map.get("level2"));
    }

    @Test
    void javaValuesConvertedForWritesComeBackAsFirestoreTypes() throws Exception {
        UUID id = UUID.fromString("6f1c1d52-1c0a-4f6e-9d65-5d1c5cdfb2a1");
        Map<String, Object> java = new LinkedHashMap<>();
        java.put("when", OffsetDateTime.of(2025, 10, 3, 14, 0, 1, 123_456_000, ZoneOffset.ofHours(2)));
        java.put("instant", Instant.ofEpochSecond(1_700_000_000L));
        java.put("int", 7);
        java.put("money", new java.math.BigDecimal("1234.50"));
        java.put("id", id);
        java.put("bytes", new byte[] {1, 2, 3});
        java.put("list", List.of(Map.of("n", (short) 3)));
        db.document("types/converted").set(FirestoreValues.toFirestoreMap(java)).get();

        DocumentSnapshot snap = db.document("types/converted").get().get();
        assertEquals(Timestamp.ofTimeSecondsAndNanos(1_759_492_801L, 123_456_000), snap.getTimestamp("when"));
        assertEquals(Timestamp.ofTimeSecondsAndNanos(1_700_000_000L, 0), snap.getTimestamp("instant"));
        assertEquals(7L, snap.getLong("int"));
        assertEquals(1234.5, snap.getDouble("money"));
        assertEquals(id.toString(), snap.getString("id"));
        assertEquals(Blob.fromBytes(new byte[] {1, 2, 3}), snap.getBlob("bytes"));
        assertEquals(List.of(Map.of("n", 3L)), snap.get("list"));
        assertEquals(
                OffsetDateTime.of(2025, 10, 3, 12, 0, 1, 123_456_000, ZoneOffset.UTC),
                FirestoreValues.toPlainMap(snap.getData()).get("when"));
    }
}
