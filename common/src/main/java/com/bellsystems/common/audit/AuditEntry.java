package com.bellsystems.common.audit;

import java.util.Map;

/**
 * One row of {@code audit_log}, the arguments of the plan's {@code log_action}.
 * {@code changes} is a {@link ChangeDiff} result ({"field": {"old": x, "new": y}}), null for
 * CREATE/DELETE/COMMAND; {@code meta} carries the client address, request id and the like.
 */
public record AuditEntry(
        Actor actor,
        AuditAction action,
        String entityType,
        String entityId,
        String entityLabel,
        Map<String, Object> changes,
        Map<String, Object> meta) {

    public AuditEntry {
        if (actor == null || action == null || entityType == null || entityId == null) {
            throw new IllegalArgumentException("actor, action, entityType and entityId are required");
        }
    }
}
