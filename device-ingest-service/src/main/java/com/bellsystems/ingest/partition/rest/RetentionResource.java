package com.bellsystems.ingest.partition.rest;

import com.bellsystems.ingest.partition.service.PartitionMaintenance;
import com.bellsystems.ingest.partition.service.RetentionPreview;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The retention dry run for operators: what the daily run drops, or would drop while it is off. HTTP only. */
@Path("/api/devices/partitions/retention")
@Produces(MediaType.APPLICATION_JSON)
public class RetentionResource {

    private final PartitionMaintenance maintenance;

    public RetentionResource(PartitionMaintenance maintenance) {
        this.maintenance = maintenance;
    }

    @GET
    @RolesAllowed({"sysadmin", "admin"})
    public Uni<RetentionPreview> preview() {
        return maintenance.previewRetention();
    }
}
