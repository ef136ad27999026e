package com.bellsystems.crm.media;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** A reference to a file kept in Nextcloud, as the Console registers it. */
@RegisterForReflection
public record MediaInput(
        @Size(max = 100) String customerId,
        @Size(max = 100) String orderId,
        @NotBlank @Size(max = 500) String filename,
        @NotBlank @Size(max = 2000) @Pattern(regexp = "/.*", message = "must be an absolute path") String nextcloudPath,
        @Size(max = 200) String mimeType,
        @Pattern(regexp = "inbound|outbound|internal") String direction,
        @Size(max = 50) List<@NotBlank String> tags) {}
