package com.bellsystems.ingest.mfg.rest;

import com.bellsystems.common.paging.KeysetCursor;
import com.bellsystems.common.paging.KeysetPage;
import com.bellsystems.ingest.device.DeviceViews.MfgAuditEntry;
import com.bellsystems.ingest.device.repository.DeviceRepository;
import com.bellsystems.ingest.device.rest.QueryParams;
import io.quarkus.security.PermissionsAllowed;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Manufacturing's audit trail (provisioning, flashing, QA of devices), newest first, optionally for one serial. */
@Path("/api/mfg/audit-log")
@Produces(MediaType.APPLICATION_JSON)
public class MfgAuditResource {

    private final DeviceRepository queries;

    public MfgAuditResource(DeviceRepository queries) {
        this.queries = queries;
    }

    @GET
    @PermissionsAllowed("mfg:view")
    public Uni<KeysetPage<MfgAuditEntry>> list(
            @QueryParam("serial") String serial,
            @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        return queries.mfgAudit(
                serial == null || serial.isBlank() ? null : serial.trim(),
                QueryParams.limit(limit),
                KeysetCursor.decode(cursor));
    }
}
