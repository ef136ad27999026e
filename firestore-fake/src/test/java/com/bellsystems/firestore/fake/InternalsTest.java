package com.bellsystems.firestore.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.firestore.v1.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pieces the query engine relies on: name order, field paths, Firestore's value order. */
class InternalsTest {

    private static final String DB = "projects/p/databases/(default)";

    @Test
    void namesSortSegmentBySegment() {
        List<String> paths = new ArrayList<>(List.of("a/b-x/c/d", "a/b/c/d", "a/b", "a/a", "ab/c"));
        paths.sort(ResourcePaths.SEGMENT_ORDER);
        assertEquals(List.of("a/a", "a/b", "a/b/c/d", "a/b-x/c/d", "ab/c"), paths);
    }

    @Test
    void resourceNames() {
        assertEquals("c/d", ResourcePaths.relative(DB + "/documents/c/d"));
        assertEquals("", ResourcePaths.relative(DB + "/documents"));
        assertEquals(DB, ResourcePaths.database(DB + "/documents/c/d"));
        assertEquals("orders", ResourcePaths.collectionId("customers/c1/orders/o1"));
        assertEquals("customers/c1", ResourcePaths.parentOfCollection("customers/c1/orders/o1"));
        assertEquals("", ResourcePaths.parentOfCollection("customers/c1"));
        assertThrows(RuntimeException.class, () -> new FakeFirestore.Ref("customers"));
        assertEquals("c1", new FakeFirestore.Ref("customers/c1").id());
    }

    @Test
    void fieldPathsParseQuotedSegments() {
        assertEquals(List.of("a", "b"), FieldPaths.parse("a.b"));
        assertEquals(List.of("a.b", "c"), FieldPaths.parse("`a.b`.c"));
        assertEquals(List.of("we`ird"), FieldPaths.parse("`we\\`ird`"));
        Map<String, Value> fields = new HashMap<>();
        FieldPaths.set(fields, List.of("x", "y"), ProtoValues.toValue(1, DB));
        assertEquals(ProtoValues.toValue(1, DB), FieldPaths.get(fields, List.of("x", "y")));
        assertNull(FieldPaths.get(fields, List.of("x", "y", "z")));
        FieldPaths.set(fields, List.of("x", "y"), null);
        assertEquals(ProtoValues.toValue(Map.of(), DB), fields.get("x"));
    }

    @Test
    void valuesFollowFirestoreTypeOrder() {
        List<Object> ascending = List.of(
                false,
                true,
                Double.NaN,
                -5L,
                2.5,
                3L,
                com.google.cloud.Timestamp.ofTimeSecondsAndNanos(0, 0),
                "a",
                "b",
                com.google.cloud.firestore.Blob.fromBytes(new byte[] {1}),
                new FakeFirestore.Ref("a/b"),
                new com.google.cloud.firestore.GeoPoint(1, 2),
                List.of(1L),
                Map.of("k", 1L));
        for (int i = 0; i + 1 < ascending.size(); i++) {
            Value a = ProtoValues.toValue(ascending.get(i), DB);
            Value b = ProtoValues.toValue(ascending.get(i + 1), DB);
            assertTrue(ProtoValues.compare(a, b) < 0, ascending.get(i) + " < " + ascending.get(i + 1));
        }
        assertTrue(ProtoValues.compare(ProtoValues.NULL, ProtoValues.toValue(false, DB)) < 0);
        assertTrue(ProtoValues.equal(ProtoValues.toValue(1L, DB), ProtoValues.toValue(1.0, DB)));
        assertFalse(ProtoValues.equal(ProtoValues.toValue(Double.NaN, DB), ProtoValues.toValue(Double.NaN, DB)));
        assertFalse(ProtoValues.equal(ProtoValues.toValue("1", DB), ProtoValues.toValue(1L, DB)));
    }

    @Test
    void seedAndReadBackConvert() {
        Map<String, Object> in = new HashMap<>();
        in.put("when", java.time.Instant.ofEpochSecond(5, 6));
        in.put("ref", new FakeFirestore.Ref("a/b"));
        in.put("n", 3);
        Map<String, Object> out = ProtoValues.toJava(ProtoValues.toFields(in, DB));
        assertEquals(com.google.cloud.Timestamp.ofTimeSecondsAndNanos(5, 6), out.get("when"));
        assertEquals(new FakeFirestore.Ref("a/b"), out.get("ref"));
        assertEquals(3L, out.get("n"));
        assertThrows(IllegalArgumentException.class, () -> ProtoValues.toValue(new Object(), DB));
    }
}
