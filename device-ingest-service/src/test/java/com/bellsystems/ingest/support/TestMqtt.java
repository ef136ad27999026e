package com.bellsystems.ingest.support;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.restassured.RestAssured;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A device (or an observer) on the run's private Mosquitto (common-test's MosquittoResource), for
 * tests: QoS 1 publish and subscribe. {@link #connect} uses the run's test account, which may play
 * any device; {@link #connectAs} a given account (a provisioned device).
 */
public final class TestMqtt implements AutoCloseable {

    public final List<String> received = new CopyOnWriteArrayList<>();
    private final MqttClient client;
    /** PUBACKs by packet id: a QoS 1 message is the broker's only once it has acknowledged it. */
    private final Map<Integer, CompletableFuture<Void>> pubacks = new ConcurrentHashMap<>();

    private TestMqtt(MqttClient client) {
        this.client = client;
    }

    /** Connects as the run's test account, which may play any device. */
    public static TestMqtt connect(Vertx vertx) {
        Config config = ConfigProvider.getConfig();
        return connectAs(
                vertx,
                config.getValue("bellsys.test.mqtt.username", String.class),
                config.getValue("bellsys.test.mqtt.password", String.class));
    }

    /** Waits until the readiness check says every ingest connection is subscribed ("n/n"). */
    public static void awaitServiceSubscribed() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String state = null;
        while (System.nanoTime() < deadline) {
            state = RestAssured.given()
                    .get("/q/health/ready")
                    .jsonPath()
                    .getString("checks.find { it.name == 'MQTT device ingest' }.data.mqtt_connections");
            if (state != null) {
                String[] parts = state.split("/");
                if (parts.length == 2 && parts[0].equals(parts[1])) {
                    return;
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("the service's MQTT connections never all subscribed: " + state);
    }

    /**
     * Connects with these credentials (null: anonymously) once the service has subscribed on all
     * its connections; fails when the broker refuses. The run's topics are new, so a message
     * published before the service's first SUBACK has no subscriber and the broker rightly drops
     * it (in production the sessions and their subscriptions persist across restarts).
     */
    public static TestMqtt connectAs(Vertx vertx, String username, String password) {
        awaitServiceSubscribed();
        MqttClientOptions options = new MqttClientOptions()
                .setClientId("test-device-" + UUID.randomUUID().toString().substring(0, 8))
                .setCleanSession(true)
                .setMaxInflightQueue(1000);
        if (username != null) {
            options.setUsername(username).setPassword(password);
        }
        MqttClient client = MqttClient.create(vertx, options);
        TestMqtt mqtt = new TestMqtt(client);
        client.publishHandler(
                m -> mqtt.received.add(m.topicName() + " " + m.payload().toString()));
        client.publishCompletionHandler(id -> mqtt.puback(id).complete(null));
        await(client.connect(port(), "127.0.0.1"));
        return mqtt;
    }

    /**
     * Publishes at QoS 1 and returns once the broker has acknowledged (PUBACK), as a device would
     * before forgetting a message. (The client's own future completes when the packet is written;
     * a disconnect right after that can lose it at the broker.)
     */
    public void publish(String topic, String payload) {
        publish(topic, Buffer.buffer(payload));
    }

    public void publish(String topic, byte[] payload) {
        publish(topic, Buffer.buffer(payload));
    }

    private void publish(String topic, Buffer payload) {
        int packetId = await(client.publish(topic, payload, MqttQoS.AT_LEAST_ONCE, false, false));
        try {
            puback(packetId).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("no PUBACK for packet " + packetId + " on " + topic, e);
        } finally {
            pubacks.remove(packetId);
        }
    }

    /** The run's broker port. */
    public static int port() {
        return ConfigProvider.getConfig().getValue("bellsys.mqtt.port", Integer.class);
    }

    private CompletableFuture<Void> puback(int packetId) {
        return pubacks.computeIfAbsent(packetId, id -> new CompletableFuture<>());
    }

    public void subscribe(String filter) {
        await(client.subscribe(filter, 1));
    }

    /** Subscribes and returns the QoS the broker granted (128: refused). */
    public int subscribeGranted(String filter) {
        CompletableFuture<Integer> granted = new CompletableFuture<>();
        client.subscribeCompletionHandler(
                ack -> granted.complete(ack.grantedQoSLevels().get(0)));
        await(client.subscribe(filter, 1));
        try {
            return granted.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("no SUBACK for " + filter, e);
        }
    }

    @Override
    public void close() {
        if (client.isConnected()) {
            await(client.disconnect());
        }
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
