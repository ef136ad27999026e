package com.bellsystems.ingest.mqtt;

import com.bellsystems.ingest.config.MqttConfig;
import com.bellsystems.ingest.device.DeviceTopics;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The service's control session with the broker (clean session, automatic acks; it carries no
 * device traffic): publishes commands to devices and completes only on the broker's PUBACK, and
 * sends requests to Mosquitto's dynamic-security plugin ({@code $CONTROL/dynamic-security/v1}),
 * which holds the device credentials and ACLs. On every connect it makes sure its own account may
 * publish commands and that clients receive only what their roles allow.
 */
@ApplicationScoped
public class BrokerControl {

    static final String DYNSEC_TOPIC = "$CONTROL/dynamic-security/v1";
    static final String DYNSEC_RESPONSES = DYNSEC_TOPIC + "/response";
    static final String SERVICE_ROLE = "bellsys-service";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Answers to idempotent set-up steps that mean "already so". */
    private static final Set<String> ALREADY =
            Set.of("Role already exists", "ACL with this topic already exists", "Client already exists");

    private final Vertx vertx;
    private final BrokerClients clients;
    private final MqttConfig mqtt;
    private final DeviceTopics topics;
    private final Map<Integer, CompletableFuture<Void>> pubacks = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<JsonArray>> requests = new ConcurrentHashMap<>();
    private volatile MqttClient client;
    private volatile CompletableFuture<Void> ready = new CompletableFuture<>();
    private volatile boolean stopping;
    private int attempt;

    public BrokerControl(Vertx vertx, BrokerClients clients, MqttConfig mqtt, DeviceTopics topics) {
        this.vertx = vertx;
        this.clients = clients;
        this.mqtt = mqtt;
        this.topics = topics;
    }

    void start() {
        connect();
    }

    void stop() {
        stopping = true;
        MqttClient c = client;
        if (c != null && c.isConnected()) {
            c.disconnect();
        }
    }

    /** Connected, subscribed to the plugin's answers, and its own access set up. */
    public boolean isReady() {
        return ready.isDone() && !ready.isCompletedExceptionally();
    }

    /** Publishes at QoS 1; completes once the broker has acknowledged the message (PUBACK). */
    public Uni<Void> publish(String topic, String payload) {
        return whenReady().flatMap(c -> publish(c, topic, payload));
    }

    /**
     * Sends commands to the dynamic-security plugin in one request; the item is the plugin's
     * answers, one per command, in order (an answer with {@code error} is a refused command).
     */
    public Uni<List<JsonObject>> dynamicSecurity(List<JsonObject> commands) {
        return whenReady().flatMap(c -> dynamicSecurity(c, commands));
    }

    private Uni<Void> publish(MqttClient c, String topic, String payload) {
        return Uni.createFrom()
                .completionStage(c.publish(topic, Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, false)
                        .toCompletionStage())
                .flatMap(packetId -> Uni.createFrom()
                        .completionStage(puback(packetId))
                        .ifNoItem()
                        .after(TIMEOUT)
                        .failWith(() -> new IllegalStateException("no PUBACK from the broker for " + topic))
                        .eventually(() -> pubacks.remove(packetId)));
    }

    private Uni<List<JsonObject>> dynamicSecurity(MqttClient c, List<JsonObject> commands) {
        String correlation = UUID.randomUUID().toString();
        JsonArray array = new JsonArray();
        commands.forEach(command -> array.add(command.copy().put("correlationData", correlation)));
        CompletableFuture<JsonArray> answer = new CompletableFuture<>();
        requests.put(correlation, answer);
        return publish(c, DYNSEC_TOPIC, new JsonObject().put("commands", array).encode())
                .flatMap(v -> Uni.createFrom().completionStage(answer))
                .ifNoItem()
                .after(TIMEOUT)
                .failWith(() -> new IllegalStateException(
                        "the broker did not answer the dynamic-security request (is the plugin loaded?)"))
                .map(responses -> {
                    List<JsonObject> out = new ArrayList<>();
                    responses.forEach(r -> out.add((JsonObject) r));
                    return out;
                })
                .eventually(() -> requests.remove(correlation));
    }

    /** True when a plugin answer is a success or an "already so" of an idempotent step. */
    public static boolean succeededOrAlready(JsonObject response) {
        String error = response.getString("error");
        return error == null || ALREADY.contains(error);
    }

    private Uni<MqttClient> whenReady() {
        CompletableFuture<Void> current = ready;
        return Uni.createFrom()
                .completionStage(current)
                .ifNoItem()
                .after(TIMEOUT)
                .failWith(() -> new IllegalStateException("no control connection to the broker"))
                .map(v -> client);
    }

    private CompletableFuture<Void> puback(int packetId) {
        return pubacks.computeIfAbsent(packetId, id -> new CompletableFuture<>());
    }

    private void connect() {
        if (stopping) {
            return;
        }
        MqttClientOptions options =
                clients.options(mqtt.clientId() + "-control").setCleanSession(true);
        MqttClient c = MqttClient.create(vertx, options);
        client = c;
        c.publishCompletionHandler(id -> puback(id).complete(null));
        c.publishHandler(message -> {
            if (DYNSEC_RESPONSES.equals(message.topicName())) {
                onDynsecResponse(message.payload());
            }
        });
        c.exceptionHandler(e -> Log.debugf("MQTT control connection: %s", e.toString()));
        c.closeHandler(v -> {
            if (client != c) {
                return;
            }
            if (ready.isDone()) {
                ready = new CompletableFuture<>();
            }
            pubacks.values().forEach(f -> f.completeExceptionally(new IllegalStateException("connection closed")));
            if (!stopping) {
                Log.warnf("MQTT control connection closed; reconnecting");
                reconnectLater();
            }
        });
        c.connect(mqtt.port(), mqtt.host()).onComplete(result -> {
            if (result.failed() || result.result().code() != MqttConnectReturnCode.CONNECTION_ACCEPTED) {
                if (attempt % 10 == 0) {
                    Log.warnf(
                            "MQTT control connection to %s failed (%s); retrying",
                            clients.describe(),
                            result.failed()
                                    ? result.cause().getMessage()
                                    : result.result().code());
                }
                reconnectLater();
                return;
            }
            c.subscribe(DYNSEC_RESPONSES, 1).onComplete(sub -> {
                attempt = 0;
                CompletableFuture<Void> signal = ready;
                ensureServiceAccess(c).subscribe().with(ok -> signal.complete(null), e -> signal.complete(null));
            });
        });
    }

    /**
     * The service account (created by {@code mosquitto_ctrl dynsec init}) administers the plugin
     * and reads everything; here it also gets the right to publish commands, and the default for
     * delivering messages becomes "deny" so every client receives only what its role allows.
     */
    private Uni<Void> ensureServiceAccess(MqttClient c) {
        if (mqtt.username().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String commandTopics = topics.commandTopic("+");
        String self = mqtt.username().get();
        List<JsonObject> setup = List.of(
                new JsonObject().put("command", "createRole").put("rolename", SERVICE_ROLE),
                new JsonObject()
                        .put("command", "addRoleACL")
                        .put("rolename", SERVICE_ROLE)
                        .put("acltype", "publishClientSend")
                        .put("topic", commandTopics)
                        .put("allow", true),
                new JsonObject()
                        .put("command", "setDefaultACLAccess")
                        .put(
                                "acls",
                                new JsonArray()
                                        .add(new JsonObject()
                                                .put("acltype", "publishClientReceive")
                                                .put("allow", false))),
                new JsonObject().put("command", "getClient").put("username", self));
        return dynamicSecurity(c, setup)
                .flatMap(responses -> {
                    List<JsonObject> failed = responses.stream()
                            .filter(r -> !succeededOrAlready(r))
                            .toList();
                    if (!failed.isEmpty()) {
                        Log.warnf("Broker access set-up partly refused: %s", failed);
                    }
                    JsonObject client = responses
                            .get(3)
                            .getJsonObject("data", new JsonObject())
                            .getJsonObject("client");
                    JsonArray roles = client == null ? new JsonArray() : client.getJsonArray("roles", new JsonArray());
                    boolean hasRole = roles.stream()
                            .anyMatch(r -> r instanceof JsonObject o && SERVICE_ROLE.equals(o.getString("rolename")));
                    if (hasRole || client == null) {
                        Log.infof("MQTT control connected to %s; may publish %s", clients.describe(), commandTopics);
                        return Uni.createFrom().voidItem();
                    }
                    // The plugin disconnects a client whose roles change; the reconnect finds the role.
                    Log.infof(
                            "Giving the service account %s the role %s (the broker reconnects it)", self, SERVICE_ROLE);
                    return dynamicSecurity(
                                    c,
                                    List.of(new JsonObject()
                                            .put("command", "addClientRole")
                                            .put("username", self)
                                            .put("rolename", SERVICE_ROLE)))
                            .replaceWithVoid();
                })
                .onFailure()
                .invoke(e -> Log.warnf("Broker access set-up incomplete: %s", e.getMessage()))
                .replaceWithVoid();
    }

    private void onDynsecResponse(Buffer payload) {
        try {
            JsonArray responses = new JsonObject(payload).getJsonArray("responses", new JsonArray());
            if (responses.isEmpty()) {
                return;
            }
            String correlation = ((JsonObject) responses.getValue(0)).getString("correlationData");
            CompletableFuture<JsonArray> waiting = correlation == null ? null : requests.get(correlation);
            if (waiting != null) {
                waiting.complete(responses);
            }
        } catch (RuntimeException e) {
            Log.debugf("Unreadable dynamic-security response: %s", e.getMessage());
        }
    }

    private void reconnectLater() {
        if (stopping) {
            return;
        }
        long delay = Math.min(5000, 100L << Math.min(attempt++, 6));
        vertx.setTimer(delay, t -> connect());
    }
}
