package com.bellsystems.firestore.outbox;

import com.bellsystems.firestore.FirestoreProvider;
import com.bellsystems.firestore.FirestoreValues;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.SetOptions;
import io.quarkus.arc.properties.IfBuildProperty;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The real mirror: the service's firebase-admin client from {@link FirestoreProvider} (built on
 * first use, so the service starts without Firestore). A merge reads the document and writes in one
 * Firestore transaction, so the values take the types the document holds (see {@link MirrorValues})
 * and nothing written by the app in between is overwritten: only the changed fields are in the
 * write's field mask. Each write waits at most {@code bellsys.outbox.write-timeout-seconds}, so an
 * outage costs one slow attempt per pass.
 */
@ApplicationScoped
@IfBuildProperty(name = OutboxWorker.ENABLED, stringValue = "true")
public class FirebaseFirestoreMirror implements FirestoreMirror {

    private final FirestoreProvider provider;
    private final long timeoutSeconds;

    public FirebaseFirestoreMirror(
            FirestoreProvider provider,
            @ConfigProperty(name = "bellsys.outbox.write-timeout-seconds", defaultValue = "10") long timeoutSeconds) {
        this.provider = provider;
        this.timeoutSeconds = timeoutSeconds;
    }

    @Override
    public void merge(String collection, String documentId, JsonObject payload) throws Exception {
        Firestore db = provider.firestore();
        DocumentReference ref = db.collection(collection).document(documentId);
        JsonObject fields = payload == null ? null : payload.getJsonObject("fields");
        if (fields == null || fields.isEmpty()) {
            return;
        }
        db.runTransaction(tx -> {
                    DocumentSnapshot current = tx.get(ref).get();
                    MirrorValues.Write write =
                            MirrorValues.write(db, current.exists() ? current.getData() : null, fields);
                    if (!write.isEmpty()) {
                        tx.set(ref, write.data(), SetOptions.mergeFieldPaths(write.paths()));
                    }
                    return null;
                })
                .get(timeoutSeconds, TimeUnit.SECONDS);
    }

    @Override
    public void set(String collection, String documentId, Map<String, Object> data) throws Exception {
        provider.firestore()
                .collection(collection)
                .document(documentId)
                .set(FirestoreValues.toFirestoreMap(data))
                .get(timeoutSeconds, TimeUnit.SECONDS);
    }

    @Override
    public void delete(String collection, String documentId) throws Exception {
        provider.firestore()
                .collection(collection)
                .document(documentId)
                .delete()
                .get(timeoutSeconds, TimeUnit.SECONDS);
    }
}
