package com.bellsystems.ingest.telemetry;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.bellsystems.common.testing.MosquittoResource;
import com.bellsystems.common.testing.TestDatabaseResource;
import com.bellsystems.ingest.support.Db;
import com.bellsystems.ingest.support.TestMqtt;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Every kind of malformed message is counted under its reason and skipped; the stream goes on. */
@QuarkusTest
@WithTestResource(TestDatabaseResource.class)
@WithTestResource(MosquittoResource.class)
class MalformedMessagesTest {

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "bellsys.mqtt.topic-prefix")
    String prefix;

    @Test
    void malformedMessagesAreCountedAndSkipped() {
        String serial = "BC-BAD-1";
        String logs = prefix + "/devices/" + serial + "/logs";
        Map<String, Double> before = rejected();
        try (TestMqtt device = TestMqtt.connect(vertx)) {
            device.publish(logs, "{\"level\":\"info\",\"message\":\"first\"}");
            device.publish(logs, "{not json");
            device.publish(logs, "[1,2]");
            device.publish(logs, "{\"message\":\"no level\"}");
            device.publish(logs, "{\"level\":\"info\",\"message\":42}");
            device.publish(logs, "{\"level\":\"info\",\"message\":\"late\",\"ts\":\"yesterday\"}");
            device.publish(logs, "{\"level\":\"info!\",\"message\":\"bad level\"}");
            device.publish(logs, "{\"level\":\"info\",\"message\":\"nul \\u0000 inside\"}");
            device.publish(logs, "{\"level\":\"info\",\"message\":\"" + "x".repeat(3000) + "\"}");
            device.publish(
                    prefix + "/devices/bad_serial/logs", "{\"level\":\"info\",\"message\":\"lower case serial\"}");
            device.publish(prefix + "/devices/" + serial + "/heartbeat", "{\"signal_rssi\":-50}");
            device.publish(prefix + "/devices/" + serial + "/commands/ack", "{\"command_id\":1,\"status\":\"maybe\"}");
            device.publish(logs, "{\"level\":\"warn\",\"message\":\"last\"}");
        }
        Db.await(
                "the two valid messages around the bad ones",
                Duration.ofSeconds(60),
                () -> Db.count("SELECT count(*) FROM device_logs WHERE device_serial = '" + serial + "'") == 2);
        Db.await(
                "rejections counted",
                Duration.ofSeconds(60),
                () -> delta(before, rejected()).values().stream()
                                .mapToDouble(Double::doubleValue)
                                .sum()
                        >= 11);
        Map<String, Double> delta = delta(before, rejected());
        assertEquals(1.0, delta.get("invalid_json"), delta.toString());
        assertEquals(3.0, delta.get("wrong_type"), delta.toString()); // array, message 42, ts "yesterday"
        assertEquals(2.0, delta.get("missing_field"), delta.toString()); // no level, heartbeat without uptime
        assertEquals(
                3.0, delta.get("invalid_value"), delta.toString()); // level "info!", the NUL escape, ack status "maybe"
        assertEquals(1.0, delta.get("oversized"), delta.toString());
        assertEquals(1.0, delta.get("invalid_serial"), delta.toString());
        assertEquals(0.0, delta.get("db_rejected"), delta.toString());
    }

    private static final Pattern LINE = Pattern.compile(
            "^bellsys_ingest_rejected_total\\{reason=\"([a-z_]+)\"[^}]*\\}\\s+([0-9.eE+-]+)$", Pattern.MULTILINE);

    private static Map<String, Double> rejected() {
        String metrics = given().when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        Map<String, Double> counts = new LinkedHashMap<>();
        Matcher m = LINE.matcher(metrics);
        while (m.find()) {
            counts.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return counts;
    }

    private static Map<String, Double> delta(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> d = new LinkedHashMap<>();
        after.forEach((k, v) -> d.put(k, v - before.getOrDefault(k, 0.0)));
        return d;
    }
}
