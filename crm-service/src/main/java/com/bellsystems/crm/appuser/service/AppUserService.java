package com.bellsystems.crm.appuser.service;

import com.bellsystems.common.audit.AuditAction;
import com.bellsystems.common.audit.AuditEntry;
import com.bellsystems.common.audit.AuditWriter;
import com.bellsystems.common.audit.ChangeDiff;
import com.bellsystems.common.paging.KeysetPage;
import com.bellsystems.common.problem.Problem;
import com.bellsystems.common.problem.ProblemException;
import com.bellsystems.crm.appuser.AppUserDocument;
import com.bellsystems.crm.appuser.AppUserInput;
import com.bellsystems.crm.appuser.repository.AppUserFirestoreRepository;
import com.bellsystems.crm.appuser.repository.LinkedCustomerRepository;
import com.bellsystems.crm.device.DeviceDocument;
import com.bellsystems.crm.device.FirestoreDoc;
import com.bellsystems.crm.device.repository.DeviceFirestoreRepository;
import com.bellsystems.crm.support.Who;
import com.bellsystems.firestore.FirestoreValues;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * App users (device owners) for the Console: read from and written to Firestore {@code users}
 * (the app's collection, kept there for good), each edit audited in Postgres in the same flow as
 * a device edit (audit row inserted, Firestore written, then commit). The detail joins the
 * user's devices (Firestore, by owner_id) and the CRM customers that link them (Postgres).
 */
@ApplicationScoped
public class AppUserService {

    public static final String ENTITY = "app_user";
    public static final int MAX_DEVICES = 100;

    private final Pool pool;
    private final AppUserFirestoreRepository users;
    private final DeviceFirestoreRepository devices;
    private final LinkedCustomerRepository customers;
    private final AuditWriter audit;

    public AppUserService(
            Pool pool,
            AppUserFirestoreRepository users,
            DeviceFirestoreRepository devices,
            LinkedCustomerRepository customers,
            AuditWriter audit) {
        this.pool = pool;
        this.users = users;
        this.devices = devices;
        this.customers = customers;
        this.audit = audit;
    }

    /** {@code q} with an @ is an e-mail prefix (lower-cased), otherwise a display-name prefix. */
    public Uni<KeysetPage<Map<String, Object>>> list(String q, String cursor, int limit) {
        String field = null;
        String prefix = null;
        if (q != null && !q.isBlank()) {
            prefix = q.trim();
            if (prefix.contains("@")) {
                field = AppUserDocument.EMAIL;
                prefix = prefix.toLowerCase(Locale.ROOT);
            } else {
                field = AppUserDocument.DISPLAY_NAME;
            }
        }
        return users.page(field, prefix, cursor, limit, d -> DeviceDocument.view(d.id(), d.data()));
    }

    public Uni<Map<String, Object>> detail(String id) {
        return require(id).flatMap(user -> Uni.combine()
                .all()
                .unis(devices.ownedBy(id, MAX_DEVICES), customers.linkedTo(pool, id))
                .with((owned, linked) -> {
                    Map<String, Object> view = DeviceDocument.view(user.id(), user.data());
                    List<Map<String, Object>> deviceViews = new ArrayList<>();
                    owned.stream()
                            .sorted(Comparator.comparing(
                                    d -> String.valueOf(d.data().get(DeviceDocument.SERIAL))))
                            .forEach(d -> deviceViews.add(deviceSummary(d)));
                    view.put("devices", deviceViews);
                    view.put("linked_customers", linked);
                    return view;
                }));
    }

    public Uni<Map<String, Object>> update(String id, AppUserInput in, Who who) {
        List<Problem.FieldError> fixed = new ArrayList<>();
        if (in.email() != null) {
            fixed.add(new Problem.FieldError("email", "belongs to the user's sign-in account; not editable here"));
        }
        if (in.uid() != null) {
            fixed.add(new Problem.FieldError("uid", "is the user's sign-in id; not editable"));
        }
        if (!fixed.isEmpty()) {
            throw ProblemException.unprocessable("Sign-in fields are the app's", fixed);
        }
        return require(id).flatMap(before -> {
            Map<String, Object> edits = AppUserDocument.edits(in);
            Map<String, Object> old = new LinkedHashMap<>();
            edits.keySet().forEach(k -> old.put(k, before.data().get(k)));
            Map<String, Object> changes =
                    ChangeDiff.between(FirestoreValues.toJsonMap(old), FirestoreValues.toJsonMap(edits));
            if (changes.isEmpty()) {
                return Uni.createFrom().item(DeviceDocument.view(before.id(), before.data()));
            }
            return pool.withTransaction(tx -> audit.log(
                                    tx,
                                    new AuditEntry(
                                            who.actor(),
                                            AuditAction.UPDATE,
                                            ENTITY,
                                            id,
                                            label(before),
                                            changes,
                                            who.meta()))
                            .flatMap(ignored -> users.update(id, edits, before.updateTime())))
                    .flatMap(ignored -> require(id))
                    .map(after -> DeviceDocument.view(after.id(), after.data()));
        });
    }

    private Uni<FirestoreDoc> require(String id) {
        return users.find(id).map(d -> {
            if (d == null) {
                throw ProblemException.notFound("App user", id);
            }
            return d;
        });
    }

    private static String label(FirestoreDoc user) {
        Object email = user.data().get(AppUserDocument.EMAIL);
        Object name = user.data().get(AppUserDocument.DISPLAY_NAME);
        return email instanceof String e && !e.isBlank() ? e : name instanceof String n ? n : user.id();
    }

    private static Map<String, Object> deviceSummary(FirestoreDoc d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put(DeviceDocument.SERIAL, d.data().get(DeviceDocument.SERIAL));
        m.put(DeviceDocument.NAME, d.data().get(DeviceDocument.NAME));
        m.put(DeviceDocument.STATUS, d.data().get(DeviceDocument.STATUS));
        m.put(DeviceDocument.CUSTOMER, d.data().get(DeviceDocument.CUSTOMER));
        return m;
    }
}
