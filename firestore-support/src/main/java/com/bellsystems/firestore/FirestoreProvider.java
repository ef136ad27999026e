package com.bellsystems.firestore;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import com.google.firebase.FirebaseApp;
import com.google.firebase.FirebaseOptions;
import com.google.firebase.cloud.FirestoreClient;
import io.quarkus.logging.Log;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one firebase-admin Firestore client of a service, built from configuration on first use so a
 * service starts (and stays ready for its Postgres work) when Firestore is unreachable or not
 * configured. Talks to an emulator (Google's Firestore emulator) when an emulator host is set, otherwise to
 * the real project with the credentials in GOOGLE_APPLICATION_CREDENTIALS.
 *
 * <p>The client is blocking: call it on a worker thread, never on the event loop.
 */
@ApplicationScoped
public class FirestoreProvider {

    /** Environment variable the Google SDKs read for an emulator; used when the config key is unset. */
    public static final String EMULATOR_ENV = "FIRESTORE_EMULATOR_HOST";

    private static final AtomicInteger APP_COUNTER = new AtomicInteger();

    private final String projectId;
    private final Optional<String> emulatorHost;
    private final Optional<String> databaseId;

    private FirebaseApp app;
    private volatile Firestore firestore;

    @Inject
    public FirestoreProvider(
            @ConfigProperty(name = "bellsys.firestore.project-id", defaultValue = "bellsys-dev") String projectId,
            @ConfigProperty(name = "bellsys.firestore.emulator-host") Optional<String> emulatorHost,
            @ConfigProperty(name = "bellsys.firestore.database-id") Optional<String> databaseId) {
        this.projectId = projectId;
        this.emulatorHost = emulatorHost
                .filter(h -> !h.isBlank())
                .or(() -> Optional.ofNullable(System.getenv(EMULATOR_ENV)).filter(h -> !h.isBlank()));
        this.databaseId = databaseId.filter(d -> !d.isBlank());
    }

    /** A provider for the emulator at host:port, for code and tests outside CDI. */
    public static FirestoreProvider forEmulator(String projectId, String hostPort) {
        return new FirestoreProvider(projectId, Optional.of(hostPort), Optional.empty());
    }

    /**
     * The shared client, built on the first call. Building does not contact Firestore; failures to
     * reach it show up on the first RPC (as UNAVAILABLE for a dead emulator).
     *
     * @throws IllegalStateException when no emulator is set and the credentials cannot be loaded
     */
    public Firestore firestore() {
        Firestore built = firestore;
        if (built != null) {
            return built;
        }
        synchronized (this) {
            if (firestore == null) {
                build();
            }
            return firestore;
        }
    }

    public String projectId() {
        return projectId;
    }

    /** The emulator host:port in use, empty when talking to the real Firestore. */
    public Optional<String> emulatorHost() {
        return emulatorHost;
    }

    /** True once {@link #firestore()} has built the client. */
    public boolean isStarted() {
        return firestore != null;
    }

    private void build() {
        FirestoreOptions.Builder firestoreOptions =
                FirestoreOptions.newBuilder().setProjectId(projectId);
        databaseId.ifPresent(firestoreOptions::setDatabaseId);
        GoogleCredentials credentials;
        if (emulatorHost.isPresent()) {
            // The emulator accepts any token; FirestoreOptions swaps in its own emulator credentials
            // and a plaintext channel once the emulator host is set.
            firestoreOptions.setEmulatorHost(emulatorHost.get());
            credentials = GoogleCredentials.create(new AccessToken("owner", null));
        } else {
            try {
                credentials = GoogleCredentials.getApplicationDefault();
            } catch (IOException e) {
                throw new IllegalStateException(
                        "Firestore credentials could not be loaded: set GOOGLE_APPLICATION_CREDENTIALS "
                                + "to a service account key file, or bellsys.firestore.emulator-host for an emulator",
                        e);
            }
        }
        FirebaseOptions options = FirebaseOptions.builder()
                .setCredentials(credentials)
                .setProjectId(projectId)
                .setFirestoreOptions(firestoreOptions.build())
                .build();
        // A name of our own so several providers (tests, restarts in dev mode) never clash over
        // the default FirebaseApp.
        String name = "bellsys-firestore-" + APP_COUNTER.incrementAndGet();
        app = FirebaseApp.initializeApp(options, name);
        firestore = databaseId.isPresent()
                ? FirestoreClient.getFirestore(app, databaseId.get())
                : FirestoreClient.getFirestore(app);
        Log.infof(
                "Firestore client %s for project %s%s",
                name, projectId, emulatorHost.map(h -> " via emulator " + h).orElse(""));
    }

    /** Closes the client and its FirebaseApp; a later {@link #firestore()} builds a new one. */
    @PreDestroy
    public synchronized void close() {
        if (firestore != null) {
            try {
                firestore.close();
            } catch (Exception e) {
                Log.warnf(e, "Closing the Firestore client failed");
            }
            firestore = null;
        }
        if (app != null) {
            app.delete();
            app = null;
        }
    }
}
