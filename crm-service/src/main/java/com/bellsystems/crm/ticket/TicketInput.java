package com.bellsystems.crm.ticket;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/** A support ticket as the Console sends it; null fields are left as they are on update. */
@RegisterForReflection
public record TicketInput(
        @Size(min = 1, max = 500) String subject,
        @Pattern(regexp = "open|pending|in_progress|resolved|closed") String status,
        @Pattern(regexp = "low|normal|high|urgent") String priority,
        @Size(max = 100) String customerId,
        @Size(max = 100) String deviceSerial,
        @Size(max = 200) String requesterName,
        @Email @Size(max = 300) String requesterEmail,
        @Size(max = 100) String assignedTo) {

    /** One message of a ticket's thread; {@code internal} ones are staff-only. */
    @RegisterForReflection
    public record MessageInput(
            @NotBlank @Size(max = 100_000) String body,
            Boolean internal,
            @Size(max = 50) List<@NotNull Map<String, Object>> attachments) {}
}
