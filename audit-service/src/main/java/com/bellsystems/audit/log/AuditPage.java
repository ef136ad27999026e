package com.bellsystems.audit.log;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * One page of the log, newest first. {@code nextCursor} is set when more rows follow; passing it
 * back as {@code cursor} continues right after the last item, however deep (no OFFSET scan).
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AuditPage(List<AuditRecord> items, int limit, int offset, String nextCursor) {}
