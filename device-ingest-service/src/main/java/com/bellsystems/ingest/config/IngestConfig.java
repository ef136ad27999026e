package com.bellsystems.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/**
 * The ingest pipeline's tuning in one place ({@code bellsys.ingest.*}), so the README, the tests
 * and the benchmark all name the same keys.
 */
@ConfigMapping(prefix = "bellsys.ingest")
public interface IngestConfig {

    /** MQTT shared-subscription group; replicas in one group split the stream. {@code none} subscribes plainly. */
    @WithDefault("bellsys-ingest")
    String sharedGroup();

    /** MQTT connections per replica (each has the broker's in-flight window). Forced to 1 without a shared group. */
    @WithDefault("4")
    @Min(1)
    @Max(64)
    int connections();

    /**
     * On shutdown, leave the shared group and store what the broker still holds for this replica's
     * sessions before disconnecting ({@code BELLSYS_INGEST_DRAIN_ON_SHUTDOWN}). Needed when a replica
     * leaves for good (scale-down, or a new client id at its next start): the group keeps routing to
     * an offline member's session, and that share would be lost at session expiry. Leave it off for a
     * single replica: with no other member in the group, messages published while it restarts would
     * match no subscription and be dropped, where its kept session would have queued them.
     */
    @WithDefault("false")
    boolean drainOnShutdown();

    /** How long a drain on shutdown may take at most (keep it under the orchestrator's grace period). */
    @WithDefault("25s")
    Duration drainTimeout();

    /** Rows per INSERT batch at most. */
    @WithDefault("1000")
    @Min(1)
    @Max(10000)
    int batchSize();

    /** How long the first message of a batch waits for others at most. */
    @WithDefault("20ms")
    Duration batchMaxDelay();

    /** Batches committing at once; more batches queue (their messages stay unacknowledged). */
    @WithDefault("2")
    @Min(1)
    @Max(32)
    int maxConcurrentFlushes();

    /**
     * The broker's per-connection in-flight window (Mosquitto {@code max_inflight_messages}, default 20).
     * When every connection's window is full nothing more can arrive, so the batch is written at once.
     */
    @WithDefault("20")
    @Min(1)
    int brokerInflight();

    /** Payloads larger than this are rejected as {@code oversized}. */
    @WithDefault("16384")
    @Min(64)
    int maxPayloadBytes();

    /** First and longest wait between retries of a batch Postgres refused. */
    @WithDefault("200ms")
    Duration retryInitial();

    @WithDefault("10s")
    Duration retryMax();

    /** How far back a redelivered (DUP) message is looked up before it is inserted again. */
    @WithDefault("24h")
    Duration dedupeWindow();

    /** device_logs partitions wholly older than this many months are dropped (when retention is on). */
    @WithDefault("6")
    @Min(1)
    int retentionMonths();

    /**
     * Whether the daily run drops old partitions. Off by default: the first run after Phase 1 would
     * drop the migrated legacy logs older than the retention, so the operator turns it on once the
     * migration is verified, after looking at the dry run (GET /api/devices/partitions/retention).
     */
    @WithDefault("false")
    boolean retentionEnabled();

    /** A command with no acknowledgement after this long is marked timed_out. */
    @WithDefault("60s")
    Duration commandTimeout();

    /** When partition maintenance and retention run (quarkus-scheduler cron, daily by default). */
    @WithDefault("0 5 0 * * ?")
    String partitionCron();

    /** How often unacknowledged commands are checked against {@link #commandTimeout()}. */
    @WithDefault("10s")
    String commandTimeoutCheck();
}
