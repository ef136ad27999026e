package com.bellsystems.firestore.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bellsystems.firestore.FirestoreProvider;
import com.bellsystems.firestore.FirestoreValues;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.Blob;
import com.google.cloud.firestore.BulkWriter;
import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldPath;
import com.google.cloud.firestore.FieldValue;
import com.google.cloud.firestore.Filter;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.GeoPoint;
import com.google.cloud.firestore.Query;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.cloud.firestore.QuerySnapshot;
import com.google.cloud.firestore.SetOptions;
import com.google.cloud.firestore.WriteBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Drives the real firebase-admin client, built by FirestoreProvider, against the fake. */
class FakeFirestoreTest {

    private static FakeFirestore fake;
    private static FirestoreProvider provider;
    private static Firestore db;

    @BeforeAll
    static void start() {
        fake = FakeFirestore.start();
        provider = FirestoreProvider.forEmulator(FakeFirestore.DEFAULT_PROJECT_ID, fake.hostPort());
        db = provider.firestore();
    }

    @AfterAll
    static void stop() {
        provider.close();
        fake.stop();
    }

    @BeforeEach
    void clean() {
        fake.reset();
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

        // What the fake stored is what the client sent.
        Map<String, Object> stored = fake.get("types/written");
        assertEquals(new FakeFirestore.Ref("crm_customers/c9"), stored.get("ref"));
        assertEquals(everyType().get("timestamp"), stored.get("timestamp"));
        assertEquals(everyType().get("geo"), stored.get("geo"));
        assertEquals(everyType().get("map"), stored.get("map"));
    }

    @Test
    void seededValuesReadThroughTheClientAndConvert() throws Exception {
        Map<String, Object> data = new LinkedHashMap<>(everyType());
        data.put("ref", FakeFirestore.ref("crm_customers/c9"));
        data.put("bytes", new byte[] {1, 2, 3});
        data.put("int", 7);
        fake.put("types/seeded", data);

        DocumentSnapshot snap = db.document("types/seeded").get().get();
        assertEquals(
                "c9",
                snap.getReference().getFirestore().document("crm_customers/c9").getId());
        assertEquals(db.document("crm_customers/c9"), snap.get("ref"));
        assertEquals(7L, snap.getLong("int"));
        assertEquals(Blob.fromBytes(new byte[] {1, 2, 3}), snap.getBlob("bytes"));

        Map<String, Object> json = FirestoreValues.toJsonMap(snap.getData());
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
    void missingDocumentIsNotFoundAndBatchGetMixes() throws Exception {
        fake.put("c/a", Map.of("n", 1));
        assertFalse(db.document("c/nope").get().get().exists());
        List<DocumentSnapshot> all =
                db.getAll(db.document("c/a"), db.document("c/nope")).get();
        assertEquals(2, all.size());
        assertTrue(all.get(0).exists());
        assertFalse(all.get(1).exists());
        assertEquals(0, fake.writeCount(), "reads are not writes");
    }

    @Test
    void updatesMergesAndDeletesApplyToNestedMaps() throws Exception {
        fake.put("c/doc", Map.of("a", Map.of("b", 1, "keep", "yes"), "top", "x"));
        DocumentReference doc = db.document("c/doc");

        doc.update("a.b", 2L, "new.field", "n").get();
        assertEquals(
                Map.of("a", Map.of("b", 2L, "keep", "yes"), "top", "x", "new", Map.of("field", "n")),
                fake.get("c/doc"));

        doc.set(Map.of("a", Map.of("c", 3L)), SetOptions.merge()).get();
        assertEquals(Map.of("b", 2L, "keep", "yes", "c", 3L), fake.get("c/doc").get("a"));

        doc.update(
                        "top",
                        FieldValue.delete(),
                        "count",
                        FieldValue.increment(5),
                        "tags",
                        FieldValue.arrayUnion("x", "y"))
                .get();
        doc.update(
                        "count",
                        FieldValue.increment(2),
                        "tags",
                        FieldValue.arrayRemove("x"),
                        "at",
                        FieldValue.serverTimestamp())
                .get();
        Map<String, Object> after = fake.get("c/doc");
        assertFalse(after.containsKey("top"));
        assertEquals(7L, after.get("count"));
        assertEquals(List.of("y"), after.get("tags"));
        assertInstanceOf(Timestamp.class, after.get("at"));

        doc.set(Map.of("only", true)).get();
        assertEquals(Map.of("only", true), fake.get("c/doc"));

        doc.delete().get();
        assertNull(fake.get("c/doc"));
    }

    @Test
    void preconditionsFailWithFirestoreCodes() throws Exception {
        fake.put("c/exists", Map.of("n", 1));
        ExecutionException create = assertThrows(
                ExecutionException.class,
                () -> db.document("c/exists").create(Map.of("n", 2)).get());
        assertEquals(
                StatusCode.Code.ALREADY_EXISTS,
                ((ApiException) create.getCause()).getStatusCode().getCode());
        ExecutionException update = assertThrows(
                ExecutionException.class,
                () -> db.document("c/missing").update("n", 2).get());
        assertEquals(
                StatusCode.Code.NOT_FOUND,
                ((ApiException) update.getCause()).getStatusCode().getCode());
        assertEquals(Map.of("n", 1L), fake.get("c/exists"));
        assertFalse(fake.exists("c/missing"));
    }

    @Test
    void batchCommitIsAtomic() throws Exception {
        fake.put("c/exists", Map.of("n", 1));
        WriteBatch failing = db.batch();
        failing.set(db.document("c/new"), Map.of("n", 1));
        failing.create(db.document("c/exists"), Map.of("n", 2));
        assertThrows(ExecutionException.class, () -> failing.commit().get());
        assertFalse(fake.exists("c/new"), "nothing of a failed batch is applied");

        WriteBatch ok = db.batch();
        ok.set(db.document("c/new"), Map.of("n", 1));
        ok.update(db.document("c/exists"), "n", 3);
        ok.delete(db.document("c/other"));
        assertEquals(3, ok.commit().get().size());
        assertEquals(Map.of("n", 3L), fake.get("c/exists"));
        assertTrue(fake.exists("c/new"));
    }

    @Test
    void writesAreCountedAndReadsAreNot() throws Exception {
        fake.put("c/seeded", Map.of("n", 1));
        assertEquals(0, fake.writeCount(), "seeding does not count");
        db.document("c/a").set(Map.of("n", 1)).get();
        db.document("c/a").update("n", 2).get();
        WriteBatch batch = db.batch();
        batch.set(db.document("c/b"), Map.of("n", 1));
        batch.delete(db.document("c/a"));
        batch.commit().get();
        assertEquals(3, fake.writeCount());

        db.collection("c").get().get();
        db.document("c/b").get().get();
        db.collection("c").count().get().get();
        db.document("c/b").listCollections().forEach(c -> {});
        db.collection("c").listDocuments().forEach(d -> {});
        assertEquals(3, fake.writeCount());
        assertEquals(3, fake.rpcCount("Commit"));
    }

    @Test
    void bulkWriterWritesArriveAndAreCounted() throws Exception {
        BulkWriter writer = db.bulkWriter();
        for (int i = 0; i < 30; i++) {
            writer.set(db.document("bulk/d" + i), Map.of("i", i));
        }
        writer.close();
        assertEquals(30, fake.paths("bulk").size());
        assertTrue(fake.writeCount() >= 1);
        assertEquals(fake.writeCount(), fake.rpcCount("BatchWrite") + fake.rpcCount("Commit"));
    }

    @Test
    void subcollectionsAndCollectionGroupQueries() throws Exception {
        fake.put("crm_customers/c1", Map.of("name", "A"));
        fake.put("crm_customers/c1/orders/o1", Map.of("total", 10));
        fake.put("crm_customers/c1/orders/o2", Map.of("total", 20));
        fake.put("crm_customers/c2/orders/o3", Map.of("total", 30)); // parent document missing
        fake.put("crm_customers/c1/orders/o1/lines/l1", Map.of("qty", 1));
        fake.put("other/x/orders/o4", Map.of("total", 40));
        fake.put("orders/top", Map.of("total", 50));

        List<String> group = db.collectionGroup("orders").get().get().getDocuments().stream()
                .map(d -> d.getReference().getPath())
                .toList();
        assertEquals(
                List.of(
                        "crm_customers/c1/orders/o1",
                        "crm_customers/c1/orders/o2",
                        "crm_customers/c2/orders/o3",
                        "orders/top",
                        "other/x/orders/o4"),
                group);

        // The customer id comes from the parent path.
        QueryDocumentSnapshot o3 = db.collectionGroup("orders")
                .whereEqualTo("total", 30)
                .get()
                .get()
                .getDocuments()
                .get(0);
        assertEquals("c2", o3.getReference().getParent().getParent().getId());

        assertEquals(
                List.of("o1", "o2"),
                db.collection("crm_customers/c1/orders").get().get().getDocuments().stream()
                        .map(DocumentSnapshot::getId)
                        .toList());
        List<String> collections = new ArrayList<>();
        db.document("crm_customers/c1").listCollections().forEach(c -> collections.add(c.getId()));
        assertEquals(List.of("orders"), collections);
        List<String> roots = new ArrayList<>();
        db.listCollections().forEach(c -> roots.add(c.getId()));
        assertEquals(List.of("crm_customers", "orders", "other"), roots);

        List<String> customers = new ArrayList<>();
        db.collection("crm_customers").listDocuments().forEach(d -> customers.add(d.getId()));
        assertEquals(List.of("c1", "c2"), customers, "listDocuments shows documents that only hold subcollections");
        assertEquals(1, db.collection("crm_customers").get().get().size(), "a query does not");
    }

    @Test
    void pagesByDocumentIdWithLimitAndStartAfter() throws Exception {
        for (int i = 0; i < 25; i++) {
            fake.put(String.format("pages/p%02d", i), Map.of("i", i));
            fake.put(String.format("pages/p%02d/orders/o", i), Map.of("i", i));
        }
        assertEquals(expectedIds(25), pageThrough(db.collection("pages").orderBy(FieldPath.documentId()), 10));
        List<String> orderPages = pageThrough(db.collectionGroup("orders").orderBy(FieldPath.documentId()), 7);
        assertEquals(25, orderPages.size());
        assertEquals(orderPages.stream().sorted().toList(), orderPages);

        // A cursor given as values rather than a snapshot.
        List<String> afterP19 = db
                .collection("pages")
                .orderBy(FieldPath.documentId())
                .startAfter("p19")
                .limit(3)
                .get()
                .get()
                .getDocuments()
                .stream()
                .map(DocumentSnapshot::getId)
                .toList();
        assertEquals(List.of("p20", "p21", "p22"), afterP19);
        List<String> atP19 = db
                .collection("pages")
                .orderBy(FieldPath.documentId())
                .startAt("p19")
                .endBefore("p21")
                .get()
                .get()
                .getDocuments()
                .stream()
                .map(DocumentSnapshot::getId)
                .toList();
        assertEquals(List.of("p19", "p20"), atP19);
    }

    private static List<String> expectedIds(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(String.format("p%02d", i));
        }
        return ids;
    }

    private static List<String> pageThrough(Query ordered, int pageSize) throws Exception {
        List<String> ids = new ArrayList<>();
        DocumentSnapshot last = null;
        int pages = 0;
        while (true) {
            Query page = ordered.limit(pageSize);
            if (last != null) {
                page = page.startAfter(last);
            }
            QuerySnapshot snap = page.get().get();
            pages++;
            snap.getDocuments()
                    .forEach(d -> ids.add(
                            d.getReference().getPath().startsWith("pages/")
                                            && d.getReference()
                                                    .getParent()
                                                    .getId()
                                                    .equals("pages")
                                    ? d.getId()
                                    : d.getReference().getPath()));
            if (snap.size() < pageSize) {
                break;
            }
            last = snap.getDocuments().get(snap.size() - 1);
            assertTrue(pages < 100, "paging must end");
        }
        return ids;
    }

    @Test
    void filtersOrderingAndCompositeAnd() throws Exception {
        CollectionReference c = db.collection("people");
        fake.put("people/a", Map.of("age", 30, "city", "Athens", "tags", List.of("vip")));
        fake.put("people/b", Map.of("age", 25, "city", "Patras"));
        fake.put("people/c", Map.of("age", 41.5, "city", "Athens"));
        fake.put("people/d", Map.of("age", "unknown", "city", "Volos"));
        fake.put("people/e", Map.of("city", "Athens"));

        assertEquals(List.of("a", "c", "e"), ids(c.whereEqualTo("city", "Athens")));
        assertEquals(List.of("b", "a"), ids(c.whereLessThan("age", 40)), "numbers only, ordered by age");
        assertEquals(List.of("c"), ids(c.whereGreaterThan("age", 30)));
        assertEquals(List.of("a", "c"), ids(c.whereGreaterThanOrEqualTo("age", 30.0)), "30 == 30.0");
        assertEquals(List.of("b", "d"), ids(c.whereIn("city", List.of("Patras", "Volos"))));
        assertEquals(List.of("a"), ids(c.whereArrayContains("tags", "vip")));
        assertEquals(
                List.of("a"), ids(c.where(Filter.and(Filter.equalTo("city", "Athens"), Filter.lessThan("age", 35)))));
        assertEquals(
                List.of("a", "b"),
                ids(c.where(Filter.or(Filter.equalTo("city", "Patras"), Filter.arrayContains("tags", "vip")))));
        assertEquals(
                List.of("c", "a", "b"), ids(c.whereLessThan("age", 100).orderBy("age", Query.Direction.DESCENDING)));
        assertEquals(
                List.of("d", "c", "a", "b"),
                ids(c.orderBy("age", Query.Direction.DESCENDING)),
                "strings sort after numbers; documents without the field are left out");
        assertEquals(List.of("b", "d"), ids(c.whereNotEqualTo("city", "Athens")));
        assertEquals(
                List.of("d"),
                ids(c.whereNotEqualTo("city", "Athens")
                        .orderBy("city")
                        .offset(1)
                        .limit(5)));
        assertEquals(List.of("d"), ids(c.orderBy("age").limitToLast(1)));
        assertEquals(
                List.of("city"),
                new ArrayList<>(c.select("city")
                        .get()
                        .get()
                        .getDocuments()
                        .get(0)
                        .getData()
                        .keySet()));
    }

    @Test
    void moreOperatorsAndAggregations() throws Exception {
        CollectionReference c = db.collection("things");
        Map<String, Object> withNull = new LinkedHashMap<>();
        withNull.put("v", null);
        withNull.put("tags", List.of("x"));
        fake.put("things/a", withNull);
        fake.put("things/b", Map.of("v", 2, "tags", List.of("y", "z")));
        fake.put("things/c", Map.of("v", 4.0));
        fake.put("things/d", Map.of("v", Double.NaN));

        assertEquals(List.of("a"), ids(c.whereEqualTo("v", null)));
        assertEquals(List.of("d"), ids(c.whereEqualTo("v", Double.NaN)));
        assertEquals(List.of("b", "c", "d"), ids(c.whereNotEqualTo("v", null)));
        assertEquals(List.of("d", "b"), ids(c.whereNotIn("v", List.of(4L))), "not-in leaves out null, ordered by v");
        assertEquals(List.of("a", "b"), ids(c.whereArrayContainsAny("tags", List.of("x", "z"))));
        var avg = c.whereGreaterThan("v", 0)
                .aggregate(com.google.cloud.firestore.AggregateField.average("v"))
                .get()
                .get();
        assertEquals(3.0, avg.getDouble(com.google.cloud.firestore.AggregateField.average("v")));
        assertEquals(
                List.of("v"),
                new ArrayList<>(db.getAll(
                                new DocumentReference[] {db.document("things/b")},
                                com.google.cloud.firestore.FieldMask.of("v"))
                        .get()
                        .get(0)
                        .getData()
                        .keySet()));
    }

    private static List<String> ids(Query q) throws Exception {
        return q.get().get().getDocuments().stream()
                .map(DocumentSnapshot::getId)
                .toList();
    }

    @Test
    void countAggregation() throws Exception {
        for (int i = 0; i < 12; i++) {
            fake.put("counted/d" + i, Map.of("even", i % 2 == 0));
            fake.put("counted/d" + i + "/orders/o1", Map.of("n", i));
            fake.put("counted/d" + i + "/orders/o2", Map.of("n", i));
        }
        assertEquals(12, db.collection("counted").count().get().get().getCount());
        assertEquals(
                6,
                db.collection("counted")
                        .whereEqualTo("even", true)
                        .count()
                        .get()
                        .get()
                        .getCount());
        assertEquals(24, db.collectionGroup("orders").count().get().get().getCount());
        assertEquals(5, db.collection("counted").limit(5).count().get().get().getCount());
        assertEquals(0, db.collection("nothing").count().get().get().getCount());
        var sum = db.collectionGroup("orders")
                .aggregate(com.google.cloud.firestore.AggregateField.sum("n"))
                .get()
                .get();
        assertEquals(132L, ((Number) sum.get(com.google.cloud.firestore.AggregateField.sum("n"))).longValue());
    }

    @Test
    void transactionsReadAndWriteAtomically() throws Exception {
        fake.put("accounts/a", Map.of("balance", 100));
        fake.put("accounts/b", Map.of("balance", 0));
        long result = db.runTransaction(tx -> {
                    long a = tx.get(db.document("accounts/a")).get().getLong("balance");
                    long count = tx.get(db.collection("accounts")).get().size();
                    tx.update(db.document("accounts/a"), "balance", a - 30);
                    tx.update(db.document("accounts/b"), "balance", FieldValue.increment(30));
                    return count;
                })
                .get();
        assertEquals(2, result);
        assertEquals(70L, fake.get("accounts/a").get("balance"));
        assertEquals(30L, fake.get("accounts/b").get("balance"));

        ExecutionException failed = assertThrows(ExecutionException.class, () -> db.runTransaction(tx -> {
                    tx.get(db.document("accounts/a")).get();
                    tx.set(db.document("accounts/c"), Map.of("balance", 1));
                    throw new IllegalStateException("business rule");
                })
                .get());
        assertTrue(String.valueOf(failed.getCause()).contains("business rule"), String.valueOf(failed.getCause()));
        assertFalse(fake.exists("accounts/c"), "a failed transaction writes nothing");
    }

    @Test
    void recursiveDeleteRemovesSubcollections() throws Exception {
        fake.put("tree/root", Map.of("n", 1));
        fake.put("tree/root/kids/k1", Map.of("n", 2));
        fake.put("tree/root/kids/k1/toys/t1", Map.of("n", 3));
        db.recursiveDelete(db.document("tree/root")).get();
        assertEquals(List.of(), fake.paths());
    }
}
