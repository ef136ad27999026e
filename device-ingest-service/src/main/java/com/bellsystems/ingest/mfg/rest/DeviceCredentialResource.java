package com.bellsystems.ingest.mfg.rest;

import com.bellsystems.common.audit.RequestAudit;
import com.bellsystems.ingest.device.DeviceSerial;
import com.bellsystems.ingest.mfg.service.DeviceProvisioning;
import io.quarkus.security.PermissionsAllowed;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Device provisioning: creates the device's MQTT account (or gives it a new password) and returns
 * the password once. 201 for a new device, 200 for a rotation. HTTP only.
 */
@Path("/api/mfg/devices/{serial}/credentials")
@Produces(MediaType.APPLICATION_JSON)
public class DeviceCredentialResource {

    private final DeviceProvisioning provisioning;
    private final RequestAudit requestAudit;

    public DeviceCredentialResource(DeviceProvisioning provisioning, RequestAudit requestAudit) {
        this.provisioning = provisioning;
        this.requestAudit = requestAudit;
    }

    @POST
    @PermissionsAllowed("mfg:provision")
    public Uni<Response> provision(@PathParam("serial") String serial) {
        String device = DeviceSerial.require(serial);
        var actor = requestAudit.actor();
        var meta = requestAudit.meta();
        return provisioning.provision(device, actor, meta).map(credential -> Response.status(
                        credential.rotated() ? 200 : 201)
                .entity(credential)
                .header("Cache-Control", "no-store")
                .build());
    }
}
