package com.bellsystems.ingest.mfg.service;

import com.bellsystems.common.audit.Actor;
import com.bellsystems.common.problem.ProblemException;
import com.bellsystems.ingest.device.DeviceTopics;
import com.bellsystems.ingest.mfg.DeviceCredential;
import com.bellsystems.ingest.mfg.repository.MfgAuditRepository;
import com.bellsystems.ingest.mqtt.BrokerControl;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Creates (or rotates) a device's broker account in Mosquitto's dynamic-security plugin: username
 * = serial, a random password, and a role {@code device-<serial>} that may publish only its own
 * four topics and subscribe to and receive only its own command topic (docs/mqtt-contract.md).
 * The {@code mfg_audit_log} row is written in a transaction that commits only after the broker
 * has accepted the account, so the trail never shows a credential that does not exist.
 */
@ApplicationScoped
public class DeviceProvisioning {

    public static final String PROVISIONED = "DEVICE_CREDENTIAL_CREATED";
    public static final String ROTATED = "DEVICE_CREDENTIAL_ROTATED";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Pool pool;
    private final MfgAuditRepository audit;
    private final BrokerControl broker;
    private final DeviceTopics topics;

    public DeviceProvisioning(Pool pool, MfgAuditRepository audit, BrokerControl broker, DeviceTopics topics) {
        this.pool = pool;
        this.audit = audit;
        this.broker = broker;
        this.topics = topics;
    }

    public Uni<DeviceCredential> provision(String serial, Actor actor, Map<String, Object> requestMeta) {
        String password = randomPassword();
        String role = "device-" + serial;
        List<String> publish = new ArrayList<>();
        for (DeviceTopics.Kind kind : DeviceTopics.Kind.values()) {
            publish.add(topics.topic(serial, kind));
        }
        String commands = topics.commandTopic(serial);
        List<JsonObject> setup = new ArrayList<>();
        setup.add(new JsonObject().put("command", "createRole").put("rolename", role));
        publish.forEach(t -> setup.add(acl(role, "publishClientSend", t)));
        setup.add(acl(role, "subscribeLiteral", commands));
        setup.add(acl(role, "publishClientReceive", commands));
        setup.add(new JsonObject()
                .put("command", "createClient")
                .put("username", serial)
                .put("password", password)
                .put("roles", new JsonArray().add(new JsonObject().put("rolename", role))));
        return pool.withTransaction(tx -> broker.dynamicSecurity(setup)
                        .onFailure()
                        .transform(e -> new ProblemException(503, "Broker unavailable", e.getMessage()))
                        .flatMap(answers -> {
                            for (int i = 0; i < answers.size() - 1; i++) {
                                requireOk(answers.get(i));
                            }
                            JsonObject created = answers.get(answers.size() - 1);
                            if (created.getString("error") == null) {
                                return Uni.createFrom().item(false);
                            }
                            if (!"Client already exists".equals(created.getString("error"))) {
                                requireOk(created);
                            }
                            // an existing device: a new password (the old one stops working); its role stays
                            return broker.dynamicSecurity(List.of(new JsonObject()
                                            .put("command", "setClientPassword")
                                            .put("username", serial)
                                            .put("password", password)))
                                    .map(answers2 -> {
                                        answers2.forEach(DeviceProvisioning::requireOk);
                                        return true;
                                    });
                        })
                        .flatMap(rotated -> {
                            JsonObject details = new JsonObject(requestMeta)
                                    .put("username", serial)
                                    .put("role", role)
                                    .put("by", actor.name());
                            return audit.insert(tx, actor.id(), rotated ? ROTATED : PROVISIONED, serial, details)
                                    .replaceWith(
                                            new DeviceCredential(serial, serial, password, rotated, publish, commands));
                        }))
                .invoke(c -> Log.infof(
                        "Device %s: broker credential %s by %s",
                        serial, c.rotated() ? "rotated" : "created", actor.id()));
    }

    private static JsonObject acl(String role, String type, String topic) {
        return new JsonObject()
                .put("command", "addRoleACL")
                .put("rolename", role)
                .put("acltype", type)
                .put("topic", topic)
                .put("allow", true);
    }

    private static void requireOk(JsonObject answer) {
        if (!BrokerControl.succeededOrAlready(answer)) {
            throw new ProblemException(
                    502, "Broker refused", answer.getString("command") + ": " + answer.getString("error"));
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
