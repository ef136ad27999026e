package com.bellsystems.crm.device;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.Size;

/** {@code PUT /api/devices/{id}/customer}: the CRM customer the device was sold to, null to unassign. */
@RegisterForReflection
public record AssignCustomer(@Size(min = 1, max = 128) String customerId) {}
