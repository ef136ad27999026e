package com.bellsystems.crm.outbox;

import java.util.Map;

/**
 * The only thing the outbox worker needs from Firestore: set or delete one document. An interface
 * so the worker's ordering, retry and back-off can be tested without any Firestore at all.
 * Implementations block (they are called on worker threads only).
 */
public interface FirestoreMirror {

    /** Replaces the document {@code collection/documentId} with {@code data}. */
    void set(String collection, String documentId, Map<String, Object> data) throws Exception;

    /** Deletes the document; deleting a missing document is not an error. */
    void delete(String collection, String documentId) throws Exception;
}
