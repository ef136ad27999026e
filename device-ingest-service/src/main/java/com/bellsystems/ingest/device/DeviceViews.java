package com.bellsystems.ingest.device;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.OffsetDateTime;
import java.util.List;

/** What the device API returns (snake_case JSON; JSONB columns are passed through as JSON). */
public final class DeviceViews {

    private DeviceViews() {}

    @RegisterForReflection
    public record LogEntry(
            long id,
            String deviceSerial,
            String level,
            String message,
            Long deviceTimestamp,
            OffsetDateTime receivedAt) {}

    @RegisterForReflection
    public record HeartbeatEntry(
            long id,
            String deviceSerial,
            String firmwareVersion,
            String hardwareType,
            String ipAddress,
            Long uptimeSeconds,
            Integer signalRssi,
            Long freeMemory,
            @JsonRawValue String payload,
            OffsetDateTime receivedAt) {}

    @RegisterForReflection
    public record AlertEntry(
            long id,
            String deviceSerial,
            String alertType,
            String severity,
            String state,
            String message,
            @JsonRawValue String details,
            OffsetDateTime raisedAt,
            OffsetDateTime clearedAt) {}

    @RegisterForReflection
    public record CommandEntry(
            long id,
            String deviceSerial,
            String commandName,
            @JsonRawValue String params,
            String status,
            @JsonRawValue String response,
            String sentBy,
            OffsetDateTime createdAt,
            OffsetDateTime sentAt,
            OffsetDateTime ackedAt) {}

    /** The latest heartbeat and the open alerts of one device. */
    @RegisterForReflection
    public record DeviceStatus(String deviceSerial, HeartbeatEntry latestHeartbeat, List<AlertEntry> openAlerts) {}

    @RegisterForReflection
    public record MfgAuditEntry(
            long id,
            OffsetDateTime occurredAt,
            String actor,
            String action,
            String serialNumber,
            @JsonRawValue String details) {}
}
