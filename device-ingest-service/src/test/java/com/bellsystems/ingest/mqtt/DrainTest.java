package com.bellsystems.ingest.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bellsystems.common.testing.MosquittoResource;
import com.bellsystems.common.testing.TestDatabaseResource;
import com.bellsystems.ingest.support.Db;
import com.bellsystems.ingest.support.TestMqtt;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A replica leaving for good (scale-down) drains its sessions: the shared group keeps routing a
 * share of the stream to a member's persistent session even when the member cannot take it, so
 * while Postgres refuses this replica's batches its sessions fill past the in-flight windows and
 * the rest queues in the broker. The drain leaves the group (later messages go to the other
 * member only) and, once Postgres is back, stores everything its sessions held.
 */
@QuarkusTest
@TestProfile(DrainTest.OwnInstance.class)
@WithTestResource(TestDatabaseResource.class)
// the broker's default window (20): what waits beyond 2 x 20 can only be in the broker's queue
@WithTestResource(
        value = MosquittoResource.class,
        initArgs = @ResourceArg(name = "max_inflight_messages", value = "20"))
class DrainTest {

    /** Its own application instance: after the drain this replica is out of the group for good. */
    public static class OwnInstance implements QuarkusTestProfile {}

    @Inject
    Vertx vertx;

    @Inject
    MqttConnections connections;

    @ConfigProperty(name = "bellsys.mqtt.topic-prefix")
    String prefix;

    @ConfigProperty(name = "bellsys.ingest.shared-group")
    String group;

    @Test
    void aLeavingReplicaStoresWhatItsSessionsHeldAndNothingIsRoutedToItAfter() throws Exception {
        String serial = "BC-DRAIN-1";
        String topic = prefix + "/devices/" + serial + "/logs";
        String rows = "SELECT count(*) FROM device_logs WHERE device_serial = '" + serial + "'";
        int before = 300; // about 2/3 routed to this replica's two sessions, far over their 2 x 20 window
        int after = 60;
        String db = Db.database();
        try (TestMqtt device = TestMqtt.connect(vertx);
                TestMqtt otherMember = TestMqtt.connect(vertx)) {
            // the other replica of the group: it takes its share (and acknowledges on receipt)
            otherMember.subscribe("$share/" + group + "/" + prefix + "/devices/+/logs");

            CompletableFuture<Boolean> drained;
            cutOff(db);
            try {
                for (int i = 0; i < before; i++) {
                    device.publish(topic, "{\"level\":\"info\",\"message\":\"b" + i + "\"}");
                }
                drained = CompletableFuture.supplyAsync(() -> connections.drain(Duration.ofSeconds(60)));
                Db.await("the replica has left the group", Duration.ofSeconds(30), () -> connections.connected() == 0);
                for (int i = 0; i < after; i++) {
                    device.publish(topic, "{\"level\":\"info\",\"message\":\"a" + i + "\"}");
                }
                Db.await(
                        "the other member got every message published after the drain began",
                        Duration.ofSeconds(30),
                        () -> otherMember.received.stream()
                                        .filter(m -> m.contains("\"a"))
                                        .count()
                                == after);
                assertTrue(!drained.isDone(), "the drain cannot finish while Postgres refuses its batches");
            } finally {
                Db.execute("postgres", "ALTER DATABASE " + db + " ALLOW_CONNECTIONS true");
            }
            assertTrue(drained.get(), "drained within the timeout");

            long stored = Db.count(rows);
            List<String> storedMessages =
                    Db.strings("SELECT message FROM device_logs WHERE device_serial = '" + serial + "'");
            Set<String> all = new HashSet<>(storedMessages);
            assertEquals(stored, all.size(), "stored once each");
            for (String m : otherMember.received) {
                String message = m.replaceAll(".*\"message\":\"([^\"]+)\".*", "$1");
                assertTrue(all.add(message), "delivered to both members: " + message);
            }
            assertEquals(before + after, all.size(), "every message reached one member: none lost");
            assertTrue(stored > 2 * 20, "the replica stored more than its windows held: " + stored);
            assertTrue(storedMessages.stream().allMatch(m -> m.startsWith("b")), "nothing routed to it after leaving");
            // the drain is over: the sessions still exist but are out of the group
            Thread.sleep(500);
            assertEquals(stored, Db.count(rows));
        }
    }

    private static void cutOff(String db) {
        Db.execute("postgres", "ALTER DATABASE " + db + " ALLOW_CONNECTIONS false");
        Db.execute(
                "postgres",
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db
                        + "' AND pid <> pg_backend_pid()");
    }
}
