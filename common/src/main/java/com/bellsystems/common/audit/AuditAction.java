package com.bellsystems.common.audit;

/** The staff actions the audit log records (the plan's Phase 4 table). */
public enum AuditAction {
    CREATE,
    UPDATE,
    DELETE,
    STATUS_CHANGE,
    COMMAND,
    PUBLISH,
    UNPUBLISH,
    LOGIN,
    LOGOUT,
    PERMISSION_CHANGE;

    /** Parses a client-supplied action name, or returns null when it is not one of ours. */
    public static AuditAction parse(String name) {
        if (name == null) {
            return null;
        }
        try {
            return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
