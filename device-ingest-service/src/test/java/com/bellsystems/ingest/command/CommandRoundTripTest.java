package com.bellsystems.ingest.command;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bellsystems.common.testing.MosquittoResource;
import com.bellsystems.common.testing.TestDatabaseResource;
import com.bellsystems.common.testing.TestTokens;
import com.bellsystems.ingest.command.service.CommandService;
import com.bellsystems.ingest.support.Db;
import com.bellsystems.ingest.support.MutableClock;
import com.bellsystems.ingest.support.TestMqtt;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** POST a command, the device receives it over MQTT and acknowledges it, the API shows the outcome. */
@QuarkusTest
@WithTestResource(TestDatabaseResource.class)
@WithTestResource(MosquittoResource.class)
class CommandRoundTripTest {

    @Inject
    Vertx vertx;

    @Inject
    CommandService commands;

    @Inject
    MutableClock clock;

    @ConfigProperty(name = "bellsys.mqtt.topic-prefix")
    String prefix;

    @AfterEach
    void realTime() {
        clock.reset();
    }

    private static String operator() {
        return TestTokens.token(
                "op-7", "Olga Operator", "staff", Map.of("devices", Map.of("view", true, "command", true)));
    }

    @Test
    void commandIsPublishedAckedAndAudited() {
        String serial = "BC-CMD-1";
        try (TestMqtt device = TestMqtt.connect(vertx)) {
            device.subscribe(prefix + "/devices/" + serial + "/commands");
            int id = given().auth()
                    .oauth2(operator())
                    .header("X-Request-Id", "req-cmd-1")
                    .contentType(ContentType.JSON)
                    .body(Map.of("name", "ring", "params", Map.of("bell", 2, "strikes", 3)))
                    .when()
                    .post("/api/devices/" + serial + "/commands")
                    .then()
                    .statusCode(202)
                    .body("command_name", equalTo("ring"))
                    .body("status", equalTo("sent"))
                    .body("params.bell", equalTo(2))
                    .body("sent_by", equalTo("op-7"))
                    .body("sent_at", notNullValue())
                    .extract()
                    .path("id");

            Db.await("device got the command", Duration.ofSeconds(60), () -> !device.received.isEmpty());
            String received = device.received.get(0);
            assertTrue(received.startsWith(prefix + "/devices/" + serial + "/commands "), received);
            JsonObject payload = new JsonObject(received.substring(received.indexOf(' ') + 1));
            assertEquals(id, payload.getInteger("command_id"));
            assertEquals("ring", payload.getString("name"));
            assertEquals(3, payload.getJsonObject("params").getInteger("strikes"));

            device.publish(
                    prefix + "/devices/" + serial + "/commands/ack",
                    "{\"command_id\":" + id + ",\"status\":\"ok\",\"response\":{\"rang\":3}}");
            Db.await("command acked", Duration.ofSeconds(60), () -> "acked"
                    .equals(given().auth()
                            .oauth2(operator())
                            .when()
                            .get("/api/devices/" + serial + "/commands")
                            .then()
                            .statusCode(200)
                            .extract()
                            .path("items[0].status")));
            given().auth()
                    .oauth2(operator())
                    .when()
                    .get("/api/devices/" + serial + "/commands")
                    .then()
                    .body("items[0].id", equalTo(id))
                    .body("items[0].response.rang", equalTo(3))
                    .body("items[0].acked_at", notNullValue());
        }
        assertEquals(
                List.of("op-7|Olga Operator|COMMAND|device|" + serial + "|ring|req-cmd-1"),
                Db.strings(
                        "SELECT concat_ws('|', actor_id, actor_name, action, entity_type, entity_id, meta->>'command', meta->>'request_id')"
                                + " FROM audit_log WHERE entity_id = '" + serial + "'"));
    }

    @Test
    void anErrorAckFailsTheCommandAndSilenceTimesItOut() {
        String serial = "BC-CMD-2";
        int failing = send(serial, "reboot");
        int silent = send(serial, "self_test");
        try (TestMqtt device = TestMqtt.connect(vertx)) {
            device.publish(
                    prefix + "/devices/" + serial + "/commands/ack",
                    "{\"command_id\":" + failing + ",\"status\":\"error\",\"response\":{\"error\":\"busy\"}}");
        }
        Db.await(
                "command failed",
                Duration.ofSeconds(60),
                () -> Db.count("SELECT count(*) FROM commands WHERE id = " + failing + " AND status = 'failed'") == 1);

        clock.set(Instant.now().plus(Duration.ofMinutes(5)));
        assertTrue(commands.timeOutExpired().await().atMost(Duration.ofSeconds(30)) >= 1);
        assertEquals(
                List.of("failed", "timed_out"),
                Db.strings("SELECT status FROM commands WHERE id IN (" + failing + ", " + silent + ") ORDER BY id"));
    }

    @Test
    void commandsNeedTheCommandPermissionAndAValidBody() {
        given().contentType(ContentType.JSON)
                .body(Map.of("name", "ring"))
                .when()
                .post("/api/devices/BC-CMD-3/commands")
                .then()
                .statusCode(401);
        given().auth()
                .oauth2(TestTokens.staff(Map.of("devices", Map.of("view", true))))
                .contentType(ContentType.JSON)
                .body(Map.of("name", "ring"))
                .when()
                .post("/api/devices/BC-CMD-3/commands")
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(operator())
                .contentType(ContentType.JSON)
                .body(Map.of("name", "Ring Now!"))
                .when()
                .post("/api/devices/BC-CMD-3/commands")
                .then()
                .statusCode(400);
        given().auth()
                .oauth2(operator())
                .contentType(ContentType.JSON)
                .body(Map.of("name", "ring"))
                .when()
                .post("/api/devices/bad_serial/commands")
                .then()
                .statusCode(400)
                .contentType(org.hamcrest.Matchers.containsString("problem+json"));
        assertEquals(0, Db.count("SELECT count(*) FROM commands WHERE device_serial = 'BC-CMD-3'"));
    }

    private int send(String serial, String name) {
        return given().auth()
                .oauth2(operator())
                .contentType(ContentType.JSON)
                .body(Map.of("name", name))
                .when()
                .post("/api/devices/" + serial + "/commands")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
    }
}
