package com.bellsystems.crm.outbox;

import com.google.cloud.NoCredentials;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The real mirror: the firebase-admin Firestore client, built lazily on first use (so the service
 * starts without Firestore). Values are converted to what Firestore stores: whole numbers as
 * long, other numbers (money) as double.
 */
@ApplicationScoped
public class FirebaseFirestoreMirror implements FirestoreMirror {

    private final Optional<String> projectId;
    private final Optional<String> emulatorHost;
    private final long timeoutSeconds;
    private volatile Firestore firestore;

    public FirebaseFirestoreMirror(@ConfigProperty(name = "bellsys.firestore.project-id") Optional<String> projectId,
                                   @ConfigProperty(name = "bellsys.firestore.emulator-host") Optional<String> emulatorHost,
                                   @ConfigProperty(name = "bellsys.crm.outbox.write-timeout-seconds", defaultValue = "10") long timeoutSeconds) {
        this.projectId = projectId;
        this.emulatorHost = emulatorHost;
        this.timeoutSeconds = timeoutSeconds;
    }

    @Override
    public void set(String collection, String documentId, Map<String, Object> data) throws Exception {
        firestore().collection(collection).document(documentId).set(toFirestore(data)).get(timeoutSeconds, TimeUnit.SECONDS);
    }

    @Override
    public void delete(String collection, String documentId) throws Exception {
        firestore().collection(collection).document(documentId).delete().get(timeoutSeconds, TimeUnit.SECONDS);
    }

    private Firestore firestore() {
        Firestore f = firestore;
        if (f == null) {
            synchronized (this) {
                if (firestore == null) {
                    FirestoreOptions.Builder options = FirestoreOptions.newBuilder()
                            .setProjectId(projectId.orElse("bellsys-local"));
                    emulatorHost.ifPresent(host -> options.setEmulatorHost(host).setCredentials(NoCredentials.getInstance()));
                    firestore = options.build().getService();
                }
                f = firestore;
            }
        }
        return f;
    }

    static Map<String, Object> toFirestore(Map<String, ?> data) {
        Map<String, Object> out = new LinkedHashMap<>();
        data.forEach((k, v) -> out.put(k, value(v)));
        return out;
    }

    private static Object value(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), value(x)));
            return out;
        }
        if (v instanceof io.vertx.core.json.JsonObject o) {
            return value(o.getMap());
        }
        if (v instanceof io.vertx.core.json.JsonArray a) {
            return value(a.getList());
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(x -> out.add(value(x)));
            return out;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof BigDecimal || v instanceof Float) {
            return ((Number) v).doubleValue();
        }
        return v;
    }
}
