package com.bellsystems.common.security;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The staff permission map as the tokens carry it, and the one rule for reading it.
 * <p>
 * Shape: {@code {"crm": {"view": true, "edit": true}, "devices": true, ...}}: an area mapped to
 * {@code true} grants every action in it; an area mapped to an object grants the actions set to
 * {@code true}. Endpoints ask for {@code "area:action"} (e.g. {@code @PermissionsAllowed("crm:edit")}).
 * The {@code sysadmin} role is allowed everything, whatever its map says.
 */
public final class StaffPermissions {

    public static final String SYSADMIN = "sysadmin";

    public static final String ADMIN = "admin";

    public static final String STAFF = "staff";

    /** The staff roles. */
    public static final Set<String> ROLES = Set.of(SYSADMIN, ADMIN, STAFF);

    /** Every permission area and its actions, in the order of docs/permissions.md. */
    public static final Map<String, Set<String>> CATALOGUE = catalogue();

    /** The permission areas of docs/permissions.md. */
    public static final List<String> AREAS = List.copyOf(CATALOGUE.keySet());

    private static Map<String, Set<String>> catalogue() {
        Map<String, Set<String>> areas = new LinkedHashMap<>();
        areas.put("crm", Set.of("view", "edit"));
        areas.put("melodies", Set.of("view", "edit", "publish"));
        areas.put("notes", Set.of("view", "edit"));
        areas.put("tickets", Set.of("view", "edit"));
        areas.put("devices", Set.of("view", "command", "edit"));
        areas.put("mfg", Set.of("view", "provision"));
        areas.put("audit", Set.of("view"));
        areas.put("staff", Set.of("view", "manage"));
        areas.put("settings", Set.of("edit"));
        return Collections.unmodifiableMap(areas);
    }

    /** Granted "area" (all actions) and "area:action" entries. */
    private final Set<String> grants;

    private StaffPermissions(Set<String> grants) {
        this.grants = grants;
    }

    public static StaffPermissions of(Map<String, ?> permissionMap) {
        Set<String> grants = new HashSet<>();
        if (permissionMap != null) {
            permissionMap.forEach((area, value) -> {
                String a = area.toLowerCase(Locale.ROOT);
                if (Boolean.TRUE.equals(value)) {
                    grants.add(a);
                } else if (value instanceof Map<?, ?> actions) {
                    actions.forEach((action, allowed) -> {
                        if (Boolean.TRUE.equals(allowed)) {
                            grants.add(a + ":" + String.valueOf(action).toLowerCase(Locale.ROOT));
                        }
                    });
                }
            });
        }
        return new StaffPermissions(grants);
    }

    /**
     * The map a member with no stored map gets (a null {@code staff.permissions}): every area for
     * sysadmin and admin, none for anyone else. Tokens carry it, so services need not know roles.
     */
    public static Map<String, Object> roleDefaults(String role) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        if (SYSADMIN.equals(role) || ADMIN.equals(role)) {
            AREAS.forEach(area -> defaults.put(area, Boolean.TRUE));
        }
        return defaults;
    }

    /** The map a verified staff token carries in its {@code permissions} claim. */
    public static StaffPermissions fromToken(JsonWebToken jwt) {
        return of(StaffPermissionAugmentor.permissionMap(jwt));
    }

    /**
     * The grants of {@code permissionMap} that these permissions do not hold ("area" for a whole
     * area, "area:action"), sorted; empty when every grant is held. A whole area is held only as a
     * whole area: holding some of its actions does not allow granting {@code "area": true}.
     */
    public Set<String> notHeld(Map<String, ?> permissionMap) {
        Set<String> missing = new TreeSet<>();
        for (String grant : of(permissionMap).grants) {
            int colon = grant.indexOf(':');
            boolean held =
                    colon < 0 ? grants.contains(grant) : allows(grant.substring(0, colon), grant.substring(colon + 1));
            if (!held) {
                missing.add(grant);
            }
        }
        return missing;
    }

    /** Whether the map grants {@code action} in {@code area} (a null or blank action means any). */
    public boolean allows(String area, String action) {
        String a = area.toLowerCase(Locale.ROOT);
        if (grants.contains(a)) {
            return true;
        }
        if (action == null || action.isBlank()) {
            return grants.stream().anyMatch(g -> g.startsWith(a + ":"));
        }
        return grants.contains(a + ":" + action.toLowerCase(Locale.ROOT));
    }

    /** Parses "area:action" or "area" and checks it. */
    public boolean allows(String permission) {
        int colon = permission.indexOf(':');
        return colon < 0
                ? allows(permission, null)
                : allows(permission.substring(0, colon), permission.substring(colon + 1));
    }

    /**
     * What a permission map holds that the catalogue does not know, sorted: unknown areas
     * ({@code "shop"}), unknown actions ({@code "crm:delete"}), and values that are neither a
     * boolean nor a map of booleans ({@code "crm=yes"}). Empty for a valid map (or null).
     */
    public static Set<String> unknown(Map<String, ?> permissionMap) {
        Set<String> out = new TreeSet<>();
        if (permissionMap == null) {
            return out;
        }
        permissionMap.forEach((area, value) -> {
            Set<String> actions = CATALOGUE.get(area.toLowerCase(Locale.ROOT));
            if (actions == null) {
                out.add(area);
            } else if (value instanceof Map<?, ?> map) {
                map.forEach((action, allowed) -> {
                    if (!actions.contains(String.valueOf(action).toLowerCase(Locale.ROOT))) {
                        out.add(area + ":" + action);
                    } else if (!(allowed instanceof Boolean)) {
                        out.add(area + ":" + action + "=" + allowed);
                    }
                });
            } else if (!(value instanceof Boolean)) {
                out.add(area + "=" + value);
            }
        });
        return out;
    }
}
