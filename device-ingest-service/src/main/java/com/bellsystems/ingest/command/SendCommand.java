package com.bellsystems.ingest.command;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.Map;

/** {@code POST /api/devices/{serial}/commands}: the command's name and its parameters (any JSON object). */
@RegisterForReflection
public record SendCommand(
        @NotNull
                @Pattern(
                        regexp = "^[a-z][a-z0-9_.-]{0,63}$",
                        message = "must be 1-64 lower-case letters, digits, _ . - starting with a letter")
                String name,
        Map<String, Object> params) {}
