package com.bellsystems.crm.device;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.Size;

/** {@code PUT /api/devices/{id}/owner}: the app user who owns the device, null to unassign. */
@RegisterForReflection
public record AssignOwner(@Size(min = 1, max = 128) String userId) {}
