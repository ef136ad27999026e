package com.bellsystems.ingest.mqtt;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bellsystems.common.testing.MosquittoResource;
import com.bellsystems.common.testing.TestDatabaseResource;
import com.bellsystems.ingest.support.Db;
import com.bellsystems.ingest.support.TestMqtt;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A payload far over max-payload-bytes reaching the service (here the broker's own limit is lifted,
 * as a misconfigured broker would): the decoder refuses it from its header, the service acknowledges
 * and counts it as {@code oversized} without reading it into memory, and the messages around it are
 * all stored once (the session resumes on a new connection).
 */
@QuarkusTest
@WithTestResource(TestDatabaseResource.class)
@WithTestResource(
        value = MosquittoResource.class,
        initArgs = {
            @ResourceArg(name = "message_size_limit", value = "0"),
            @ResourceArg(name = "max_packet_size", value = "100000000")
        })
class OversizedPayloadTest {

    private static final int HUGE = 32 * 1024 * 1024;
    private static final Pattern OVERSIZED = Pattern.compile(
            "^bellsys_ingest_rejected_total\\{reason=\"oversized\"[^}]*\\}\\s+([0-9.eE+-]+)$", Pattern.MULTILINE);

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "bellsys.mqtt.topic-prefix")
    String prefix;

    @Test
    void aHugePayloadIsCountedUnreadAndNothingElseIsLost() throws Exception {
        String serial = "BC-BIG-1";
        String topic = prefix + "/devices/" + serial + "/logs";
        Path file = Files.createTempFile("huge-payload", ".json");
        Files.write(file, new byte[HUGE]);
        try (TestMqtt device = TestMqtt.connect(vertx)) {
            for (int i = 0; i < 10; i++) {
                device.publish(topic, "{\"level\":\"info\",\"message\":\"before " + i + "\"}");
            }
            Db.await("first messages stored", Duration.ofSeconds(60), () -> stored(serial) == 10);

            double before = oversizedCount();
            long allocatedBefore = allocatedBytes();
            publishFromAnotherProcess(topic, file);
            for (int i = 0; i < 10; i++) {
                device.publish(topic, "{\"level\":\"info\",\"message\":\"after " + i + "\"}");
            }
            Db.await("the huge payload counted", Duration.ofSeconds(60), () -> oversizedCount() > before);
            long allocated = allocatedBytes() - allocatedBefore;
            assertTrue(
                    allocated < HUGE / 2,
                    "the service allocated " + allocated + " bytes of heap while refusing a " + HUGE + "-byte payload");

            Db.await("the messages after it stored", Duration.ofSeconds(60), () -> stored(serial) >= 20);
            Db.await(
                    "readiness UP again",
                    Duration.ofSeconds(60),
                    () -> given().when().get("/q/health/ready").statusCode() == 200);
            assertEquals(20, stored(serial));
            assertEquals(
                    20,
                    Db.count("SELECT count(DISTINCT message) FROM device_logs WHERE device_serial = '" + serial + "'"));
            assertEquals(before + 1, oversizedCount(), "counted once: acknowledged, not redelivered");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static long stored(String serial) {
        return Db.count("SELECT count(*) FROM device_logs WHERE device_serial = '" + serial + "'");
    }

    /** Heap allocated by every thread of this JVM (the service and the test) so far. */
    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getTotalThreadAllocatedBytes();
    }

    /** mosquitto_pub as a device would, so the payload is never in this JVM's heap. */
    private static void publishFromAnotherProcess(String topic, Path file) throws Exception {
        var config = ConfigProvider.getConfig();
        Process pub = new ProcessBuilder(
                        "mosquitto_pub",
                        "-h",
                        "127.0.0.1",
                        "-p",
                        String.valueOf(TestMqtt.port()),
                        "-u",
                        config.getValue("bellsys.test.mqtt.username", String.class),
                        "-P",
                        config.getValue("bellsys.test.mqtt.password", String.class),
                        "-q",
                        "1",
                        "-t",
                        topic,
                        "-f",
                        file.toString())
                .redirectErrorStream(true)
                .start();
        assertTrue(pub.waitFor(60, TimeUnit.SECONDS), "mosquitto_pub did not finish");
        assertEquals(0, pub.exitValue(), new String(pub.getInputStream().readAllBytes()));
    }

    private static double oversizedCount() {
        String metrics = given().when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        Matcher m = OVERSIZED.matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
