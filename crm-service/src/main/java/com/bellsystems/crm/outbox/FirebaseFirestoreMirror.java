package com.bellsystems.crm.outbox;

import com.bellsystems.firestore.FirestoreProvider;
import com.bellsystems.firestore.FirestoreValues;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The real mirror: the service's firebase-admin client from {@link FirestoreProvider} (built on
 * first use, so the service starts without Firestore), values converted by {@link FirestoreValues}
 * (money as double: Firestore has no decimal type). Each write waits at most
 * {@code bellsys.crm.outbox.write-timeout-seconds}, so an outage costs one slow attempt per pass.
 */
@ApplicationScoped
public class FirebaseFirestoreMirror implements FirestoreMirror {

    private final FirestoreProvider provider;
    private final long timeoutSeconds;

    public FirebaseFirestoreMirror(
            FirestoreProvider provider,
            @ConfigProperty(name = "bellsys.crm.outbox.write-timeout-seconds", defaultValue = "10")
                    long timeoutSeconds) {
        this.provider = provider;
        this.timeoutSeconds = timeoutSeconds;
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
