package com.bellsystems.crm.note;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** A note or issue as the Console sends it; null fields are left as they are on update, null links too. */
@RegisterForReflection
public record EntryInput(
        @Pattern(regexp = "note|issue") String entryType,
        @Size(min = 1, max = 500) String title,
        @Size(max = 100_000) String body,
        @Pattern(regexp = "open|in_progress|resolved|closed") String status,
        @Pattern(regexp = "low|normal|high|urgent") String priority,
        @Size(max = 50) List<@NotBlank String> tags,
        @Size(max = 100) String assignedTo,
        @Size(max = 100) List<@NotNull @Valid Link> links) {

    /** A record the entry is about: a customer, an order, a device... */
    @RegisterForReflection
    public record Link(
            @NotBlank @Pattern(regexp = "[a-z_]{1,40}") String linkedType,
            @NotBlank @Size(max = 200) String linkedId) {}
}
