package com.bellsystems.crm.device;

import static com.bellsystems.common.testing.FirestoreEmulatorResource.emulator;
import static com.bellsystems.crm.Api.admin;
import static com.bellsystems.crm.Api.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bellsystems.common.testing.FirestoreEmulatorResource;
import com.bellsystems.common.testing.TestDatabaseResource;
import com.bellsystems.crm.device.repository.FirestoreCalls;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Context;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Firestore is the device registry's store: while it is down the registry answers 503 problems,
 * and a change that could not reach Firestore leaves no audit row (the audit insert rolls back).
 * Also: firebase-admin calls run on worker threads, never on the event loop.
 */
@QuarkusTest
@WithTestResource(TestDatabaseResource.class)
@WithTestResource(
        value = FirestoreEmulatorResource.class,
        initArgs = @ResourceArg(name = FirestoreEmulatorResource.INSTANCE_ARG, value = FirestoreEmulatorResource.OWN))
class DeviceFirestoreOutageTest {

    @AfterEach
    void firestoreBack() {
        if (!emulator().isRunning()) {
            emulator().restart();
        }
    }

    @Test
    void firestoreCallsRunOnWorkerThreads() {
        String[] seen = FirestoreCalls.call("probing", () ->
                        new String[] {Thread.currentThread().getName(), String.valueOf(Context.isOnEventLoopThread())})
                .await()
                .atMost(Duration.ofSeconds(10));
        assertTrue(seen[0].startsWith("executor-thread"), seen[0]);
        assertEquals("false", seen[1]);
    }

    @Test
    void whileFirestoreIsDownTheRegistryAnswers503AndAuditsNothing() {
        admin().get("/api/devices").then().statusCode(200);
        emulator().stop();

        admin().body(Map.of("serial_number", "BS-DOWN-1"))
                .post("/api/devices")
                .then()
                .statusCode(503)
                .contentType("application/problem+json");
        admin().get("/api/devices").then().statusCode(503).contentType("application/problem+json");
        assertTrue(query("SELECT 1 FROM audit_log WHERE entity_type = 'device'").isEmpty());

        emulator().restart();
        String id = admin().body(Map.of("serial_number", "BS-DOWN-1"))
                .post("/api/devices")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        assertFalse(query("SELECT 1 FROM audit_log WHERE entity_type = 'device' AND entity_id = ?", id)
                .isEmpty());
    }
}
