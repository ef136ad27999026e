package com.bellsystems.firestore.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.bellsystems.firestore.FirestoreProvider;
import com.google.cloud.firestore.Firestore;

class SmokeTest {
    @Test
    void smoke() throws Exception {
        FakeFirestore fake = FakeFirestore.start();
        FirestoreProvider provider = FirestoreProvider.forEmulator("test-project", fake.hostPort());
        Firestore db = provider.firestore();
        db.collection("a").document("b").set(Map.of("x", 1L)).get();
        assertEquals(Map.of("x", 1L), fake.get("a/b"));
        assertEquals(1L, db.document("a/b").get().get().getLong("x"));
        assertEquals(1, db.collection("a").get().get().size());
        assertEquals(1L, db.collection("a").count().get().get().getCount());
        fake.stop();
        long t0 = System.nanoTime();
        try {
            db.document("a/b").get().get();
        } catch (Exception e) {
            System.out.println("STOPPED GET: " + e + " after ms " + (System.nanoTime() - t0) / 1_000_000);
        }
        t0 = System.nanoTime();
        try {
            db.document("a/b").set(Map.of("x", 2L)).get();
        } catch (Exception e) {
            System.out.println("STOPPED SET: " + e + " after ms " + (System.nanoTime() - t0) / 1_000_000);
        }
        fake.restart();
        t0 = System.nanoTime();
        db.document("a/b").set(Map.of("x", 3L)).get();
        System.out.println("AFTER RESTART SET ms " + (System.nanoTime() - t0) / 1_000_000);
        assertEquals(Map.of("x", 3L), fake.get("a/b"));
        System.out.println(fake.rpcCounts());
        provider.close();
        fake.stop();
    }
}
