package com.bellsystems.firestore.outbox;

import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * What the outbox worker needs from Firestore: write some fields of a document, replace or delete
 * one. An interface so the worker's ordering, retry and back-off do not depend on how a write is
 * made. Implementations block (they are called on worker threads only).
 */
public interface FirestoreMirror {

    /**
     * Writes only {@code fields} (common's {@code MirrorFields} payload, {@code {"fields": {...}}})
     * into {@code collection/documentId}, creating the document when missing; every other field
     * stays as it is.
     */
    void merge(String collection, String documentId, JsonObject payload) throws Exception;

    /** Replaces the document {@code collection/documentId} with {@code data} (plain values). */
    void set(String collection, String documentId, Map<String, Object> data) throws Exception;

    /** Deletes the document; deleting a missing document is not an error. */
    void delete(String collection, String documentId) throws Exception;
}
