package com.bellsystems.auth.staff;

import com.bellsystems.common.security.StaffPermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The three staff roles and the permission map a token carries for each (docs/permissions.md):
 * a stored map wins; a null map means the role's defaults, all areas for sysadmin/admin, none for staff.
 */
public final class Roles {

    public static final String SYSADMIN = StaffPermissions.SYSADMIN;
    public static final String ADMIN = StaffPermissions.ADMIN;
    public static final String STAFF = StaffPermissions.STAFF;
    public static final Set<String> ALL = StaffPermissions.ROLES;

    /** The permission areas of docs/permissions.md. */
    public static final List<String> AREAS = StaffPermissions.AREAS;

    private Roles() {}

    public static boolean isAdminRole(String role) {
        return SYSADMIN.equals(role) || ADMIN.equals(role);
    }

    public static Map<String, Object> effectivePermissions(String role, Map<String, Object> stored) {
        return stored != null ? stored : StaffPermissions.roleDefaults(role);
    }
}
