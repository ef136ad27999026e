package com.bellsystems.crm.melody;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** A built melody (compiled step sequence for the bell controllers) as the Console sends it. */
@RegisterForReflection
public record BuiltInput(
        @Size(min = 1, max = 300) String name,
        @Size(max = 100) String pid,
        @Size(max = 100_000) List<@NotNull Object> steps,
        @Size(max = 1000) String binaryPath,
        @Size(max = 1_000_000) String progmemCode,
        @Size(max = 1000) List<@NotBlank String> assignedMelodyIds,
        Boolean isBuiltin) {}
