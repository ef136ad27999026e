package com.bellsystems.ingest.telemetry;

import java.util.function.BooleanSupplier;

/**
 * A parsed message waiting for its batch: the record, its dedupe hash, whether the broker flagged
 * it as a redelivery, how to acknowledge it once its batch has committed, and whether the session
 * it came on has closed since (then the broker redelivers it on the new session, and this copy is
 * dropped before the next write attempt instead of racing its own redelivery).
 */
public record Inbound(DeviceRecord record, long hash, boolean redelivered, Runnable ack, BooleanSupplier stale) {

    public Inbound(DeviceRecord record, long hash, boolean redelivered, Runnable ack) {
        this(record, hash, redelivered, ack, () -> false);
    }
}
