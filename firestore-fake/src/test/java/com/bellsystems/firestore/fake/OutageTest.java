package com.bellsystems.firestore.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bellsystems.firestore.FirestoreProvider;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.firestore.Firestore;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** stop()/restart() simulate a Firestore outage for the client, on the same port and data. */
class OutageTest {

    private FakeFirestore fake;
    private FirestoreProvider provider;
    private Firestore db;

    @BeforeEach
    void start() {
        fake = FakeFirestore.start();
        provider = FirestoreProvider.forEmulator(FakeFirestore.DEFAULT_PROJECT_ID, fake.hostPort());
        db = provider.firestore();
    }

    @AfterEach
    void stop() {
        provider.close();
        fake.stop();
    }

    @Test
    void clientFailsUnavailableWhileStoppedAndWorksAfterRestart() throws Exception {
        db.document("m/before").set(Map.of("n", 1)).get();
        int port = fake.port();

        fake.stop();
        assertFalse(fake.isRunning());
        ExecutionException write = assertThrows(
                ExecutionException.class,
                () -> db.document("m/during").set(Map.of("n", 2)).get());
        assertEquals(
                StatusCode.Code.UNAVAILABLE,
                ((ApiException) write.getCause()).getStatusCode().getCode());
        ExecutionException read = assertThrows(
                ExecutionException.class, () -> db.document("m/before").get().get());
        assertEquals(
                StatusCode.Code.UNAVAILABLE,
                ((ApiException) read.getCause()).getStatusCode().getCode());
        // Tests can still seed and inspect while the server is down.
        fake.put("m/seeded-during", Map.of("n", 3));

        fake.restart();
        assertTrue(fake.isRunning());
        assertEquals(port, fake.port(), "same port, so the client's configuration stays valid");
        untilItWorks(() -> db.document("m/after").set(Map.of("n", 4)).get());
        assertEquals(Map.of("n", 1L), fake.get("m/before"), "data survives the outage");
        assertEquals(3L, db.document("m/seeded-during").get().get().getLong("n"));
        assertEquals(Map.of("n", 4L), fake.get("m/after"));
        assertFalse(fake.exists("m/during"));
    }

    @Test
    void restartOfARunningServerKeepsData() throws Exception {
        db.document("m/x").set(Map.of("n", 1)).get();
        fake.restart();
        untilItWorks(() -> assertEquals(1L, db.document("m/x").get().get().getLong("n")));
    }

    @Test
    void fixedPortAndResetForgetEverything() throws Exception {
        db.document("m/x").set(Map.of("n", 1)).get();
        assertEquals(1, fake.writeCount());
        fake.reset();
        assertEquals(0, fake.writeCount());
        assertEquals(0, fake.size());
        assertEquals(Map.of(), fake.rpcCounts());
        assertFalse(db.document("m/x").get().get().exists());
    }

    @Test
    void injectedFailuresHitTheNextCallsOnly() throws Exception {
        fake.failNext(1, io.grpc.Status.Code.PERMISSION_DENIED);
        ExecutionException denied = assertThrows(
                ExecutionException.class,
                () -> db.document("m/x").set(Map.of("n", 1)).get());
        assertEquals(
                StatusCode.Code.PERMISSION_DENIED,
                ((ApiException) denied.getCause()).getStatusCode().getCode());
        assertEquals(0, fake.writeCount(), "a refused call never reached the data");
        assertEquals(1, fake.rpcCount("Commit"));
        db.document("m/x").set(Map.of("n", 1)).get();
        assertEquals(1, fake.writeCount());
        assertEquals(Map.of("n", 1L), fake.get("m/x"));
    }

    private interface Call {
        void run() throws Exception;
    }

    /** The client's channel reconnects with back-off after an outage: retry for a while, as the outbox does. */
    private static void untilItWorks(Call call) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            try {
                call.run();
                return;
            } catch (ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }
}
