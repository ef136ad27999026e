package com.bellsystems.ingest.mqtt;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bellsystems.common.testing.MosquittoResource;
import com.bellsystems.common.testing.TestDatabaseResource;
import com.bellsystems.common.testing.TestTokens;
import com.bellsystems.ingest.support.Db;
import com.bellsystems.ingest.support.Provisioning;
import com.bellsystems.ingest.support.TestMqtt;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The broker as deployed (deploy/mosquitto config, dynamic-security accounts): no anonymous
 * clients; a provisioned device publishes only under its own serial and reads only its own
 * commands; only the service publishes commands; no device can join the service's shared group.
 */
@QuarkusTest
@WithTestResource(TestDatabaseResource.class)
@WithTestResource(MosquittoResource.class)
class BrokerAccessTest {

    private static final int REFUSED = 0x80;

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "bellsys.mqtt.topic-prefix")
    String prefix;

    @Test
    void anonymousAndUnknownClientsAreRefused() {
        assertThrows(IllegalStateException.class, () -> TestMqtt.connectAs(vertx, null, null));
        assertThrows(IllegalStateException.class, () -> TestMqtt.connectAs(vertx, "BC-NOBODY", "x"));
    }

    @Test
    void aDevicePublishesOnlyUnderItsOwnSerial() {
        String a = "BC-ACL-A1", b = "BC-ACL-B1";
        String passwordA = Provisioning.provision(a);
        Provisioning.provision(b);
        try (TestMqtt observer = TestMqtt.connect(vertx);
                TestMqtt deviceA = TestMqtt.connectAs(vertx, a, passwordA)) {
            observer.subscribe(prefix + "/devices/#");
            // forged: under another serial, and onto a command topic (its own and another's)
            deviceA.publish(topic(b, "logs"), "{\"level\":\"info\",\"message\":\"forged by A\"}");
            deviceA.publish(topic(a, "commands"), "{\"command_id\":1,\"name\":\"ring\"}");
            deviceA.publish(topic(b, "commands"), "{\"command_id\":2,\"name\":\"ring\"}");
            // allowed, published last: once it is stored, the ones before it were handled too
            deviceA.publish(topic(a, "logs"), "{\"level\":\"info\",\"message\":\"mine\"}");
            Db.await(
                    "the device's own log stored",
                    Duration.ofSeconds(60),
                    () -> Db.count("SELECT count(*) FROM device_logs WHERE device_serial = '" + a + "'") == 1);
            Db.await("the observer saw the device's own log", Duration.ofSeconds(30), () -> observer.received.stream()
                    .anyMatch(m -> m.contains("mine")));
            assertEquals(0, Db.count("SELECT count(*) FROM device_logs WHERE device_serial = '" + b + "'"));
            assertFalse(
                    observer.received.stream().anyMatch(m -> m.contains("forged") || m.contains("/commands ")),
                    "forged messages reached a subscriber: " + observer.received);
        }
    }

    @Test
    void onlyTheServicePublishesCommandsAndADeviceReadsOnlyItsOwn() {
        String a = "BC-ACL-A2", b = "BC-ACL-B2";
        String passwordA = Provisioning.provision(a);
        String passwordB = Provisioning.provision(b);
        try (TestMqtt deviceA = TestMqtt.connectAs(vertx, a, passwordA);
                TestMqtt deviceB = TestMqtt.connectAs(vertx, b, passwordB)) {
            assertEquals(1, deviceA.subscribeGranted(topic(a, "commands")));
            assertEquals(REFUSED, deviceA.subscribeGranted(topic(b, "commands")), "another device's commands");
            assertEquals(REFUSED, deviceA.subscribeGranted(prefix + "/devices/+/commands"), "every device's commands");
            assertEquals(
                    REFUSED,
                    deviceA.subscribeGranted("$share/bellsys-ingest/" + prefix + "/devices/+/logs"),
                    "the service's shared group");
            assertEquals(REFUSED, deviceA.subscribeGranted("#"), "everything");

            deviceB.publish(topic(a, "commands"), "{\"command_id\":99,\"name\":\"forged-by-B\"}");
            given().auth()
                    .oauth2(TestTokens.staff(Map.of("devices", Map.of("view", true, "command", true))))
                    .contentType(ContentType.JSON)
                    .body(Map.of("name", "ring", "params", Map.of("bell", 1)))
                    .when()
                    .post("/api/devices/" + a + "/commands")
                    .then()
                    .statusCode(202);
            Db.await("the service's command reached the device", Duration.ofSeconds(30), () -> deviceA.received.stream()
                    .anyMatch(m -> m.contains("\"ring\"")));
            assertTrue(
                    deviceA.received.stream().noneMatch(m -> m.contains("forged-by-B")),
                    "a device's command reached another device: " + deviceA.received);
            assertTrue(deviceB.received.isEmpty(), "device B received: " + deviceB.received);
        }
    }

    private String topic(String serial, String kind) {
        return prefix + "/devices/" + serial + "/" + kind;
    }
}
