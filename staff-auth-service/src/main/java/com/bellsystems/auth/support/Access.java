package com.bellsystems.auth.support;

import com.bellsystems.common.audit.RequestAudit;
import com.bellsystems.common.problem.ProblemException;
import com.bellsystems.common.security.StaffPermissions;
import io.quarkus.security.StringPermission;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The check staff administration and settings need that one annotation cannot express: allowed
 * for the admin roles OR for a permission in the token's map ({@code @PermissionsAllowed} alone
 * would refuse an admin whose map was narrowed, {@code @RolesAllowed} alone a manager without the role).
 */
@RequestScoped
public class Access {

    public static final String ADMIN = "admin";

    private final SecurityIdentity identity;
    private final RequestAudit requestAudit;

    public Access(SecurityIdentity identity, RequestAudit requestAudit) {
        this.identity = identity;
        this.requestAudit = requestAudit;
    }

    /** The acting staff member, for services that run after the request scope (401 without a token). */
    public Caller caller() {
        StaffPermissions held = identity.getPrincipal() instanceof JsonWebToken jwt
                ? StaffPermissions.fromToken(jwt)
                : StaffPermissions.of(java.util.Map.of());
        return new Caller(requestAudit.actor(), isAdmin(), isSysadmin(), held, requestAudit.meta());
    }

    public boolean isSysadmin() {
        return identity.hasRole(StaffPermissions.SYSADMIN);
    }

    public boolean isAdmin() {
        return isSysadmin() || identity.hasRole(ADMIN);
    }

    /** Completes when the caller is an admin or holds any of {@code permissions} ("area:action"); 403 otherwise. */
    public Uni<Void> requireAdminOr(String... permissions) {
        if (identity.isAnonymous()) {
            return Uni.createFrom().failure(ProblemException.unauthorized("A valid bearer token is required"));
        }
        if (isAdmin()) {
            return Uni.createFrom().voidItem();
        }
        return anyOf(permissions, 0);
    }

    private Uni<Void> anyOf(String[] permissions, int i) {
        if (i >= permissions.length) {
            return Uni.createFrom()
                    .failure(ProblemException.forbidden("You do not have the permission this action needs"));
        }
        String[] parts = permissions[i].split(":", 2);
        StringPermission wanted =
                parts.length == 2 ? new StringPermission(parts[0], parts[1]) : new StringPermission(parts[0]);
        return identity.checkPermission(wanted)
                .flatMap(ok -> ok ? Uni.createFrom().voidItem() : anyOf(permissions, i + 1));
    }
}
