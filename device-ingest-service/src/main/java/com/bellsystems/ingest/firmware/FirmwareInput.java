package com.bellsystems.ingest.firmware;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.Map;

/**
 * Body of {@code POST /api/firmware} (hw_type and version required) and {@code PATCH
 * /api/firmware/{id}} (null fields stay as they are; hw_type and version name the build and cannot
 * change: publish a new version instead).
 */
@RegisterForReflection
public record FirmwareInput(
        @Pattern(regexp = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", message = "must be 1-64 letters, digits, . _ -")
                String hwType,
        @Pattern(regexp = "^[a-z][a-z0-9_-]{0,31}$", message = "must be 1-32 lower-case letters, digits, _ -")
                String channel,
        @Pattern(
                        regexp = "^[0-9]+\\.[0-9]+\\.[0-9]+([-+][A-Za-z0-9.-]{1,32})?$",
                        message = "must be a version like 2.4.1 or 2.5.0-rc1")
                String version,
        @Size(max = 255) String filename,
        @Size(max = 2048) @Pattern(regexp = "^https?://\\S+$", message = "must be an http(s) URL") String downloadUrl,
        @Min(0) Long sizeBytes,
        @Pattern(regexp = "^[0-9a-f]{64}$", message = "must be 64 lower-case hex digits") String sha256,
        @Size(max = 20000) String changelog,
        Boolean mandatory,
        Map<String, Object> metadata,
        OffsetDateTime uploadedAt) {}
