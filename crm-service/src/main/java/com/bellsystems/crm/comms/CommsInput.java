package com.bellsystems.crm.comms;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/** One logged communication as the Console sends it (email, call, meeting...). */
@RegisterForReflection
public record CommsInput(
        @Size(max = 100) String customerId,
        @NotBlank @Pattern(regexp = "email|phone|sms|whatsapp|meeting|letter|other") String channel,
        @Pattern(regexp = "inbound|outbound") String direction,
        @Size(max = 1000) String subject,
        @Size(max = 100_000) String body,
        @Size(max = 300) String fromAddress,
        @Size(max = 100) List<@NotBlank String> toAddresses,
        @Size(max = 100) List<@NotNull Map<String, Object>> attachments,
        @Size(max = 300) String extMessageId,
        Boolean isImportant,
        Boolean isRead,
        OffsetDateTime occurredAt) {

    /** The only fields that change after logging; a null flag stays as it is. */
    @RegisterForReflection
    public record Flags(Boolean isImportant, Boolean isRead) {}
}
