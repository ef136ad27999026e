package com.bellsystems.ingest.telemetry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Device messages published through the real Mosquitto land in the real Postgres, each exactly once. */
@QuarkusTest
@WithTestResource(TestDatabaseResource.class)
@WithTestResource(MosquittoResource.class)
class IngestTest {

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "bellsys.mqtt.topic-prefix")
    String prefix;

    @Test
    void logsLandOnceInThisMonthsPartition() {
        String serial = "BC-LOG-1";
        try (TestMqtt device = TestMqtt.connect(vertx)) {
            for (int i = 0; i < 40; i++) {
                device.publish(
                        prefix + "/devices/" + serial + "/logs",
                        "{\"level\":\"info\",\"message\":\"boot step " + i + "\",\"ts\":" + (1_764_000_000_000L + i)
                                + "}");
            }
        }
        Db.await(
                "40 log rows",
                Duration.ofSeconds(60),
                () -> Db.count("SELECT count(*) FROM device_logs WHERE device_serial = '" + serial + "'") >= 40);
        // two connections share the subscription: each message was taken by one of them, never both
        assertEquals(40, Db.count("SELECT count(*) FROM device_logs WHERE device_serial = '" + serial + "'"));
        assertEquals(
                40, Db.count("SELECT count(DISTINCT message) FROM device_logs WHERE device_serial = '" + serial + "'"));
        String partition =
                "device_logs_" + LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy_MM"));
        assertEquals(
                List.of(partition),
                Db.strings("SELECT DISTINCT tableoid::regclass::text FROM device_logs WHERE device_serial = '" + serial
                        + "'"));
        assertEquals(
                List.of("INFO"),
                Db.strings("SELECT DISTINCT level FROM device_logs WHERE device_serial = '" + serial + "'"));
        assertEquals(
                "1764000000007",
                Db.strings("SELECT device_timestamp FROM device_logs WHERE device_serial = '" + serial
                                + "' AND message = 'boot step 7'")
                        .get(0));
    }

    @Test
    void heartbeatsAlertsAndClearsAreStored() {
        String serial = "BC-HB-1";
        try (TestMqtt device = TestMqtt.connect(vertx)) {
            device.publish(
                    prefix + "/devices/" + serial + "/heartbeat",
                    "{\"uptime_seconds\":3600,\"signal_rssi\":-67,\"firmware_version\":\"1.4.2\",\"hardware_type\":\"bc-2\","
                            + "\"ip_address\":\"10.0.0.7\",\"free_memory\":20480,\"temperature_c\":41}");
            device.publish(
                    prefix + "/devices/" + serial + "/alerts",
                    "{\"type\":\"bell_jam\",\"severity\":\"critical\",\"message\":\"hammer 2 stuck\",\"details\":{\"bell\":2}}");
            device.publish(prefix + "/devices/" + serial + "/alerts", "{\"type\":\"low_signal\"}");
        }
        Db.await(
                "heartbeat and alerts",
                Duration.ofSeconds(60),
                () -> Db.count("SELECT count(*) FROM heartbeats WHERE device_serial = '" + serial + "'") == 1
                        && Db.count("SELECT count(*) FROM device_alerts WHERE device_serial = '" + serial + "'") == 2);
        assertEquals(
                List.of("1.4.2|bc-2|10.0.0.7|3600|-67|20480|41"),
                Db.strings(
                        "SELECT concat_ws('|', firmware_version, hardware_type, ip_address, uptime_seconds, signal_rssi, free_memory,"
                                + " payload->>'temperature_c') FROM heartbeats WHERE device_serial = '" + serial
                                + "'"));
        assertEquals(
                List.of("bell_jam|critical|active|2", "low_signal|warning|active|"),
                Db.strings(
                        "SELECT concat_ws('|', alert_type, severity, state, coalesce(details->>'bell', '')) FROM device_alerts"
                                + " WHERE device_serial = '" + serial + "' ORDER BY alert_type"));

        try (TestMqtt device = TestMqtt.connect(vertx)) {
            device.publish(prefix + "/devices/" + serial + "/alerts", "{\"type\":\"bell_jam\",\"state\":\"cleared\"}");
        }
        Db.await(
                "bell_jam cleared",
                Duration.ofSeconds(60),
                () -> Db.count("SELECT count(*) FROM device_alerts WHERE device_serial = '" + serial
                                + "' AND alert_type = 'bell_jam' AND state = 'cleared' AND cleared_at IS NOT NULL")
                        == 1);
        assertEquals(
                1,
                Db.count("SELECT count(*) FROM device_alerts WHERE device_serial = '" + serial
                        + "' AND state = 'active'"));
    }

    @Test
    void readinessIncludesTheMqttSessions() {
        given().when().get("/q/health/ready").then().statusCode(200).body("checks.name", hasItem("MQTT device ingest"));
    }
}
