package com.bellsystems.ingest.command.service;

import com.bellsystems.common.audit.Actor;
import com.bellsystems.common.audit.AuditAction;
import com.bellsystems.common.audit.AuditEntry;
import com.bellsystems.common.audit.AuditWriter;
import com.bellsystems.ingest.command.SendCommand;
import com.bellsystems.ingest.command.repository.CommandRepository;
import com.bellsystems.ingest.config.IngestConfig;
import com.bellsystems.ingest.device.DeviceTopics;
import com.bellsystems.ingest.device.DeviceViews.CommandEntry;
import com.bellsystems.ingest.firmware.Firmware;
import com.bellsystems.ingest.firmware.service.FirmwareService;
import com.bellsystems.ingest.mqtt.BrokerControl;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Commands to devices: stored as pending with their COMMAND audit row in one transaction, then
 * published at QoS 1 to the device's command topic (sent once the broker has acknowledged it). The device's
 * acknowledgement (ingested with the other device messages) moves it to acked or failed; the
 * time-out job moves what was never acknowledged to timed_out. An OTA command must name a known,
 * unretired firmware version (422 otherwise); its params are completed from that version's row
 * (url, checksum, size), so the device gets what the Console published, not what the caller typed.
 */
@ApplicationScoped
public class CommandService {

    /** Command names that tell a device to install firmware; each is checked against firmware_versions. */
    public static final Set<String> OTA_COMMANDS = Set.of("ota", "ota_update", "firmware_update");

    private final Pool pool;
    private final CommandRepository commands;
    private final AuditWriter audit;
    private final BrokerControl publisher;
    private final DeviceTopics topics;
    private final Clock clock;
    private final IngestConfig config;
    private final FirmwareService firmware;

    public CommandService(
            Pool pool,
            CommandRepository commands,
            AuditWriter audit,
            BrokerControl publisher,
            DeviceTopics topics,
            Clock clock,
            IngestConfig config,
            FirmwareService firmware) {
        this.pool = pool;
        this.commands = commands;
        this.audit = audit;
        this.publisher = publisher;
        this.topics = topics;
        this.clock = clock;
        this.config = config;
        this.firmware = firmware;
    }

    /** Stores, audits and publishes; a publish failure leaves the command pending (the time-out job ends it). */
    public Uni<CommandEntry> send(String serial, SendCommand command, Actor actor, Map<String, Object> requestMeta) {
        JsonObject params = new JsonObject(command.params() == null ? Map.of() : command.params());
        return pool.withTransaction(tx -> checkedParams(tx, command.name(), params)
                        .flatMap(checked -> commands.insert(tx, serial, command.name(), checked, actor.id()))
                        .flatMap(created -> {
                            Map<String, Object> meta = new LinkedHashMap<>(requestMeta);
                            meta.put("command", command.name());
                            meta.put("command_id", created.id());
                            return audit.log(
                                            tx,
                                            new AuditEntry(
                                                    actor, AuditAction.COMMAND, "device", serial, serial, null, meta))
                                    .replaceWith(created);
                        }))
                .flatMap(created -> {
                    String payload = new JsonObject()
                            .put("command_id", created.id())
                            .put("name", command.name())
                            .put("params", params)
                            .encode();
                    return publisher
                            .publish(topics.commandTopic(serial), payload)
                            .flatMap(v -> commands.markSent(created.id()))
                            .map(sent -> sent == null ? created : sent)
                            .onFailure()
                            .recoverWithItem(e -> {
                                Log.warnf(
                                        "Command %d to %s stored but not published yet: %s",
                                        created.id(), serial, e.getMessage());
                                return created;
                            });
                });
    }

    /** The params to store and send: as given, or for OTA completed from the firmware row. */
    private Uni<JsonObject> checkedParams(SqlClient tx, String name, JsonObject params) {
        if (!OTA_COMMANDS.contains(name)) {
            return Uni.createFrom().item(params);
        }
        return firmware.requireInstallable(
                        tx,
                        text(params, "firmware_id"),
                        text(params, "hw_type"),
                        text(params, "channel"),
                        text(params, "version"))
                .map(f -> otaParams(params, f));
    }

    private static JsonObject otaParams(JsonObject given, Firmware f) {
        JsonObject p = given.copy()
                .put("firmware_id", f.id())
                .put("hw_type", f.hwType())
                .put("channel", f.channel())
                .put("version", f.version())
                .put("mandatory", f.mandatory());
        if (f.downloadUrl() != null) {
            p.put("download_url", f.downloadUrl());
        }
        if (f.sha256() != null) {
            p.put("sha256", f.sha256());
        }
        if (f.sizeBytes() != null) {
            p.put("size_bytes", f.sizeBytes());
        }
        return p;
    }

    private static String text(JsonObject params, String key) {
        Object v = params.getValue(key);
        return v == null ? null : String.valueOf(v);
    }

    @Scheduled(
            every = "{bellsys.ingest.command-timeout-check}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "command-timeouts")
    Uni<Void> scheduledTimeOut() {
        return timeOutExpired()
                .replaceWithVoid()
                .onFailure()
                .invoke(e -> Log.warnf("Command time-out job failed: %s", e.getMessage()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    /** Marks commands older than the time-out and still unacknowledged as timed_out; returns how many. */
    public Uni<Integer> timeOutExpired() {
        OffsetDateTime cutoff =
                OffsetDateTime.ofInstant(clock.instant().minus(config.commandTimeout()), ZoneOffset.UTC);
        return commands.timeOutBefore(cutoff).map(count -> {
            if (count > 0) {
                Log.infof(
                        "%d device command(s) timed out (no acknowledgement within %s)",
                        count, config.commandTimeout());
            }
            return count;
        });
    }
}
