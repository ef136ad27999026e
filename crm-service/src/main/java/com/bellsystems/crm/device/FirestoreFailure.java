package com.bellsystems.crm.device;

/**
 * A Firestore call that did not go through for a reason of Firestore's, not of the request's:
 * unreachable or too slow, or contention (another writer changed the document, a transaction given
 * up). The resource layer's mapper ({@code rest/FirestoreFailureMapper}) answers 503 or 409.
 */
public class FirestoreFailure extends RuntimeException {

    public enum Kind {
        UNAVAILABLE,
        CONTENTION
    }

    private final Kind kind;

    public FirestoreFailure(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
