package com.bellsystems.audit.log;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.OffsetDateTime;
import java.util.Map;

/**
 * One audit_log row as the API shows it. {@code changes} and {@code meta} are the stored JSON
 * objects as plain maps (null when the row has none).
 */
@RegisterForReflection
public record AuditRecord(
        long id,
        OffsetDateTime occurredAt,
        String actorId,
        String actorName,
        String action,
        String entityType,
        String entityId,
        String entityLabel,
        Map<String, Object> changes,
        Map<String, Object> meta) {}
