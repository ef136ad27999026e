package com.bellsystems.firestore.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bellsystems.common.outbox.FieldType;
import com.bellsystems.common.outbox.MirrorFields;
import com.bellsystems.common.testing.FirestoreEmulator;
import com.bellsystems.firestore.FirestoreProvider;
import com.bellsystems.firestore.FirestoreValues;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.FieldPath;
import com.google.cloud.firestore.FieldValue;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.GeoPoint;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Typed outbox fields into one field-masked write against the document as it is, and that write
 * applied by {@link FirebaseFirestoreMirror} in Google's emulator: legacy types kept, untouched
 * fields untouched, feature shapes kept, deletes and dotted names as Firestore takes them.
 */
class MirrorValuesTest {

    static final Timestamp T1 = Timestamp.ofTimeSecondsAndNanos(1_700_000_000L, 123_456_000);
    static final Timestamp T2 = Timestamp.ofTimeSecondsAndNanos(1_710_000_000L, 0);

    static FirestoreProvider provider;
    static Firestore db;

    @BeforeAll
    static void client() {
        provider = FirestoreProvider.forEmulator(
                FirestoreEmulator.newProjectId(), FirestoreEmulator.shared().hostPort());
        db = provider.firestore();
    }

    @AfterAll
    static void close() {
        provider.close();
    }

    static JsonObject fields(MirrorFields f) {
        return f.payload().getJsonObject("fields");
    }

    @Test
    void plainJsonTakesTheTypesTheDocumentHolds() {
        Map<String, Object> note = Map.of("text", "first", "at", T1, "by", db.document("admin_users/u1"));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("notes", List.of(note));
        doc.put("location", new GeoPoint(37.9, 23.7));
        doc.put("count", 5L);
        doc.put("price", 2000.0);
        doc.put("seen", T1);
        doc.put("name", "same");
        MirrorFields f = MirrorFields.create()
                .put(
                        "notes",
                        FieldType.JSON,
                        List.of(
                                Map.of("text", "first", "at", FirestoreValues.iso(T1), "by", "u1"),
                                Map.of("text", "second", "at", FirestoreValues.iso(T2), "by", "u2")))
                .put("location", FieldType.JSON, Map.of("lat", 38.0, "lng", 23.8))
                .put("count", FieldType.DOUBLE, new java.math.BigDecimal("6.00"))
                .put("price", FieldType.JSON, 2100)
                .put("seen", FieldType.JSON, "not a time")
                .put("name", FieldType.STRING, "same")
                .put("firestore_extra", FieldType.JSON, Map.of("x", 1));
        MirrorValues.Write w = MirrorValues.write(db, doc, fields(f));

        List<?> notes = (List<?>) w.data().get("notes");
        assertEquals(note, notes.get(0), "the unchanged legacy element is the element itself");
        assertEquals(Map.of("text", "second", "at", T2, "by", db.document("admin_users/u2")), notes.get(1));
        assertEquals(new GeoPoint(38.0, 23.8), w.data().get("location"));
        assertEquals(6L, w.data().get("count"), "an integral number where the document has a Long");
        assertEquals(2100.0, w.data().get("price"), "a number where the document has a double");
        assertEquals("not a time", w.data().get("seen"), "text that is no time stays text");
        assertFalse(w.data().containsKey("name"), "an unchanged value is not written");
        assertFalse(w.data().containsKey("firestore_extra"));
        assertEquals(
                List.of(
                        FieldPath.of("notes"),
                        FieldPath.of("location"),
                        FieldPath.of("count"),
                        FieldPath.of("price"),
                        FieldPath.of("seen")),
                w.paths());
    }

    @Test
    void nullsAndDeletesOnlyTouchFieldsTheDocumentHas() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("surname", "Old");
        doc.put("gone", "x");
        MirrorFields f = MirrorFields.create()
                .put("surname", FieldType.STRING, null)
                .put("title", FieldType.STRING, null)
                .delete("gone")
                .delete("never")
                .put("created_at", FieldType.TIMESTAMP, "2023-11-14T22:13:20.123456Z");
        MirrorValues.Write w = MirrorValues.write(db, doc, fields(f));
        assertTrue(w.data().containsKey("surname") && w.data().get("surname") == null);
        assertFalse(w.data().containsKey("title"), "a null for a field the document lacks is not written");
        assertEquals(FieldValue.delete(), w.data().get("gone"));
        assertFalse(w.data().containsKey("never"));
        assertEquals(T1, w.data().get("created_at"));
    }

    @Test
    void featuresKeepTheirShape() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("flat", Map.of("enabled", true, "min_fw", "2.0.0", "old", 1L));
        doc.put("nested", Map.of("enabled", false, "config", Map.of("pct", 10L)));
        doc.put("plain", false);
        MirrorFields f = MirrorFields.create()
                .flag("flat", false, Map.of("min_fw", "2.0.0"))
                .flag("nested", false, Map.of("pct", 20))
                .flag("plain", true, Map.of())
                .flag("fresh", true, Map.of("channel", "beta"));
        MirrorValues.Write w = MirrorValues.write(db, doc, fields(f));
        assertEquals(
                List.of(
                        FieldPath.of("flat", "enabled"),
                        FieldPath.of("flat", "old"),
                        FieldPath.of("nested", "config"),
                        FieldPath.of("plain"),
                        FieldPath.of("fresh")),
                w.paths());
        assertEquals(
                Map.of("enabled", false, "old", FieldValue.delete()), w.data().get("flat"));
        assertEquals(Map.of("config", Map.of("pct", 20L)), w.data().get("nested"));
        assertEquals(true, w.data().get("plain"));
        assertEquals(Map.of("enabled", true, "channel", "beta"), w.data().get("fresh"));
    }

    @Test
    void theMirrorWritesOnlyTheMaskInTheEmulator() throws Exception {
        String path = "settings/public_features";
        Map<String, Object> legacy = new LinkedHashMap<>();
        legacy.put("flat", Map.of("enabled", true, "min_fw", "2.0.0", "old", 1L));
        legacy.put("app.only", Map.of("since", T2));
        legacy.put("drop_me", "x");
        db.document(path).set(legacy).get(30, TimeUnit.SECONDS);
        FirebaseFirestoreMirror mirror = new FirebaseFirestoreMirror(provider, 30);
        mirror.merge(
                "settings",
                "public_features",
                MirrorFields.create()
                        .flag("flat", false, Map.of("min_fw", "2.1.0"))
                        .put("a.dotted.key", FieldType.JSON, Map.of("v", 1))
                        .delete("drop_me")
                        .payload());
        Map<String, Object> now =
                db.document(path).get().get(30, TimeUnit.SECONDS).getData();
        assertEquals(Map.of("enabled", false, "min_fw", "2.1.0"), now.get("flat"));
        assertEquals(Map.of("v", 1L), now.get("a.dotted.key"), "one field named with dots");
        assertEquals(Map.of("since", T2), now.get("app.only"));
        assertFalse(now.containsKey("drop_me"));
        assertEquals(3, now.size());

        // create of a missing document, then delete
        mirror.merge(
                "crm_products",
                "p1",
                MirrorFields.create().put("name", FieldType.STRING, "Bell").payload());
        assertEquals(
                Map.of("name", "Bell"),
                db.document("crm_products/p1").get().get().getData());
        mirror.delete("crm_products", "p1");
        assertFalse(db.document("crm_products/p1").get().get().exists());
    }
}
