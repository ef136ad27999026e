package com.bellsystems.common.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points a @QuarkusTest's FirestoreProvider at Google's Firestore emulator, with a project id of
 * the run's own: {@code @WithTestResource(FirestoreEmulatorResource.class)}. The JVM's shared
 * emulator serves it (see {@link FirestoreEmulator#shared()}); the run's documents are deleted when
 * it ends. Init arg {@code instance=own} starts an emulator for this run alone, which the test may
 * {@link FirestoreEmulator#stop() stop} and {@link FirestoreEmulator#restart() restart} (an outage).
 *
 * <p>Tests reach the run's emulator and project through {@link #emulator()} and {@link #projectId()}.
 */
public class FirestoreEmulatorResource implements QuarkusTestResourceLifecycleManager {

    public static final String INSTANCE_ARG = "instance";
    public static final String OWN = "own";

    private static volatile FirestoreEmulatorResource current;

    private boolean own;
    private FirestoreEmulator emulator;
    private String projectId;

    @Override
    public void init(Map<String, String> initArgs) {
        own = initArgs != null && OWN.equals(initArgs.get(INSTANCE_ARG));
    }

    @Override
    public Map<String, String> start() {
        emulator = own ? FirestoreEmulator.start() : FirestoreEmulator.shared();
        projectId = FirestoreEmulator.newProjectId();
        current = this;
        return Map.of(
                "bellsys.firestore.emulator-host", emulator.hostPort(), "bellsys.firestore.project-id", projectId);
    }

    @Override
    public void stop() {
        if (emulator == null) {
            return;
        }
        if (own) {
            emulator.stop();
        } else if (emulator.isRunning()) {
            emulator.wipe(projectId);
        }
        if (current == this) {
            current = null;
        }
    }

    /** The emulator of the running test. */
    public static FirestoreEmulator emulator() {
        return running().emulator;
    }

    /** The project id of the running test (its documents live there and nowhere else). */
    public static String projectId() {
        return running().projectId;
    }

    private static FirestoreEmulatorResource running() {
        FirestoreEmulatorResource r = current;
        if (r == null) {
            throw new IllegalStateException(
                    "No Firestore emulator for this test: add @WithTestResource(FirestoreEmulatorResource.class)");
        }
        return r;
    }
}
