package com.bellsystems.ingest.support;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A device (or an observer) on the real local Mosquitto, for tests: QoS 1 publish and subscribe. */
public final class TestMqtt implements AutoCloseable {

    public final List<String> received = new CopyOnWriteArrayList<>();
    private final MqttClient client;

    private TestMqtt(MqttClient client) {
        this.client = client;
    }

    public static TestMqtt connect(Vertx vertx) {
        MqttClient client = MqttClient.create(vertx, new MqttClientOptions()
                .setClientId("test-device-" + UUID.randomUUID().toString().substring(0, 8))
                .setCleanSession(true).setMaxInflightQueue(1000));
        TestMqtt mqtt = new TestMqtt(client);
        client.publishHandler(m -> mqtt.received.add(m.topicName() + " " + m.payload().toString()));
        await(client.connect(1883, "127.0.0.1"));
        return mqtt;
    }

    public void publish(String topic, String payload) {
        await(client.publish(topic, Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, false));
    }

    public void publish(String topic, byte[] payload) {
        await(client.publish(topic, Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, false));
    }

    public void subscribe(String filter) {
        await(client.subscribe(filter, 1));
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
