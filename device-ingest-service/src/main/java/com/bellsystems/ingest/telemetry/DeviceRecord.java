package com.bellsystems.ingest.telemetry;

/** One valid inbound device message, ready to be written. Payload-derived text is already checked. */
public sealed interface DeviceRecord {

    String serial();

    record Log(String serial, String level, String message, Long deviceTimestamp) implements DeviceRecord {}

    record Heartbeat(
            String serial,
            String firmwareVersion,
            String hardwareType,
            String ipAddress,
            Long uptimeSeconds,
            Integer signalRssi,
            Long freeMemory,
            String payloadJson)
            implements DeviceRecord {}

    record Alert(String serial, String alertType, String severity, String message, String detailsJson)
            implements DeviceRecord {}

    /** An alert of this type is over: closes the device's open alerts of the type. */
    record AlertCleared(String serial, String alertType) implements DeviceRecord {}

    record CommandAck(String serial, long commandId, boolean ok, String responseJson) implements DeviceRecord {}
}
