package com.bellsystems.firestore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bellsystems.common.testing.FirestoreEmulator;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.firestore.Firestore;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Firestore dying under a client FirestoreProvider built: calls fail with UNAVAILABLE (what the
 * crm outbox retries on) rather than hanging, and the same client works again once an emulator is
 * back on the port, without being rebuilt. Uses an emulator of its own, since it kills it.
 */
class OutageTest {

    private FirestoreEmulator emulator;
    private FirestoreProvider provider;
    private Firestore db;

    @BeforeEach
    void start() {
        emulator = FirestoreEmulator.start();
        provider = FirestoreProvider.forEmulator(FirestoreEmulator.newProjectId(), emulator.hostPort());
        db = provider.firestore();
    }

    @AfterEach
    void stop() {
        provider.close();
        emulator.stop();
    }

    @Test
    void clientFailsUnavailableWhileDownAndWorksAfterRestart() throws Exception {
        db.document("m/before").set(Map.of("n", 1)).get(60, TimeUnit.SECONDS);
        int port = emulator.port();

        emulator.stop();
        assertFalse(emulator.isRunning());
        ExecutionException write = assertThrows(
                ExecutionException.class,
                () -> db.document("m/during").set(Map.of("n", 2)).get(60, TimeUnit.SECONDS));
        assertEquals(
                StatusCode.Code.UNAVAILABLE,
                ((ApiException) write.getCause()).getStatusCode().getCode());
        ExecutionException read = assertThrows(
                ExecutionException.class, () -> db.document("m/before").get().get(60, TimeUnit.SECONDS));
        assertEquals(
                StatusCode.Code.UNAVAILABLE,
                ((ApiException) read.getCause()).getStatusCode().getCode());

        emulator.restart();
        assertTrue(emulator.isRunning());
        assertEquals(port, emulator.port(), "same port, so the client's configuration stays valid");
        untilItWorks(() -> db.document("m/after").set(Map.of("n", 4)).get(60, TimeUnit.SECONDS));
        assertEquals(4L, db.document("m/after").get().get(60, TimeUnit.SECONDS).getLong("n"));
        assertFalse(
                db.document("m/during").get().get(60, TimeUnit.SECONDS).exists(),
                "the write refused during the outage never happened");
        assertFalse(
                db.document("m/before").get().get(60, TimeUnit.SECONDS).exists(),
                "the emulator keeps its data in memory: a restart starts empty");
    }

    private interface Call {
        void run() throws Exception;
    }

    /** The client's channel reconnects with back-off after an outage: retry for a while, as the outbox does. */
    private static void untilItWorks(Call call) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
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
