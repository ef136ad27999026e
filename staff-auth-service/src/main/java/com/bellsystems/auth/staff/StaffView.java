package com.bellsystems.auth.staff;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.OffsetDateTime;
import java.util.Map;

/** A staff member as responses show it: never the password hash. */
@RegisterForReflection
public record StaffView(
        String id,
        String email,
        String name,
        String role,
        Map<String, Object> permissions,
        Map<String, Object> effectivePermissions,
        boolean active,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    public static StaffView of(Staff s) {
        return new StaffView(
                s.id(),
                s.email(),
                s.name(),
                s.role(),
                s.permissions(),
                s.effectivePermissions(),
                s.active(),
                s.createdAt(),
                s.updatedAt());
    }
}
