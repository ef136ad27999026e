package com.bellsystems.auth.staff;

import com.fasterxml.jackson.annotation.JsonSetter;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.Map;

/** Request bodies of /api/staff. Passwords: 8-72 characters (bcrypt reads 72 bytes; longer is refused). */
public final class StaffRequests {

    private StaffRequests() {}

    @RegisterForReflection
    public record Create(
            @NotBlank @Email @Size(max = 320) String email,
            @NotBlank @Size(max = 200) String name,
            @NotBlank String role,
            @NotNull @Size(min = 8, max = 72) String password,
            Map<String, Object> permissions,
            Boolean active) {}

    /**
     * Partial update: absent fields stay as they are. {@code permissions} distinguishes absent
     * (unchanged) from an explicit {@code null} (back to the role's defaults), so it is a setter.
     */
    @RegisterForReflection
    public static class Update {
        @Email
        @Size(min = 1, max = 320)
        public String email;

        @Size(min = 1, max = 200)
        public String name;

        public String role;
        public Boolean active;
        private Map<String, Object> permissions;
        private boolean permissionsGiven;

        @JsonSetter("permissions")
        public void setPermissions(Map<String, Object> permissions) {
            this.permissions = permissions;
            this.permissionsGiven = true;
        }

        public Map<String, Object> permissions() {
            return permissions;
        }

        public boolean permissionsGiven() {
            return permissionsGiven;
        }
    }

    @RegisterForReflection
    public record ResetPassword(@NotNull @Size(min = 8, max = 72) String newPassword) {}

    @RegisterForReflection
    public record ChangeOwnPassword(
            @NotNull @Size(max = 1024) String currentPassword, @NotNull @Size(min = 8, max = 72) String newPassword) {}
}
