package com.bellsystems.crm.device.service;

import static com.bellsystems.crm.device.DeviceDocument.CUSTOMER;
import static com.bellsystems.crm.device.DeviceDocument.OWNER;
import static com.bellsystems.crm.device.DeviceDocument.RETIRED;
import static com.bellsystems.crm.device.DeviceDocument.RETIRED_STATUS;
import static com.bellsystems.crm.device.DeviceDocument.STATUS;

import com.bellsystems.common.audit.AuditAction;
import com.bellsystems.common.audit.AuditEntry;
import com.bellsystems.common.audit.AuditWriter;
import com.bellsystems.common.audit.ChangeDiff;
import com.bellsystems.common.paging.KeysetPage;
import com.bellsystems.common.problem.Problem;
import com.bellsystems.common.problem.ProblemException;
import com.bellsystems.crm.device.DeviceDocument;
import com.bellsystems.crm.device.DeviceInput;
import com.bellsystems.crm.device.DocIds;
import com.bellsystems.crm.device.FirestoreDoc;
import com.bellsystems.crm.device.repository.DeviceFirestoreRepository;
import com.bellsystems.crm.device.repository.DeviceTelemetryRepository;
import com.bellsystems.crm.support.Ids;
import com.bellsystems.crm.support.Who;
import com.bellsystems.firestore.FirestoreValues;
import com.google.cloud.Timestamp;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The Console's device registry. Devices live in Firestore for good (the app reads and writes
 * them), so Firestore is read and written directly, and every change is audited in Postgres in
 * the same flow: the audit row is inserted, then the Firestore write is made, then the audit
 * transaction commits; a Firestore failure rolls the audit row back, so the log never records a
 * change that did not happen. The detail page joins the document with device-ingest's telemetry
 * (by serial_number) and the assigned CRM customer.
 */
@ApplicationScoped
public class DeviceService {

    public static final String ENTITY = "device";

    private final Pool pool;
    private final DeviceFirestoreRepository store;
    private final DeviceTelemetryRepository telemetry;
    private final AuditWriter audit;

    public DeviceService(
            Pool pool, DeviceFirestoreRepository store, DeviceTelemetryRepository telemetry, AuditWriter audit) {
        this.pool = pool;
        this.store = store;
        this.telemetry = telemetry;
        this.audit = audit;
    }

    /** {@code q} is a serial-number prefix (case-insensitive: serials are upper case). */
    public Uni<KeysetPage<Map<String, Object>>> list(
            String q, String status, String ownerId, String customerId, String cursor, int limit) {
        Map<String, String> equals = new LinkedHashMap<>();
        equals.put(STATUS, status);
        equals.put(OWNER, ownerId);
        equals.put(CUSTOMER, customerId);
        String prefix = q == null || q.isBlank() ? null : q.trim().toUpperCase(Locale.ROOT);
        return store.page(equals, prefix, cursor, limit, d -> DeviceDocument.view(d.id(), d.data()));
    }

    /** The document, its owner and customer summaries, and its telemetry from Postgres. */
    public Uni<Map<String, Object>> detail(String id) {
        return require(id).flatMap(doc -> {
            Map<String, Object> view = DeviceDocument.view(doc.id(), doc.data());
            String serial = DeviceDocument.serial(doc.data());
            String owner = DeviceDocument.assigned(doc.data().get(OWNER));
            String customer = DeviceDocument.assigned(doc.data().get(CUSTOMER));
            Uni<Map<String, Object>> ownerView = owner == null
                    ? Uni.createFrom().nullItem()
                    : store.findOwner(owner).map(DeviceService::ownerSummary);
            Uni<Map<String, Object>> customerView =
                    customer == null ? Uni.createFrom().nullItem() : telemetry.customer(pool, customer);
            Uni<Map<String, Object>> telemetryView = serial == null
                    ? Uni.createFrom().item(emptyTelemetry())
                    : Uni.combine()
                            .all()
                            .unis(
                                    telemetry.lastHeartbeat(pool, serial),
                                    telemetry.openAlerts(pool, serial),
                                    telemetry.recentLogs(pool, serial))
                            .with((hb, alerts, logs) -> {
                                Map<String, Object> t = new LinkedHashMap<>();
                                t.put("last_heartbeat", hb);
                                t.put("open_alerts", alerts);
                                t.put("recent_logs", logs);
                                return t;
                            });
            return Uni.combine()
                    .all()
                    .unis(ownerView, customerView, telemetryView)
                    .with((o, c, t) -> {
                        view.put("owner", o);
                        view.put("customer", c);
                        view.put("telemetry", t);
                        return view;
                    });
        });
    }

    public Uni<Map<String, Object>> create(DeviceInput in, Who who) {
        if (in.serialNumber() == null) {
            throw ProblemException.unprocessable(
                    "A device needs its serial number",
                    List.of(new Problem.FieldError("serial_number", "is required")));
        }
        String id = Ids.newId();
        Map<String, Object> data = DeviceDocument.newDevice(in, Instant.now());
        return pool.withTransaction(tx -> audit.log(tx, entry(who, AuditAction.CREATE, id, in.serialNumber(), null))
                        .flatMap(ignored -> store.create(id, data))
                        .map(created -> {
                            if (!created) {
                                // thrown inside the transaction: the CREATE audit row rolls back
                                throw ProblemException.conflict(
                                        "A device with serial_number " + in.serialNumber() + " already exists");
                            }
                            return id;
                        }))
                .flatMap(this::viewOf);
    }

    public Uni<Map<String, Object>> update(String id, DeviceInput in, Who who) {
        return editable(id).flatMap(before -> {
            if (in.serialNumber() != null
                    && !in.serialNumber().equals(before.data().get(DeviceDocument.SERIAL))) {
                throw ProblemException.unprocessable(
                        "The serial number names the device",
                        List.of(new Problem.FieldError("serial_number", "cannot change")));
            }
            Map<String, Object> edits = DeviceDocument.edits(in);
            return change(before, edits, AuditAction.UPDATE, who, null);
        });
    }

    /** Retired devices stay in Firestore (the app and the history refer to them); idempotent. */
    public Uni<Map<String, Object>> retire(String id, Who who) {
        return require(id).flatMap(before -> {
            if (DeviceDocument.isRetired(before.data())) {
                return Uni.createFrom().item(DeviceDocument.view(before.id(), before.data()));
            }
            Map<String, Object> edits = new LinkedHashMap<>();
            edits.put(STATUS, RETIRED_STATUS);
            edits.put(RETIRED, FirestoreValues.toTimestamp(Instant.now()));
            return change(before, edits, AuditAction.STATUS_CHANGE, who, null);
        });
    }

    /** Assigns the device to an app user (null: unassigns); the user's device_ids follow. */
    public Uni<Map<String, Object>> assignOwner(String id, String userId, Who who) {
        if (userId != null) {
            DocIds.require("user_id", userId);
        }
        return editable(id).flatMap(before -> {
            String old = DeviceDocument.assigned(before.data().get(OWNER));
            if (Objects.equals(old, userId)) {
                return Uni.createFrom().item(DeviceDocument.view(before.id(), before.data()));
            }
            Map<String, Object> changes = Map.of(OWNER, diff(old, userId));
            Timestamp now = FirestoreValues.toTimestamp(Instant.now());
            return pool.withTransaction(tx -> audit.log(
                                    tx,
                                    entry(
                                            who.with("assignment", "owner"),
                                            AuditAction.UPDATE,
                                            id,
                                            label(before),
                                            changes))
                            .flatMap(ignored -> store.assignOwner(id, userId, before.updateTime(), now))
                            .map(outcome -> switch (outcome) {
                                case ASSIGNED -> id;
                                case STALE ->
                                    throw ProblemException.conflict("The device changed meanwhile; reload and retry");
                                case NO_SUCH_OWNER ->
                                    throw ProblemException.unprocessable(
                                            "Unknown app user",
                                            List.of(new Problem.FieldError("user_id", "is not an app user")));
                            }))
                    .flatMap(ignored -> viewOf(id));
        });
    }

    /** Assigns the device to a CRM customer (null: unassigns); the customer must exist (422). */
    public Uni<Map<String, Object>> assignCustomer(String id, String customerId, Who who) {
        if (customerId != null) {
            DocIds.require("customer_id", customerId);
        }
        return editable(id).flatMap(before -> {
            String old = DeviceDocument.assigned(before.data().get(CUSTOMER));
            if (Objects.equals(old, customerId)) {
                return Uni.createFrom().item(DeviceDocument.view(before.id(), before.data()));
            }
            Uni<Void> exists = customerId == null
                    ? Uni.createFrom().voidItem()
                    : telemetry.customer(pool, customerId).map(c -> {
                        if (c == null) {
                            throw ProblemException.unprocessable(
                                    "Unknown CRM customer",
                                    List.of(new Problem.FieldError("customer_id", "is not a CRM customer")));
                        }
                        return null;
                    });
            Map<String, Object> edits = new LinkedHashMap<>();
            edits.put(CUSTOMER, customerId == null ? "" : customerId);
            return exists.flatMap(ignored -> change(before, edits, AuditAction.UPDATE, who, "customer"));
        });
    }

    /** Audits and writes {@code edits} (Firestore values) onto the document as read; returns the new view. */
    private Uni<Map<String, Object>> change(
            FirestoreDoc before, Map<String, Object> edits, AuditAction action, Who who, String assignment) {
        Map<String, Object> old = new LinkedHashMap<>();
        edits.keySet().forEach(k -> old.put(k, before.data().get(k)));
        Map<String, Object> changes =
                ChangeDiff.between(FirestoreValues.toJsonMap(old), FirestoreValues.toJsonMap(edits));
        if (changes.isEmpty()) {
            return Uni.createFrom().item(DeviceDocument.view(before.id(), before.data()));
        }
        Who actor = assignment == null ? who : who.with("assignment", assignment);
        Timestamp now = FirestoreValues.toTimestamp(Instant.now());
        return pool.withTransaction(tx -> audit.log(tx, entry(actor, action, before.id(), label(before), changes))
                        .flatMap(ignored -> store.update(before.id(), edits, before.updateTime(), now)))
                .flatMap(ignored -> viewOf(before.id()));
    }

    private Uni<Map<String, Object>> viewOf(String id) {
        return require(id).map(d -> DeviceDocument.view(d.id(), d.data()));
    }

    private Uni<FirestoreDoc> require(String id) {
        return store.find(id).map(d -> {
            if (d == null) {
                throw ProblemException.notFound("Device", id);
            }
            return d;
        });
    }

    private Uni<FirestoreDoc> editable(String id) {
        return require(id).map(d -> {
            if (DeviceDocument.isRetired(d.data())) {
                throw ProblemException.conflict("Device " + id + " is retired");
            }
            return d;
        });
    }

    private static AuditEntry entry(Who who, AuditAction action, String id, String label, Map<String, Object> changes) {
        return new AuditEntry(who.actor(), action, ENTITY, id, label, changes, who.meta());
    }

    private static String label(FirestoreDoc d) {
        String serial = DeviceDocument.serial(d.data());
        return serial != null ? serial : d.id();
    }

    private static Map<String, Object> diff(Object old, Object now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("old", old);
        m.put("new", now);
        return m;
    }

    private static Map<String, Object> ownerSummary(FirestoreDoc user) {
        if (user == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", user.id());
        m.put("display_name", user.data().get("display_name"));
        m.put("email", user.data().get("email"));
        return m;
    }

    private static Map<String, Object> emptyTelemetry() {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("last_heartbeat", null);
        t.put("open_alerts", List.of());
        t.put("recent_logs", List.of());
        return t;
    }
}
