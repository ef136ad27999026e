package com.bellsystems.firestore.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bellsystems.firestore.FirestoreProvider;
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
 * The path services use: FakeFirestoreResource configures the CDI FirestoreProvider, which builds
 * the firebase-admin client lazily inside a running Quarkus app and reads/writes on a worker
 * thread. Kept as the smoke test of firebase-admin under the Quarkus BOM's gRPC/protobuf versions.
 */
@QuarkusTest
@WithTestResource(FakeFirestoreResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QuarkusResourceTest {

    @Inject
    FirestoreProvider provider;

    @Test
    @Order(1)
    void providerIsConfiguredButNotBuiltAtStartup() {
        assertFalse(provider.isStarted(), "the app starts without touching Firestore");
        assertEquals(FakeFirestore.DEFAULT_PROJECT_ID, provider.projectId());
        assertEquals(
                FakeFirestoreResource.server().hostPort(),
                provider.emulatorHost().orElseThrow());
    }

    @Test
    @Order(2)
    void readsAndWritesOnAWorkerThread() {
        FakeFirestore fake = FakeFirestoreResource.server();
        fake.put("melodies/m1", Map.of("title", "Westminster"));
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
        assertEquals(Map.of("title", "Westminster"), fake.get("published_melodies/m1"));
        assertEquals(1, fake.writeCount());
    }
}
