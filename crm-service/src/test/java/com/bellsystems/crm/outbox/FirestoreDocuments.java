package com.bellsystems.crm.outbox;

import com.bellsystems.common.testing.FirestoreEmulatorResource;
import com.bellsystems.firestore.FirestoreProvider;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The run's documents in Google's emulator, read with a firebase-admin client of the test's own
 * (not the service's), as the app that reads the mirror would see them.
 */
final class FirestoreDocuments {

    private static final Map<String, FirestoreDocuments> BY_RUN = new ConcurrentHashMap<>();

    private final Firestore db;

    private FirestoreDocuments(Firestore db) {
        this.db = db;
    }

    /** The documents of the running test's project. */
    static FirestoreDocuments current() {
        String hostPort = FirestoreEmulatorResource.emulator().hostPort();
        String projectId = FirestoreEmulatorResource.projectId();
        return BY_RUN.computeIfAbsent(
                hostPort + "/" + projectId,
                k -> new FirestoreDocuments(
                        FirestoreProvider.forEmulator(projectId, hostPort).firestore()));
    }

    /** The test's own client, to seed documents as the legacy app wrote them. */
    Firestore db() {
        return db;
    }

    boolean exists(String path) {
        return snapshot(path).exists();
    }

    /** The document's fields as firebase-admin returns them, or null when it does not exist. */
    Map<String, Object> get(String path) {
        return snapshot(path).getData();
    }

    /** Paths of the documents that exist directly in a collection. */
    List<String> paths(String collection) {
        try {
            return db.collection(collection).get().get(60, TimeUnit.SECONDS).getDocuments().stream()
                    .map(QueryDocumentSnapshot::getReference)
                    .map(r -> r.getPath())
                    .toList();
        } catch (Exception e) {
            throw new IllegalStateException("listing " + collection + " failed", e);
        }
    }

    private DocumentSnapshot snapshot(String path) {
        try {
            return db.document(path).get().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("reading " + path + " failed", e);
        }
    }
}
