package com.bellsystems.common.security;

import io.quarkus.security.StringPermission;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.security.Permission;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Lets {@code @PermissionsAllowed("area:action")} read the {@code permissions} claim of a staff
 * token, with {@code sysadmin} allowed everything. Every service gets this by depending on common.
 */
@ApplicationScoped
public class StaffPermissionAugmentor implements SecurityIdentityAugmentor {

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Uni.createFrom().item(identity);
        }
        boolean sysadmin = identity.hasRole(StaffPermissions.SYSADMIN);
        StaffPermissions permissions = StaffPermissions.of(permissionMap(jwt));
        return Uni.createFrom()
                .item(QuarkusSecurityIdentity.builder(identity)
                        .addPermissionChecker(
                                required -> Uni.createFrom().item(sysadmin || grants(permissions, required)))
                        .build());
    }

    private static boolean grants(StaffPermissions permissions, Permission required) {
        if (required instanceof StringPermission sp) {
            String actions = sp.getActions();
            if (actions == null || actions.isEmpty()) {
                return permissions.allows(sp.getName(), null);
            }
            for (String action : actions.split(",")) {
                if (!permissions.allows(sp.getName(), action.trim())) {
                    return false;
                }
            }
            return true;
        }
        return permissions.allows(required.getName());
    }

    /** The claim as plain Java values (true or a map of action to boolean). */
    static Map<String, Object> permissionMap(JsonWebToken jwt) {
        Object claim = jwt.getClaim("permissions");
        Map<String, Object> map = new HashMap<>();
        if (claim instanceof JsonObject json) {
            json.forEach((area, value) -> {
                if (value.getValueType() == JsonValue.ValueType.TRUE) {
                    map.put(area, Boolean.TRUE);
                } else if (value instanceof JsonObject actions) {
                    Map<String, Object> a = new HashMap<>();
                    actions.forEach(
                            (action, allowed) -> a.put(action, allowed.getValueType() == JsonValue.ValueType.TRUE));
                    map.put(area, a);
                }
            });
        }
        return map;
    }
}
