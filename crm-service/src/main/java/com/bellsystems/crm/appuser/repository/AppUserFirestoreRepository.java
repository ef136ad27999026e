package com.bellsystems.crm.appuser.repository;

import static com.bellsystems.crm.appuser.AppUserDocument.COLLECTION;

import com.bellsystems.common.paging.KeysetPage;
import com.bellsystems.crm.device.FirestoreDoc;
import com.bellsystems.crm.device.repository.FirestoreCalls;
import com.bellsystems.crm.device.repository.FirestorePaging;
import com.bellsystems.firestore.FirestoreProvider;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Precondition;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** The Firestore {@code users} collection through the service's client, on worker threads. */
@ApplicationScoped
public class AppUserFirestoreRepository {

    private final FirestoreProvider provider;

    public AppUserFirestoreRepository(FirestoreProvider provider) {
        this.provider = provider;
    }

    public Uni<FirestoreDoc> find(String id) {
        return FirestoreCalls.call("reading app user " + id, () -> {
            DocumentSnapshot s = provider.firestore()
                    .collection(COLLECTION)
                    .document(id)
                    .get()
                    .get(FirestorePaging.TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return s.exists() ? FirestorePaging.doc(s) : null;
        });
    }

    /** A page of app users, optionally those whose {@code field} starts with {@code prefix}. */
    public <T> Uni<KeysetPage<T>> page(
            String field, String prefix, String cursor, int limit, Function<FirestoreDoc, T> view) {
        return FirestoreCalls.call(
                "listing app users",
                () -> FirestorePaging.page(
                        provider.firestore().collection(COLLECTION), field, prefix, cursor, limit, view));
    }

    /**
     * Sets the fields if the document is still as read at {@code readAt}. No updated_at is added:
     * the app's users documents have none, and the Console keeps their shape.
     */
    public Uni<Void> update(String id, Map<String, Object> fields, Timestamp readAt) {
        Map<String, Object> withTime = new LinkedHashMap<>(fields);
        return FirestoreCalls.call("updating app user " + id, () -> {
            provider.firestore()
                    .collection(COLLECTION)
                    .document(id)
                    .update(withTime, Precondition.updatedAt(readAt))
                    .get(FirestorePaging.TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return null;
        });
    }
}
