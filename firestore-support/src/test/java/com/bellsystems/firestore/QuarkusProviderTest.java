package com.bellsystems.firestore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bellsystems.common.testing.FirestoreEmulatorResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The path services use: FirestoreEmulatorResource configures the CDI FirestoreProvider, which
 * builds the firebase-admin client lazily inside a running Quarkus app and reads/writes on a worker
 * thread. Kept as the smoke test of firebase-admin under the Quarkus BOM's gRPC/protobuf versions.
 */
@QuarkusTest
@WithTestResource(FirestoreEmulatorResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QuarkusProviderTest {

    @Inject
    FirestoreProvider provider;

    @Test
    @Order(1)
    void providerIsConfiguredButNotBuiltAtStartup() {
        assertFalse(provider.isStarted(), "the app starts without touching Firestore");
        assertEquals(FirestoreEmulatorResource.projectId(), provider.projectId());
        assertEquals(
                FirestoreEmulatorResource.emulator().hostPort(),
                provider.emulatorHost().orElseThrow());
    }

    @Test
    @Order(2)
    void readsAndWritesOnAWorkerThread() throws Exception {
        FirestoreProvider seeder = FirestoreProvider.forEmulator(
                FirestoreEmulatorResource.projectId(), provider.emulatorHost().orElseThrow());
        try {
            seeder.firestore()
                    .document("melodies/m1")
                    .set(Map.of("title", "Westminster"))
                    .get();
            String title = Uni.createFrom()
                    .item(() -> {
                        try {
                            provider.firestore()
                                    .document("published_melodies/m1")
                                    .set(Map.of("title", "Westminster"))
                                    .get();
                            return provider.firestore()
                                    .document("melodies/m1")
                                    .get()
                                    .get()
                                    .getString("title");
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                    .await()
                    .indefinitely();
            assertEquals("Westminster", title);
            assertTrue(provider.isStarted());
            assertEquals(
                    Map.of("title", "Westminster"),
                    seeder.firestore()
                            .document("published_melodies/m1")
                            .get()
                            .get()
                            .getData());
        } finally {
            seeder.close();
        }
    }
}
