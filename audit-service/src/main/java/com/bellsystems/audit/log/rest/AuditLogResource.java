package com.bellsystems.audit.log.rest;

import com.bellsystems.audit.log.AuditRecord;
import com.bellsystems.audit.log.service.AuditLogService;
import com.bellsystems.common.paging.KeysetPage;
import io.quarkus.security.PermissionsAllowed;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestMulti;
import org.jboss.resteasy.reactive.RestPath;

/**
 * The staff audit log, read-only: filtered pages, one record's history, and a CSV export. Only
 * staff holding {@code audit:view} (or sysadmins) may read it.
 */
@Path("/api/audit-log")
@Tag(name = "audit-log")
@PermissionsAllowed("audit:view")
public class AuditLogResource {

    public static final String CSV = "text/csv";
    private static final DateTimeFormatter FILE_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final AuditLogService service;

    public AuditLogResource(AuditLogService service) {
        this.service = service;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "A page of the audit log, newest first",
            description =
                    "Filters: actor_id, entity_type (+ entity_id), action, from_date, to_date. "
                            + "Paging: limit (1..200, default 50) with offset (up to 10000) or cursor (next_cursor of the previous page).")
    public Uni<KeysetPage<AuditRecord>> list(@BeanParam AuditLogParams params) {
        return service.page(params.toPagedQuery());
    }

    @GET
    @Path("/entities/{type}/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One record's history, newest first (same paging and action/date filters as the list)")
    public Uni<KeysetPage<AuditRecord>> history(
            @RestPath String type, @RestPath String id, @BeanParam AuditLogParams params) {
        return service.page(params.toHistoryQuery(type, id));
    }

    @GET
    @Path("/export")
    @Produces(CSV)
    @Operation(summary = "Every row matching the list filters, as streamed CSV (limit/offset/cursor are not used)")
    public Multi<String> export(@BeanParam AuditLogParams params) {
        // Validate before the first byte: a bad filter must still be a 400 problem, not a broken stream.
        Multi<String> csv = service.exportCsv(params.toExportQuery());
        String file = "audit-log-" + FILE_STAMP.format(Instant.now()) + ".csv";
        return RestMulti.fromMultiData(csv)
                .header("Content-Disposition", "attachment; filename=\"" + file + "\"")
                .header("Content-Type", CSV + "; charset=UTF-8")
                .build();
    }
}
