package com.bellsystems.ingest.firmware.service;

import com.bellsystems.common.audit.Actor;
import com.bellsystems.common.audit.AuditAction;
import com.bellsystems.common.audit.AuditEntry;
import com.bellsystems.common.audit.AuditWriter;
import com.bellsystems.common.audit.ChangeDiff;
import com.bellsystems.common.outbox.OutboxWriter;
import com.bellsystems.common.paging.OffsetPage;
import com.bellsystems.common.problem.Problem;
import com.bellsystems.common.problem.ProblemException;
import com.bellsystems.ingest.firmware.Firmware;
import com.bellsystems.ingest.firmware.FirmwareInput;
import com.bellsystems.ingest.firmware.repository.FirmwareRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Firmware versions the Console publishes for OTA updates: create, edit, retire (never delete),
 * each change with its audit row and its Firestore outbox row (the rollback window's mirror, common's
 * {@link OutboxWriter}) in one transaction; and the
 * lookup the OTA command uses to refuse an unknown or retired version.
 */
@ApplicationScoped
public class FirmwareService {

    public static final String ENTITY = "firmware";
    public static final String DEFAULT_CHANNEL = "stable";

    private final Pool pool;
    private final FirmwareRepository repository;
    private final AuditWriter audit;
    private final OutboxWriter outbox;

    public FirmwareService(Pool pool, FirmwareRepository repository, AuditWriter audit, OutboxWriter outbox) {
        this.pool = pool;
        this.repository = repository;
        this.audit = audit;
        this.outbox = outbox;
    }

    public Uni<OffsetPage<Firmware>> list(String hwType, String channel, boolean includeRetired, int page, int size) {
        return repository
                .list(pool, hwType, channel, includeRetired, size, (long) page * size)
                .flatMap(items -> repository
                        .count(pool, hwType, channel, includeRetired)
                        .map(total -> OffsetPage.counted(items, page, size, total)));
    }

    public Uni<Firmware> get(String id) {
        return repository.find(pool, id).map(f -> require(f, id));
    }

    public Uni<Firmware> create(FirmwareInput in, Actor actor, Map<String, Object> meta) {
        List<Problem.FieldError> missing = new ArrayList<>();
        if (blank(in.hwType())) {
            missing.add(new Problem.FieldError("hw_type", "is required"));
        }
        if (blank(in.version())) {
            missing.add(new Problem.FieldError("version", "is required"));
        }
        if (!missing.isEmpty()) {
            throw ProblemException.unprocessable("hw_type and version name the build", missing);
        }
        Firmware draft = new Firmware(
                null,
                in.hwType(),
                in.channel() == null ? DEFAULT_CHANNEL : in.channel(),
                in.version(),
                in.filename(),
                in.downloadUrl(),
                in.sizeBytes(),
                in.sha256(),
                in.changelog(),
                Boolean.TRUE.equals(in.mandatory()),
                in.metadata() == null ? null : new JsonObject(in.metadata()).encode(),
                in.uploadedAt(),
                null,
                null,
                null);
        return pool.withTransaction(
                tx -> repository.insert(tx, UUID.randomUUID().toString(), draft).flatMap(created -> {
                    if (created == null) {
                        throw ProblemException.conflict("Firmware " + draft.label() + " already exists");
                    }
                    return audited(tx, actor, AuditAction.CREATE, null, created, null, meta);
                }));
    }

    public Uni<Firmware> update(String id, FirmwareInput in, Actor actor, Map<String, Object> meta) {
        return pool.withTransaction(tx -> repository.lock(tx, id).flatMap(before -> {
            require(before, id);
            List<Problem.FieldError> fixed = new ArrayList<>();
            if (in.hwType() != null && !in.hwType().equals(before.hwType())) {
                fixed.add(new Problem.FieldError("hw_type", "cannot change; publish a new version instead"));
            }
            if (in.version() != null && !in.version().equals(before.version())) {
                fixed.add(new Problem.FieldError("version", "cannot change; publish a new version instead"));
            }
            if (!fixed.isEmpty()) {
                throw ProblemException.unprocessable("A firmware build is named by hw_type and version", fixed);
            }
            if (before.retired()) {
                throw ProblemException.conflict("Firmware " + before.label() + " is retired");
            }
            Firmware after = new Firmware(
                    before.id(),
                    before.hwType(),
                    or(in.channel(), before.channel()),
                    before.version(),
                    or(in.filename(), before.filename()),
                    or(in.downloadUrl(), before.downloadUrl()),
                    or(in.sizeBytes(), before.sizeBytes()),
                    or(in.sha256(), before.sha256()),
                    or(in.changelog(), before.changelog()),
                    in.mandatory() == null ? before.mandatory() : in.mandatory(),
                    in.metadata() == null ? before.metadata() : new JsonObject(in.metadata()).encode(),
                    or(in.uploadedAt(), before.uploadedAt()),
                    before.createdAt(),
                    before.updatedAt(),
                    null);
            Map<String, Object> changes = ChangeDiff.between(before.auditFields(), after.auditFields());
            if (changes.isEmpty()) {
                return Uni.createFrom().item(before);
            }
            if (!Objects.equals(after.channel(), before.channel())) {
                // moving to another channel must not collide with a build already there
                return repository
                        .findVersion(tx, after.hwType(), after.channel(), after.version())
                        .flatMap(clash -> {
                            if (clash != null) {
                                throw ProblemException.conflict("Firmware " + after.label() + " already exists");
                            }
                            return write(tx, before, after, changes, actor, meta);
                        });
            }
            return write(tx, before, after, changes, actor, meta);
        }));
    }

    /** Retires the version (idempotent: a retired one is returned as it is, with no second audit row). */
    public Uni<Firmware> retire(String id, Actor actor, Map<String, Object> meta) {
        return pool.withTransaction(tx -> repository.lock(tx, id).flatMap(before -> {
            require(before, id);
            if (before.retired()) {
                return Uni.createFrom().item(before);
            }
            return repository
                    .retire(tx, id)
                    .flatMap(after -> audited(
                            tx,
                            actor,
                            AuditAction.STATUS_CHANGE,
                            before,
                            after,
                            ChangeDiff.between(before.auditFields(), after.auditFields()),
                            meta));
        }));
    }

    /**
     * The build an OTA command may name: by id, or by hw_type + channel (default stable) + version.
     * Unknown or retired → 422 naming the parameter, so a device is never told to fetch a build
     * the Console has withdrawn.
     */
    public Uni<Firmware> requireInstallable(
            SqlClient client, String id, String hwType, String channel, String version) {
        Uni<Firmware> found;
        String field;
        if (!blank(id)) {
            field = "params.firmware_id";
            found = repository.find(client, id);
        } else if (!blank(version) && !blank(hwType)) {
            field = "params.version";
            found = repository.findVersion(client, hwType, blank(channel) ? DEFAULT_CHANNEL : channel, version);
        } else {
            return Uni.createFrom()
                    .failure(ProblemException.unprocessable(
                            "An OTA command names its firmware",
                            List.of(new Problem.FieldError(
                                    "params",
                                    "needs firmware_id, or hw_type and version (channel defaults to stable)"))));
        }
        return found.map(f -> {
            if (f == null) {
                throw ProblemException.unprocessable(
                        "Unknown firmware version",
                        List.of(new Problem.FieldError(field, "is not a known firmware version")));
            }
            if (f.retired()) {
                throw ProblemException.unprocessable(
                        "Firmware " + f.label() + " is retired",
                        List.of(new Problem.FieldError(field, "names a retired firmware version")));
            }
            return f;
        });
    }

    private Uni<Firmware> write(
            SqlClient tx,
            Firmware before,
            Firmware after,
            Map<String, Object> changes,
            Actor actor,
            Map<String, Object> meta) {
        return repository
                .update(tx, after)
                .flatMap(saved -> audited(tx, actor, AuditAction.UPDATE, before, saved, changes, meta));
    }

    private Uni<Firmware> audited(
            SqlClient tx,
            Actor actor,
            AuditAction action,
            Firmware before,
            Firmware firmware,
            Map<String, Object> changes,
            Map<String, Object> meta) {
        return audit.log(tx, new AuditEntry(actor, action, ENTITY, firmware.id(), firmware.label(), changes, meta))
                .flatMap(ignored -> outbox.mirror(
                        tx, FirmwareRepository.MIRROR, before == null ? null : before.row(), firmware.row()))
                .replaceWith(firmware);
    }

    private static Firmware require(Firmware f, String id) {
        if (f == null) {
            throw ProblemException.notFound("Firmware", id);
        }
        return f;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
