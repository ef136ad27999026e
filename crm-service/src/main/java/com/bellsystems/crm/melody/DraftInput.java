package com.bellsystems.crm.melody;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.Size;
import java.util.Map;

/** A melody draft as the Console sends it; {@code data} is the app's free-form melody document. */
@RegisterForReflection
public record DraftInput(
        @Size(min = 1, max = 300) String name,
        @Size(max = 100) String pid,
        @Size(max = 10_000) Map<String, Object> data) {}
