package com.bellsystems.ingest.telemetry;

/** Why a message was acknowledged without being stored; the {@code reason} tag of the rejection metric. */
public enum Rejection {
    INVALID_JSON,
    MISSING_FIELD,
    WRONG_TYPE,
    INVALID_VALUE,
    OVERSIZED,
    INVALID_SERIAL,
    UNKNOWN_TOPIC,
    DB_REJECTED;

    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
