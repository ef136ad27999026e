package com.bellsystems.audit.log;

import com.bellsystems.common.audit.AuditAction;
import com.bellsystems.common.paging.KeysetCursor;
import java.time.OffsetDateTime;

/**
 * A validated audit log query: every field is already checked, so the repository only turns it
 * into SQL. Null means "no filter". The date range is half-open: {@code from <= occurred_at < toExclusive}.
 */
public record AuditQuery(
        String actorId,
        String entityType,
        String entityId,
        AuditAction action,
        OffsetDateTime from,
        OffsetDateTime toExclusive,
        int limit,
        int offset,
        KeysetCursor cursor) {}
