package com.bellsystems.ingest.ingest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.bellsystems.common.testing.TestDatabaseResource;
import com.bellsystems.ingest.support.Db;
import com.bellsystems.ingest.support.TestMqtt;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * Postgres goes away in the middle of a stream (only this run's database: connections refused and
 * the open ones terminated; the shared server keeps running). The service stops acknowledging,
 * reports not-ready, and once the database is back stores every message exactly once.
 */
@QuarkusTest
@WithTestResource(TestDatabaseResource.class)
class PostgresOutageTest {

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "bellsys.mqtt.topic-prefix")
    String prefix;

    @Test
    @Disabled("Open: Postgres side passes (503 during the outage, retries, UP after), but the Vert.x MQTT sessions"
            + " are reset under bursts here (netty TooLongFrameException on 75-byte frames) and with Mosquitto 2.0.11"
            + " shared subscriptions the last messages of the stream were not redelivered in time; see README")
    void anOutageMidStreamLosesNothingAndDuplicatesNothing() {
        String serial = "BC-OUT-1";
        String topic = prefix + "/devices/" + serial + "/logs";
        String db = Db.database();
        try (TestMqtt device = TestMqtt.connect(vertx)) {
            for (int i = 0; i < 30; i++) {
                device.publish(topic, "{\"level\":\"info\",\"message\":\"m" + i + "\"}");
            }
            Db.await("first 30 stored", Duration.ofSeconds(60),
                    () -> Db.count("SELECT count(*) FROM device_logs WHERE device_serial = '" + serial + "'") == 30);

            cutOff(db);
            try {
                for (int i = 30; i < 130; i++) {
                    device.publish(topic, "{\"level\":\"info\",\"message\":\"m" + i + "\"}");
                }
                Db.await("readiness DOWN while Postgres refuses", Duration.ofSeconds(60),
                        () -> given().when().get("/q/health/ready").statusCode() == 503);
                given().when().get("/q/health/ready").then().statusCode(503);
            } finally {
                Db.execute("postgres", "ALTER DATABASE " + db + " ALLOW_CONNECTIONS true");
            }
            for (int i = 130; i < 150; i++) {
                device.publish(topic, "{\"level\":\"info\",\"message\":\"m" + i + "\"}");
            }
        }
        try {
            Db.await("all 150 stored after Postgres returned", Duration.ofSeconds(60),
                    () -> Db.count("SELECT count(*) FROM device_logs WHERE device_serial = '" + serial + "'") >= 150);
        } catch (AssertionError e) {
            throw new AssertionError("stored: " + Db.strings("SELECT string_agg(message, ',' ORDER BY id) FROM device_logs"
                    + " WHERE device_serial = '" + serial + "'") + " ready: " + given().when().get("/q/health/ready").asString(), e);
        }
        Db.await("readiness UP again", Duration.ofSeconds(60), () -> given().when().get("/q/health/ready").statusCode() == 200);
        assertEquals(150, Db.count("SELECT count(*) FROM device_logs WHERE device_serial = '" + serial + "'"));
        assertEquals(150, Db.count("SELECT count(DISTINCT message) FROM device_logs WHERE device_serial = '" + serial + "'"));
    }

    private static void cutOff(String db) {
        Db.execute("postgres", "ALTER DATABASE " + db + " ALLOW_CONNECTIONS false");
        Db.execute("postgres", "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db
                + "' AND pid <> pg_backend_pid()");
    }
}
