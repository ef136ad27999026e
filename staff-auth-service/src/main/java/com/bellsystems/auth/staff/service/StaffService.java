package com.bellsystems.auth.staff.service;

import com.bellsystems.auth.login.repository.RefreshTokenRepository;
import com.bellsystems.auth.password.PasswordHasher;
import com.bellsystems.auth.staff.Roles;
import com.bellsystems.auth.staff.Staff;
import com.bellsystems.auth.staff.StaffRequests;
import com.bellsystems.auth.staff.StaffView;
import com.bellsystems.auth.staff.repository.StaffRepository;
import com.bellsystems.auth.support.Caller;
import com.bellsystems.auth.support.Jsons;
import com.bellsystems.auth.throttle.service.LoginThrottle;
import com.bellsystems.common.audit.AuditAction;
import com.bellsystems.common.audit.AuditEntry;
import com.bellsystems.common.audit.AuditWriter;
import com.bellsystems.common.audit.ChangeDiff;
import com.bellsystems.common.outbox.OutboxWriter;
import com.bellsystems.common.paging.OffsetPage;
import com.bellsystems.common.problem.ProblemException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Staff administration rules. Each mutation and its audit row commit together; a refused or
 * failed mutation leaves neither. Guards against privilege escalation: only a sysadmin touches
 * sysadmin accounts, only the admin roles touch admin accounts or roles, a caller grants only
 * permissions its own token holds (the new member's effective map, role defaults included) and
 * manages only members whose permissions it holds (else a password reset would hand it theirs),
 * and nobody deactivates themselves or changes their own role or permissions here. During the
 * rollback window each mutation also enqueues, in its transaction, the Firestore write of the
 * fields it changed in {@code admin_users} ({@link StaffRepository#MIRROR}).
 */
@ApplicationScoped
public class StaffService {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,49}");
    private static final int MAX_UI_PREFS_CHARS = 64 * 1024;

    private final Pool pool;
    private final StaffRepository repo;
    private final RefreshTokenRepository refreshTokens;
    private final PasswordHasher hasher;
    private final AuditWriter audit;
    private final LoginThrottle throttle;
    private final OutboxWriter outbox;

    public StaffService(
            Pool pool,
            StaffRepository repo,
            RefreshTokenRepository refreshTokens,
            PasswordHasher hasher,
            AuditWriter audit,
            LoginThrottle throttle,
            OutboxWriter outbox) {
        this.pool = pool;
        this.repo = repo;
        this.refreshTokens = refreshTokens;
        this.hasher = hasher;
        this.audit = audit;
        this.throttle = throttle;
        this.outbox = outbox;
    }

    public Uni<OffsetPage<StaffView>> list(String role, Boolean active, int page, int size) {
        if (role != null && !Roles.ALL.contains(role)) {
            throw ProblemException.invalidField("role", "must be one of " + Roles.ALL);
        }
        return repo.list(pool, role, active, page, size).flatMap(items -> repo.countFiltered(pool, role, active)
                .map(total ->
                        OffsetPage.counted(items.stream().map(StaffView::of).toList(), page, size, total)));
    }

    public Uni<StaffView> get(String id) {
        return repo.findById(pool, id).map(s -> StaffView.of(require(s, id)));
    }

    public Uni<StaffView> create(Caller caller, StaffRequests.Create body) {
        String role = validRole(body.role());
        guardRole(caller, role);
        Map<String, Object> permissions = validPermissions(body.permissions());
        guardGrant(caller, Roles.effectivePermissions(role, permissions));
        String email = body.email().trim().toLowerCase(Locale.ROOT);
        String id = UUID.randomUUID().toString();
        boolean active = body.active() == null || body.active();
        return hasher.hashAsync(body.password())
                .flatMap(hash -> pool.withTransaction(tx -> repo.emailTaken(tx, email, null)
                        .flatMap(taken -> {
                            if (taken) {
                                throw ProblemException.conflict(
                                        "A staff member with email " + email + " already exists");
                            }
                            return repo.insert(
                                    tx,
                                    new Staff(
                                            id,
                                            email,
                                            body.name().trim(),
                                            role,
                                            permissions,
                                            hash,
                                            active,
                                            null,
                                            null,
                                            null));
                        })
                        .call(s -> audit.log(
                                tx,
                                new AuditEntry(
                                        caller.actor(),
                                        AuditAction.CREATE,
                                        "staff",
                                        s.id(),
                                        s.email(),
                                        null,
                                        caller.meta())))
                        .call(s -> outbox.mirror(tx, StaffRepository.MIRROR, null, s.mirrorRow()))))
                .map(s -> {
                    Log.infof(
                            "Staff %s (%s) created by %s",
                            s.id(), s.role(), caller.actor().id());
                    return StaffView.of(s);
                });
    }

    public Uni<StaffView> update(Caller caller, String id, StaffRequests.Update body) {
        String newRole = body.role == null ? null : validRole(body.role);
        Map<String, Object> newPermissions = body.permissionsGiven() ? validPermissions(body.permissions()) : null;
        return pool.withTransaction(tx -> repo.findByIdForUpdate(tx, id).flatMap(found -> {
                    Staff before = require(found, id);
                    guardTarget(caller, before);
                    String role = newRole != null ? newRole : before.role();
                    guardRole(caller, role);
                    boolean self = before.id().equals(caller.actor().id());
                    boolean active = body.active != null ? body.active : before.active();
                    if (self && (!role.equals(before.role()) || !active || body.permissionsGiven())) {
                        throw ProblemException.forbidden(
                                "You cannot change your own role, permissions or active state");
                    }
                    String email = body.email != null ? body.email.trim().toLowerCase(Locale.ROOT) : before.email();
                    String name = body.name != null ? body.name.trim() : before.name();
                    Staff after = before.withProfile(email, name, role, active)
                            .withPermissions(body.permissionsGiven() ? newPermissions : before.permissions());
                    guardGrant(caller, after.effectivePermissions());
                    Map<String, Object> profileChanges =
                            ChangeDiff.between(before.profileSnapshot(), after.profileSnapshot());
                    Map<String, Object> permissionChanges =
                            ChangeDiff.between(permissionsOf(before), permissionsOf(after));
                    if (profileChanges.isEmpty() && permissionChanges.isEmpty()) {
                        return Uni.createFrom().item(before);
                    }
                    Uni<Boolean> taken = email.equalsIgnoreCase(before.email())
                            ? Uni.createFrom().item(false)
                            : repo.emailTaken(tx, email, id);
                    return taken.flatMap(t -> {
                                if (t) {
                                    throw ProblemException.conflict(
                                            "A staff member with email " + email + " already exists");
                                }
                                return repo.update(tx, after);
                            })
                            .call(saved -> profileChanges.isEmpty()
                                    ? Uni.createFrom().voidItem()
                                    : audit.log(
                                            tx,
                                            new AuditEntry(
                                                    caller.actor(),
                                                    AuditAction.UPDATE,
                                                    "staff",
                                                    id,
                                                    saved.email(),
                                                    profileChanges,
                                                    caller.meta())))
                            .call(saved -> permissionChanges.isEmpty()
                                    ? Uni.createFrom().voidItem()
                                    : audit.log(
                                            tx,
                                            new AuditEntry(
                                                    caller.actor(),
                                                    AuditAction.PERMISSION_CHANGE,
                                                    "staff",
                                                    id,
                                                    saved.email(),
                                                    permissionChanges,
                                                    caller.meta())))
                            .call(saved -> before.active() && !saved.active()
                                    ? refreshTokens.revokeAllOf(tx, id, "deactivated")
                                    : Uni.createFrom().voidItem())
                            .call(saved ->
                                    outbox.mirror(tx, StaffRepository.MIRROR, before.mirrorRow(), saved.mirrorRow()));
                }))
                .map(StaffView::of);
    }

    /** Soft delete: the row stays (audit history points at it), login and refresh stop working. */
    public Uni<StaffView> deactivate(Caller caller, String id) {
        return pool.withTransaction(tx -> repo.findByIdForUpdate(tx, id).flatMap(found -> {
                    Staff before = require(found, id);
                    guardTarget(caller, before);
                    if (before.id().equals(caller.actor().id())) {
                        throw ProblemException.forbidden("You cannot deactivate yourself");
                    }
                    if (!before.active()) {
                        return Uni.createFrom().item(before);
                    }
                    Staff after = before.withProfile(before.email(), before.name(), before.role(), false);
                    return repo.update(tx, after)
                            .call(saved -> audit.log(
                                    tx,
                                    new AuditEntry(
                                            caller.actor(),
                                            AuditAction.DELETE,
                                            "staff",
                                            id,
                                            saved.email(),
                                            ChangeDiff.between(before.profileSnapshot(), saved.profileSnapshot()),
                                            caller.meta())))
                            .call(saved -> refreshTokens.revokeAllOf(tx, id, "deactivated"))
                            .call(saved ->
                                    outbox.mirror(tx, StaffRepository.MIRROR, before.mirrorRow(), saved.mirrorRow()));
                }))
                .map(StaffView::of);
    }

    /** Admin reset: sets a new password and ends the member's sessions. */
    public Uni<Void> resetPassword(Caller caller, String id, StaffRequests.ResetPassword body) {
        requireFits(body.newPassword(), "new_password");
        return repo.findById(pool, id)
                .flatMap(found -> {
                    guardTarget(caller, require(found, id));
                    return hasher.hashAsync(body.newPassword());
                })
                .flatMap(hash -> pool.withTransaction(tx -> setPassword(tx, caller, id, hash)));
    }

    /**
     * The signed-in member changes their own password; the current one must be given. Checks of it
     * are throttled like logins (a stolen access token must not become a way to guess the password).
     */
    public Uni<Void> changeOwnPassword(Caller caller, StaffRequests.ChangeOwnPassword body) {
        requireFits(body.newPassword(), "new_password");
        String id = caller.actor().id();
        return throttle.beforePasswordCheck(id)
                .flatMap(v -> repo.findById(pool, id))
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(found -> {
                    Staff s = found;
                    if (s == null || !s.active()) {
                        throw ProblemException.unauthorized("The account no longer exists or is inactive");
                    }
                    if (!hasher.verify(body.currentPassword(), s.hashedPassword())) {
                        throw ProblemException.invalidField("current_password", "is not correct");
                    }
                    return hasher.hash(body.newPassword());
                })
                .call(hash -> throttle.passwordCheckSucceeded(id))
                .flatMap(hash -> pool.withTransaction(tx -> setPassword(tx, caller, id, hash)));
    }

    private Uni<Void> setPassword(SqlClient tx, Caller caller, String id, String newHash) {
        return repo.findByIdForUpdate(tx, id).flatMap(found -> {
            Staff before = require(found, id);
            Map<String, Object> changes = ChangeDiff.between(
                    Map.of("hashed_password", before.hashedPassword()), Map.of("hashed_password", newHash));
            return repo.updatePassword(tx, id, newHash)
                    .call(saved -> audit.log(
                            tx,
                            new AuditEntry(
                                    caller.actor(),
                                    AuditAction.UPDATE,
                                    "staff",
                                    id,
                                    saved.email(),
                                    changes,
                                    caller.meta())))
                    .call(saved -> refreshTokens.revokeAllOf(tx, id, "password changed"))
                    .call(saved -> outbox.mirror(tx, StaffRepository.MIRROR, before.mirrorRow(), saved.mirrorRow()))
                    .replaceWithVoid();
        });
    }

    public Uni<Map<String, Object>> uiPrefs(String staffId) {
        return repo.findById(pool, staffId).map(s -> {
            Staff found = require(s, staffId);
            return found.uiPrefs() != null ? found.uiPrefs() : Map.of();
        });
    }

    public Uni<Map<String, Object>> setUiPrefs(Caller caller, Map<String, Object> prefs) {
        if (prefs == null) {
            throw ProblemException.badRequest("The body must be a JSON object");
        }
        if (Jsons.encode(prefs).length() > MAX_UI_PREFS_CHARS) {
            throw ProblemException.badRequest("ui prefs are limited to " + MAX_UI_PREFS_CHARS + " characters of JSON");
        }
        String id = caller.actor().id();
        return pool.withTransaction(tx -> repo.findByIdForUpdate(tx, id).flatMap(found -> {
                    Staff before = require(found, id);
                    Map<String, Object> old = new HashMap<>();
                    old.put("ui_prefs", before.uiPrefs());
                    Map<String, Object> changes = ChangeDiff.between(old, Map.of("ui_prefs", Jsons.plain(prefs)));
                    if (changes.isEmpty()) {
                        return Uni.createFrom().item(before);
                    }
                    return repo.updateUiPrefs(tx, id, prefs)
                            .call(saved -> audit.log(
                                    tx,
                                    new AuditEntry(
                                            caller.actor(),
                                            AuditAction.UPDATE,
                                            "staff",
                                            id,
                                            saved.email(),
                                            changes,
                                            caller.meta())))
                            .call(saved ->
                                    outbox.mirror(tx, StaffRepository.MIRROR, before.mirrorRow(), saved.mirrorRow()));
                }))
                .map(s -> s.uiPrefs() != null ? s.uiPrefs() : Map.of());
    }

    // ---- rules

    private static Staff require(Staff s, String id) {
        if (s == null) {
            throw ProblemException.notFound("Staff member", id);
        }
        return s;
    }

    private static String validRole(String role) {
        String r = role == null ? null : role.trim().toLowerCase(Locale.ROOT);
        if (r == null || !Roles.ALL.contains(r)) {
            throw ProblemException.invalidField("role", "must be one of sysadmin, admin, staff");
        }
        return r;
    }

    /** May the caller give an account this role? */
    private static void guardRole(Caller caller, String role) {
        if (Roles.SYSADMIN.equals(role) && !caller.sysadmin()) {
            throw ProblemException.forbidden("Only a sysadmin can manage sysadmin accounts");
        }
        if (Roles.ADMIN.equals(role) && !caller.admin()) {
            throw ProblemException.forbidden("Only an admin can manage admin accounts");
        }
    }

    /** May the caller change this existing account at all? Only if it holds the account's role and permissions. */
    private static void guardTarget(Caller caller, Staff target) {
        guardRole(caller, target.role());
        guardGrant(caller, target.effectivePermissions());
    }

    /** A caller gives (or manages) only permissions its own token holds; a sysadmin holds all. */
    private static void guardGrant(Caller caller, Map<String, Object> effectivePermissions) {
        if (caller.sysadmin()) {
            return;
        }
        Set<String> notHeld = caller.permissions().notHeld(effectivePermissions);
        if (!notHeld.isEmpty()) {
            throw ProblemException.forbidden("You can grant or manage only permissions you hold yourself; not held: "
                    + String.join(", ", notHeld));
        }
    }

    private static void requireFits(String password, String field) {
        if (!PasswordHasher.fitsBcrypt(password)) {
            throw ProblemException.invalidField(
                    field, "must be at most " + PasswordHasher.MAX_PASSWORD_BYTES + " bytes in UTF-8");
        }
    }

    private static Map<String, Object> permissionsOf(Staff s) {
        Map<String, Object> m = new HashMap<>();
        m.put("permissions", s.permissions());
        return m;
    }

    /**
     * The map's shape (docs/permissions.md): area -> true/false or area -> {action: true/false}.
     * Null stays null (role defaults).
     */
    static Map<String, Object> validPermissions(Map<String, Object> permissions) {
        if (permissions == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        permissions.forEach((area, value) -> {
            String field = "permissions." + area;
            if (!NAME.matcher(area).matches()) {
                throw ProblemException.invalidField(field, "area names are lower-case letters, digits, '_' or '-'");
            }
            if (value instanceof Boolean) {
                out.put(area, value);
            } else if (value instanceof Map<?, ?> actions) {
                Map<String, Object> a = new LinkedHashMap<>();
                actions.forEach((action, allowed) -> {
                    if (!NAME.matcher(String.valueOf(action)).matches() || !(allowed instanceof Boolean)) {
                        throw ProblemException.invalidField(
                                field + "." + action, "must be an action name mapped to true or false");
                    }
                    a.put(String.valueOf(action), allowed);
                });
                out.put(area, a);
            } else {
                throw ProblemException.invalidField(field, "must be true, false or an object of action: boolean");
            }
        });
        return out;
    }
}
