package com.bellsystems.auth.staff;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of {@code staff}. {@code permissions} is the stored map, null meaning "the defaults of
 * the role" (see {@link Roles#effectivePermissions}). The hash never leaves this service's code:
 * responses use {@link StaffView}.
 */
public record Staff(
        String id,
        String email,
        String name,
        String role,
        Map<String, Object> permissions,
        String hashedPassword,
        boolean active,
        Map<String, Object> uiPrefs,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    public Map<String, Object> effectivePermissions() {
        return Roles.effectivePermissions(role, permissions);
    }

    /** The fields an UPDATE row diffs (permissions have their own PERMISSION_CHANGE row; never the hash). */
    public Map<String, Object> profileSnapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("email", email);
        m.put("name", name);
        m.put("role", role);
        m.put("is_active", active);
        return m;
    }

    /**
     * The row as the Firestore mirror reads it (column names = the legacy {@code admin_users} field
     * names the Phase 3 job read; see StaffRepository.MIRROR).
     */
    public Map<String, Object> mirrorRow() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("email", email);
        m.put("name", name);
        m.put("role", role);
        m.put("permissions", permissions);
        m.put("hashed_password", hashedPassword);
        m.put("is_active", active);
        m.put("ui_prefs", uiPrefs);
        m.put("created_at", createdAt);
        m.put("updated_at", updatedAt);
        return m;
    }

    public Staff withProfile(String email, String name, String role, boolean active) {
        return new Staff(id, email, name, role, permissions, hashedPassword, active, uiPrefs, createdAt, updatedAt);
    }

    public Staff withPermissions(Map<String, Object> permissions) {
        return new Staff(id, email, name, role, permissions, hashedPassword, active, uiPrefs, createdAt, updatedAt);
    }
}
