package com.bellsystems.crm.device.repository;

import static com.bellsystems.crm.device.DeviceDocument.COLLECTION;
import static com.bellsystems.crm.device.DeviceDocument.OWNER;
import static com.bellsystems.crm.device.DeviceDocument.OWNERS;
import static com.bellsystems.crm.device.DeviceDocument.OWNER_DEVICE_IDS;
import static com.bellsystems.crm.device.DeviceDocument.SERIAL;
import static com.bellsystems.crm.device.DeviceDocument.UPDATED;

import com.bellsystems.common.paging.KeysetPage;
import com.bellsystems.crm.device.FirestoreDoc;
import com.bellsystems.firestore.FirestoreProvider;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldValue;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Precondition;
import com.google.cloud.firestore.Query;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The Firestore {@code devices} collection (and the owner side of an assignment in {@code users}),
 * through the service's firebase-admin client; every call on a worker thread via {@link
 * FirestoreCalls}. Writes are field updates with the read's update time as precondition, so fields
 * the app keeps on the document survive and a concurrent change is a contention failure, never a
 * lost update.
 */
@ApplicationScoped
public class DeviceFirestoreRepository {

    private static final long TIMEOUT = FirestorePaging.TIMEOUT_SECONDS;

    private final FirestoreProvider provider;

    public DeviceFirestoreRepository(FirestoreProvider provider) {
        this.provider = provider;
    }

    private Firestore db() {
        return provider.firestore();
    }

    /** The document, or null when there is none. */
    public Uni<FirestoreDoc> find(String id) {
        return FirestoreCalls.call("reading device " + id, () -> {
            DocumentSnapshot s = db().collection(COLLECTION).document(id).get().get(TIMEOUT, TimeUnit.SECONDS);
            return s.exists() ? FirestorePaging.doc(s) : null;
        });
    }

    /** An app user's document (the owner side), or null when there is none. */
    public Uni<FirestoreDoc> findOwner(String userId) {
        return FirestoreCalls.call("reading app user " + userId, () -> {
            DocumentSnapshot s = db().collection(OWNERS).document(userId).get().get(TIMEOUT, TimeUnit.SECONDS);
            return s.exists() ? FirestorePaging.doc(s) : null;
        });
    }

    /** A page of devices: equality filters (null = any), optional serial prefix. */
    public <T> Uni<KeysetPage<T>> page(
            Map<String, String> equals, String serialPrefix, String cursor, int limit, Function<FirestoreDoc, T> view) {
        return FirestoreCalls.call("listing devices", () -> {
            Query q = db().collection(COLLECTION);
            for (var e : equals.entrySet()) {
                if (e.getValue() != null) {
                    q = q.whereEqualTo(e.getKey(), e.getValue());
                }
            }
            return FirestorePaging.page(q, serialPrefix == null ? null : SERIAL, serialPrefix, cursor, limit, view);
        });
    }

    /** The devices an app user owns (at most {@code limit}), by serial. */
    public Uni<List<FirestoreDoc>> ownedBy(String userId, int limit) {
        return FirestoreCalls.call("listing devices of " + userId, () -> db()
                .collection(COLLECTION)
                .whereEqualTo(OWNER, userId)
                .limit(limit)
                .get()
                .get(TIMEOUT, TimeUnit.SECONDS)
                .getDocuments()
                .stream()
                .map(FirestorePaging::doc)
                .toList());
    }

    /** What an owner assignment found: done, the device changed since it was read, no such app user. */
    public enum OwnerOutcome {
        ASSIGNED,
        STALE,
        NO_SUCH_OWNER
    }

    /**
     * Creates the device under a new id, in a transaction that first checks no document has the
     * serial (the serial is what device-ingest and manufacturing know a device by); false, and
     * nothing written, when one has.
     */
    public Uni<Boolean> create(String id, Map<String, Object> data) {
        String serial = (String) data.get(SERIAL);
        return FirestoreCalls.call("creating device " + serial, () -> db().runTransaction(t -> {
                    if (!t.get(db().collection(COLLECTION)
                                    .whereEqualTo(SERIAL, serial)
                                    .limit(1))
                            .get()
                            .isEmpty()) {
                        return false;
                    }
                    t.create(db().collection(COLLECTION).document(id), data);
                    return true;
                })
                .get(TIMEOUT, TimeUnit.SECONDS));
    }

    /** Sets the given fields (and updated_at) if the document is still as read at {@code readAt}. */
    public Uni<Void> update(String id, Map<String, Object> fields, Timestamp readAt, Timestamp now) {
        Map<String, Object> withTime = new LinkedHashMap<>(fields);
        withTime.put(UPDATED, now);
        return FirestoreCalls.call("updating device " + id, () -> {
            db().collection(COLLECTION)
                    .document(id)
                    .update(withTime, Precondition.updatedAt(readAt))
                    .get(TIMEOUT, TimeUnit.SECONDS);
            return null;
        });
    }

    /**
     * Moves the device to another owner (null = none) in one transaction: the device's owner_id,
     * the old owner's device_ids without it, the new owner's with it (the app lists a user's devices
     * from either side). Nothing is written unless the device is still as read at {@code readAt}
     * and the new owner exists.
     */
    public Uni<OwnerOutcome> assignOwner(String id, String newOwner, Timestamp readAt, Timestamp now) {
        return FirestoreCalls.call("assigning device " + id, () -> db().runTransaction(t -> {
                    DocumentReference device = db().collection(COLLECTION).document(id);
                    DocumentSnapshot current = t.get(device).get();
                    if (!current.exists() || !Objects.equals(current.getUpdateTime(), readAt)) {
                        return OwnerOutcome.STALE;
                    }
                    DocumentReference to =
                            newOwner == null ? null : db().collection(OWNERS).document(newOwner);
                    if (to != null && !t.get(to).get().exists()) {
                        return OwnerOutcome.NO_SUCH_OWNER;
                    }
                    String old = current.getString(OWNER);
                    if (old != null && !old.isBlank() && !old.equals(newOwner)) {
                        DocumentReference from = db().collection(OWNERS).document(old);
                        if (t.get(from).get().exists()) {
                            t.update(from, OWNER_DEVICE_IDS, FieldValue.arrayRemove(id));
                        }
                    }
                    t.update(device, Map.of(OWNER, newOwner == null ? "" : newOwner, UPDATED, now));
                    if (to != null) {
                        t.update(to, OWNER_DEVICE_IDS, FieldValue.arrayUnion(id));
                    }
                    return OwnerOutcome.ASSIGNED;
                })
                .get(TIMEOUT, TimeUnit.SECONDS));
    }
}
