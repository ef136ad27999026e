package com.bellsystems.ingest.telemetry;

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
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Postgres goes away in the middle of a stream (only this run's database: connections refused and
 * the open ones terminated; the shared server keeps running). The service stops acknowledging,
 * reports not-ready, and once the database is back stores every message exactly once.
 */
@QuarkusTest
@WithTestResource(TestDatabaseResource.class)
// the broker's default window (20), so the back-pressure bound below is small and checkable
@WithTestResource(
        value = MosquittoResource.class,
        initArgs = @ResourceArg(name = "max_inflight_messages", value = "20"))
class PostgresOutageTest {

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "bellsys.mqtt.topic-prefix")
    String prefix;

    @Test
    void anOutageMidStreamLosesNothingAndDuplicatesNothing() throws InterruptedException {
        String serial = "BC-OUT-1";
        String topic = prefix + "/devices/" + serial + "/logs";
        String db = Db.database();
        int before = 30;
        int during = 400; // well over what the broker lets stay unacknowledged (2 sessions x 20 in flight)
        int after = 20;
        try (TestMqtt device = TestMqtt.connect(vertx)) {
            for (int i = 0; i < before; i++) {
                device.publish(topic, "{\"level\":\"info\",\"message\":\"m" + i + "\"}");
            }
            Db.await(
                    "first messages stored",
                    Duration.ofSeconds(60),
                    () -> Db.count("SELECT count(*) FROM device_logs WHERE device_serial = '" + serial + "'")
                            == before);

            cutOff(db);
            try {
                for (int i = before; i < before + during; i++) {
                    device.publish(topic, "{\"level\":\"info\",\"message\":\"m" + i + "\"}");
                }
                Db.await(
                        "readiness DOWN while Postgres refuses",
                        Duration.ofSeconds(60),
                        () -> given().when().get("/q/health/ready").statusCode() == 503);
                // Held down long enough for several retries: still not ready, and the service has stopped
                // taking messages (the rest wait in the broker) instead of buffering them all.
                Thread.sleep(3000);
                given().when().get("/q/health/ready").then().statusCode(503);
                double pending = pendingGauge();
                assertTrue(pending > 0 && pending <= 2 * 20, "unacknowledged messages held by the service: " + pending);
            } finally {
                Db.execute("postgres", "ALTER DATABASE " + db + " ALLOW_CONNECTIONS true");
            }
            for (int i = before + during; i < before + during + after; i++) {
                device.publish(topic, "{\"level\":\"info\",\"message\":\"m" + i + "\"}");
            }
        }
        int total = before + during + after;
        try {
            Db.await(
                    "every message stored after Postgres returned",
                    Duration.ofSeconds(60),
                    () -> Db.count("SELECT count(*) FROM device_logs WHERE device_serial = '" + serial + "'") >= total);
        } catch (AssertionError e) {
            throw new AssertionError(
                    "stored: " + Db.count("SELECT count(*) FROM device_logs WHERE device_serial = '" + serial + "'")
                            + " ready: " + given().when().get("/q/health/ready").asString(),
                    e);
        }
        Db.await(
                "readiness UP again",
                Duration.ofSeconds(60),
                () -> given().when().get("/q/health/ready").statusCode() == 200);
        assertEquals(total, Db.count("SELECT count(*) FROM device_logs WHERE device_serial = '" + serial + "'"));
        assertEquals(
                total,
                Db.count("SELECT count(DISTINCT message) FROM device_logs WHERE device_serial = '" + serial + "'"));
    }

    private static double pendingGauge() {
        String metrics = given().when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        return metrics.lines()
                .filter(l -> l.startsWith("bellsys_ingest_pending "))
                .mapToDouble(
                        l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1).trim()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no bellsys_ingest_pending metric"));
    }

    private static void cutOff(String db) {
        Db.execute("postgres", "ALTER DATABASE " + db + " ALLOW_CONNECTIONS false");
        Db.execute(
                "postgres",
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db
                        + "' AND pid <> pg_backend_pid()");
    }
}
