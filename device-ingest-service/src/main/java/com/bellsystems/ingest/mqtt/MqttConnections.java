package com.bellsystems.ingest.mqtt;

import com.bellsystems.ingest.config.IngestConfig;
import com.bellsystems.ingest.config.MqttConfig;
import com.bellsystems.ingest.device.DeviceTopics;
import com.bellsystems.ingest.partition.service.PartitionMaintenance;
import com.bellsystems.ingest.telemetry.Inbound;
import com.bellsystems.ingest.telemetry.Rejection;
import com.bellsystems.ingest.telemetry.service.IngestBatcher;
import com.bellsystems.ingest.telemetry.service.PayloadParser;
import com.bellsystems.ingest.telemetry.service.Rejections;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The service's MQTT sessions for device traffic, written on the Vert.x client rather than the
 * messaging connector because the connector acknowledges on receipt and loses QoS 1 messages
 * (measured; see the "MQTT" section of device-ingest-service/README.md). Each connection: fixed
 * client id, persistent session (cleanSession=false), manual acks sent only once the message's
 * batch has committed, reconnect with back-off from the close handler.
 */
@ApplicationScoped
public class MqttConnections {

    private final Vertx vertx;
    private final MqttConfig mqtt;
    private final BrokerClients clients;
    private final BrokerControl control;
    private final IngestConfig config;
    private final DeviceTopics topics;
    private final PayloadParser parser;
    private final Rejections rejections;
    private final IngestBatcher batcher;
    private final PartitionMaintenance partitions;
    private final List<Connection> connections = new ArrayList<>();
    private volatile boolean stopping;
    /** Set once the replica leaves the shared group: connections unsubscribe instead of subscribing. */
    private volatile boolean draining;

    private volatile long lastMessageNanos = System.nanoTime();

    /** How long the drained sessions must stay silent before the drain is done. */
    static final Duration DRAIN_QUIET = Duration.ofMillis(500);

    public MqttConnections(
            Vertx vertx,
            MqttConfig mqtt,
            BrokerClients clients,
            BrokerControl control,
            IngestConfig config,
            DeviceTopics topics,
            PayloadParser parser,
            Rejections rejections,
            IngestBatcher batcher,
            PartitionMaintenance partitions) {
        this.vertx = vertx;
        this.mqtt = mqtt;
        this.clients = clients;
        this.control = control;
        this.config = config;
        this.topics = topics;
        this.parser = parser;
        this.rejections = rejections;
        this.batcher = batcher;
        this.partitions = partitions;
    }

    void onStart(@Observes StartupEvent event) {
        control.start();
        int count = topics.shared() ? config.connections() : 1;
        for (int i = 0; i < count; i++) {
            connections.add(new Connection(mqtt.clientId() + "-" + i));
        }
        batcher.connectionsChanged(count);
        batcher.onMissingPartition(
                e -> partitions.ensurePartitions().subscribe().with(x -> {}, x -> {}));
        // Partitions first, so the first batch has somewhere to go; connect even if that failed
        // (batches then wait and retry, and the daily job tries again).
        partitions.ensurePartitions().subscribe().with(created -> connections.forEach(Connection::connect), failure -> {
            Log.errorf(failure, "Could not ensure device_logs partitions at start");
            connections.forEach(Connection::connect);
        });
    }

    void onStop(@Observes ShutdownEvent event) {
        if (config.drainOnShutdown() && !Context.isOnEventLoopThread()) {
            drain(config.drainTimeout());
        }
        stopping = true;
        control.stop();
        for (Connection c : connections) {
            MqttClient client = c.client;
            if (client != null && client.isConnected()) {
                client.disconnect();
            }
        }
    }

    /**
     * Leaves the shared group and stores what the broker still holds for this replica: every
     * connection unsubscribes (after the UNSUBACK the broker routes the group's messages to the
     * other members only), then the messages already queued in the sessions keep arriving and are
     * stored and acknowledged as usual. Done when every connection has its UNSUBACK, nothing is
     * unacknowledged and nothing has arrived for {@link #DRAIN_QUIET}: the broker sends queued
     * messages as soon as the in-flight window has room, so a quiet, empty pipeline means an empty
     * queue. Blocks the calling thread (the shutdown thread, never an event loop); the connections
     * stay open, so the caller disconnects. Returns whether it finished within the timeout.
     */
    public boolean drain(Duration timeout) {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        long committedBefore = batcher.committed();
        draining = true;
        for (Connection c : connections) {
            MqttClient client = c.client;
            if (client != null && client.isConnected()) {
                c.leave(client);
            } // a connection that is down leaves the group when it reconnects
        }
        boolean drained = false;
        while (System.nanoTime() < deadline) {
            if (connections.stream().allMatch(c -> c.left)
                    && batcher.pending() == 0
                    && System.nanoTime() - lastMessageNanos >= DRAIN_QUIET.toNanos()) {
                drained = true;
                break;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        long stored = batcher.committed() - committedBefore;
        long millis = (System.nanoTime() - started) / 1_000_000;
        if (drained) {
            Log.infof(
                    "Left the shared group and drained the MQTT sessions: %d messages stored in %d ms", stored, millis);
        } else {
            Log.warnf(
                    "Drain of the MQTT sessions did not finish in %d ms (%d stored, %d unacknowledged, %d/%d left the group);"
                            + " what is left stays in the sessions until a replica with this client id returns",
                    millis,
                    stored,
                    batcher.pending(),
                    connections.stream().filter(c -> c.left).count(),
                    connections.size());
        }
        return drained;
    }

    /** Connections currently subscribed, and how many there should be. */
    public int connected() {
        return (int) connections.stream().filter(c -> c.subscribed).count();
    }

    public int expected() {
        return connections.size();
    }

    /** One persistent MQTT session. A fresh MqttClient per attempt, so acks never reach a stale connection. */
    private final class Connection {
        final String clientId;
        volatile MqttClient client;
        volatile boolean subscribed;
        /** UNSUBACK received while draining: the broker no longer routes the group's messages here. */
        volatile boolean left;

        int attempt;
        boolean reconnectScheduled;

        Connection(String clientId) {
            this.clientId = clientId;
        }

        void connect() {
            if (stopping) {
                return;
            }
            // The decoder stops at max-payload-bytes plus the header (BrokerClients): a larger PUBLISH
            // is acknowledged and counted from its header by OversizedPublishGuard, never read whole.
            MqttClientOptions options =
                    clients.options(clientId).setCleanSession(false).setMaxInflightQueue(1000);
            // manual PUBACK: a message is acknowledged only after its batch commits
            options.setAutoAck(false);
            MqttClient mqttClient = MqttClient.create(vertx, options);
            client = mqttClient;
            Acks acks = new Acks(mqttClient);
            mqttClient.publishHandler(message -> onMessage(mqttClient, acks, message));
            mqttClient.exceptionHandler(e -> Log.warnf("MQTT connection %s: %s", clientId, e.toString()));
            mqttClient.closeHandler(v -> {
                if (client == mqttClient) {
                    subscribed = false;
                    if (!stopping) {
                        Log.warnf("MQTT connection %s closed; reconnecting", clientId);
                        reconnectLater();
                    }
                }
            });
            mqttClient.connect(mqtt.port(), mqtt.host()).onComplete(result -> {
                if (result.failed() || result.result().code() != MqttConnectReturnCode.CONNECTION_ACCEPTED) {
                    String why = result.failed()
                            ? result.cause().getMessage()
                            : result.result().code().name();
                    if (attempt % 10 == 0) {
                        Log.warnf("MQTT connection %s to %s failed (%s); retrying", clientId, clients.describe(), why);
                    }
                    if (result.succeeded()) {
                        mqttClient.disconnect();
                    }
                    reconnectLater();
                    return;
                }
                OversizedPublishGuard.install(
                        mqttClient,
                        clients.decoderLimit(),
                        (topic, size) -> rejections.reject(
                                Rejection.OVERSIZED,
                                topic,
                                size + " bytes > " + clients.decoderLimit() + " (decoder limit); acknowledged unread"));
                if (draining) {
                    leave(mqttClient);
                    return;
                }
                mqttClient.subscribe(topics.subscriptions()).onComplete(sub -> {
                    if (sub.failed()) {
                        Log.warnf(
                                "MQTT subscribe failed on %s: %s",
                                clientId, sub.cause().getMessage());
                        mqttClient.disconnect();
                        return;
                    }
                    attempt = 0;
                    subscribed = true;
                    Log.infof(
                            "MQTT %s connected to %s:%d (session present: %s), subscribed to %s",
                            clientId,
                            mqtt.host(),
                            mqtt.port(),
                            result.result().isSessionPresent(),
                            topics.subscriptions().keySet());
                });
            });
        }

        /** Unsubscribes from the group's filters; {@link #left} once the broker confirms. */
        void leave(MqttClient mqttClient) {
            mqttClient.unsubscribeCompletionHandler(id -> {
                if (client == mqttClient) {
                    subscribed = false;
                    left = true;
                }
            });
            mqttClient
                    .unsubscribe(new ArrayList<>(topics.subscriptions().keySet()))
                    .onFailure(e -> {
                        Log.warnf("MQTT unsubscribe failed on %s: %s", clientId, e.getMessage());
                        mqttClient.disconnect(); // reconnect, then leave again
                    });
        }

        void reconnectLater() {
            if (stopping || reconnectScheduled) {
                return;
            }
            reconnectScheduled = true;
            long delay = Math.min(5000, 100L << Math.min(attempt++, 6));
            vertx.setTimer(delay, t -> {
                reconnectScheduled = false;
                connect();
            });
        }

        /**
         * The PUBACKs of one MqttClient, sent on its own context. A committed batch acknowledges up
         * to a thousand messages at once from the writer's context: they are queued here and sent
         * by one task per burst instead of one task (and one event-loop wake-up) per message.
         */
        final class Acks {
            final MqttClient from;
            volatile Context context; // the client's, known from its first message
            private final ConcurrentLinkedQueue<MqttPublishMessage> queue = new ConcurrentLinkedQueue<>();
            private final AtomicBoolean scheduled = new AtomicBoolean();

            Acks(MqttClient from) {
                this.from = from;
            }

            void add(MqttPublishMessage message) {
                queue.add(message);
                if (scheduled.compareAndSet(false, true)) {
                    context.runOnContext(x -> send());
                }
            }

            private void send() {
                scheduled.set(false); // a message queued from now on schedules the next task
                MqttPublishMessage message;
                while ((message = queue.poll()) != null) {
                    // A message received on a connection that has since closed is redelivered on the new one.
                    if (client == from && from.isConnected()) {
                        message.ack();
                    }
                }
            }
        }

        /** Runs on the connection's event loop: parsing is cheap and non-blocking; the batcher writes on its own contexts. */
        void onMessage(MqttClient from, Acks acks, MqttPublishMessage message) {
            lastMessageNanos = System.nanoTime();
            if (acks.context == null) {
                Context current = Vertx.currentContext();
                acks.context = current != null ? current : vertx.getOrCreateContext();
            }
            String topic = message.topicName();
            byte[] payload = message.payload().getBytes();
            Runnable ack = () -> acks.add(message);
            PayloadParser.Result result = parser.parse(topic, payload);
            if (result.rejection() != null) {
                rejections.reject(result.rejection(), topic, result.detail());
                ack.run();
                return;
            }
            batcher.submit(new Inbound(
                    result.record(),
                    PayloadParser.hash(topic, payload),
                    message.isDup(),
                    ack,
                    () -> client != from || !from.isConnected()));
        }
    }
}
