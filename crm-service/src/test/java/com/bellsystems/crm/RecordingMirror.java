package com.bellsystems.crm;

import com.bellsystems.crm.outbox.FirestoreMirror;
import io.quarkus.test.Mock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for Firestore in tests that check what the outbox worker sends (order, retries):
 * documents by path, every call in order, and a switch that makes calls fail like an outage.
 */
@Mock
@jakarta.inject.Singleton
public class RecordingMirror implements FirestoreMirror {

    public final Map<String, Map<String, Object>> documents = new ConcurrentHashMap<>();
    public final List<String> calls = new CopyOnWriteArrayList<>();
    public volatile boolean failing;

    @Override
    public void set(String collection, String documentId, Map<String, Object> data) throws Exception {
        if (failing) {
            throw new IllegalStateException("UNAVAILABLE (test outage)");
        }
        calls.add("set " + collection + "/" + documentId);
        documents.put(collection + "/" + documentId, data);
    }

    @Override
    public void delete(String collection, String documentId) throws Exception {
        if (failing) {
            throw new IllegalStateException("UNAVAILABLE (test outage)");
        }
        calls.add("delete " + collection + "/" + documentId);
        documents.remove(collection + "/" + documentId);
    }
}
