package com.bellsystems.crm.device;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;

/**
 * Body of {@code POST /api/devices} (serial_number required) and {@code PATCH /api/devices/{id}}
 * (null fields stay as they are; serial_number cannot change).
 */
@RegisterForReflection
public record DeviceInput(
        @Pattern(regexp = SERIAL_REGEX, message = "must be 3-32 upper-case letters, digits or dashes")
                String serialNumber,
        @Size(min = 1, max = 200) String deviceName,
        @Pattern(regexp = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", message = "must be 1-64 letters, digits, . _ -")
                String hwType,
        @Size(max = 64) String firmwareVersion,
        @Valid LatLng location,
        @Size(max = 500) String address,
        @Pattern(
                        regexp = "^[A-Za-z_]+(/[A-Za-z0-9_+-]+){0,2}$",
                        message = "must be an IANA time zone, e.g. Europe/Athens")
                String timezone,
        Map<String, Object> settings) {

    /** Device-ingest's serial rule (the MQTT username and topic level), so telemetry can be joined. */
    public static final String SERIAL_REGEX = "^[A-Z0-9][A-Z0-9-]{2,31}$";

    public static final String DEFAULT_TIMEZONE = "Europe/Athens";
}
