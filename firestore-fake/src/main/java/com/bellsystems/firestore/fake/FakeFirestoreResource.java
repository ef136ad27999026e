package com.bellsystems.firestore.fake;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Starts a {@link FakeFirestore} for a @QuarkusTest and points the service's FirestoreProvider at
 * it: {@code @WithTestResource(FakeFirestoreResource.class)}, then {@link #server()} in the test for
 * seeding and assertions. Optional init arg {@code port} fixes the port.
 */
public class FakeFirestoreResource implements QuarkusTestResourceLifecycleManager {

    private static volatile FakeFirestore current;

    private FakeFirestore server;
    private int port;

    @Override
    public void init(Map<String, String> initArgs) {
        String configured = initArgs == null ? null : initArgs.get("port");
        port = configured == null || configured.isBlank() ? 0 : Integer.parseInt(configured);
    }

    @Override
    public Map<String, String> start() {
        server = FakeFirestore.start(port);
        current = server;
        return Map.of(
                "bellsys.firestore.emulator-host",
                server.hostPort(),
                "bellsys.firestore.project-id",
                FakeFirestore.DEFAULT_PROJECT_ID);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
            if (current == server) {
                current = null;
            }
        }
    }

    /** The fake of the running test. */
    public static FakeFirestore server() {
        FakeFirestore fake = current;
        if (fake == null) {
            throw new IllegalStateException(
                    "No FakeFirestore is running: add @WithTestResource(FakeFirestoreResource.class)");
        }
        return fake;
    }
}
