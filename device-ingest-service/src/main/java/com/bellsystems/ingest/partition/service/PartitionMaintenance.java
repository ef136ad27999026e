package com.bellsystems.ingest.partition.service;

import com.bellsystems.ingest.config.IngestConfig;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps device_logs' monthly partitions ahead of the clock and drops the ones past retention,
 * through the foundation's SQL functions (they take an advisory lock, so every replica may run
 * this at once). Runs at start (before MQTT connects) and every day.
 */
@ApplicationScoped
public class PartitionMaintenance {

    private final Pool pool;
    private final Clock clock;
    private final IngestConfig config;

    public PartitionMaintenance(Pool pool, Clock clock, IngestConfig config) {
        this.pool = pool;
        this.clock = clock;
        this.config = config;
    }

    @Scheduled(
            cron = "{bellsys.ingest.partition-cron}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "device-logs-partitions")
    Uni<Void> daily() {
        return runMaintenance()
                .replaceWithVoid()
                .onFailure()
                .invoke(e -> Log.errorf(e, "device_logs partition maintenance failed"));
    }

    /**
     * The daily run: partitions ahead, then retention when it is switched on (returns what it
     * dropped); while it is off, a warning names what it would drop and nothing is dropped.
     */
    public Uni<List<String>> runMaintenance() {
        return ensurePartitions()
                .flatMap(created -> config.retentionEnabled() ? applyRetention() : reportRetentionOff());
    }

    /** Makes sure this month's and next month's partitions exist; returns the ones created. */
    public Uni<List<String>> ensurePartitions() {
        LocalDate today = today();
        return pool.preparedQuery("SELECT ensure_device_logs_partitions($1, $2)")
                .execute(Tuple.of(today, today.plusMonths(1)))
                .map(PartitionMaintenance::names)
                .invoke(created -> {
                    if (!created.isEmpty()) {
                        Log.infof("Created device_logs partitions %s", created);
                    }
                });
    }

    /** Drops the partitions that end before {@code today - retention months}; returns the ones dropped. */
    public Uni<List<String>> applyRetention() {
        LocalDate keepFrom = today().minusMonths(config.retentionMonths());
        return pool.preparedQuery("SELECT drop_device_logs_partitions_before($1)")
                .execute(Tuple.of(keepFrom))
                .map(PartitionMaintenance::names)
                .invoke(dropped -> {
                    if (!dropped.isEmpty()) {
                        Log.infof(
                                "Retention (%d months, keeping from %s): dropped device_logs partitions %s",
                                config.retentionMonths(), keepFrom.withDayOfMonth(1), dropped);
                    }
                });
    }

    /** What retention would drop today, dropping nothing (the operator's dry run). */
    public Uni<RetentionPreview> previewRetention() {
        LocalDate keepFrom = today().minusMonths(config.retentionMonths()).withDayOfMonth(1);
        return pool.preparedQuery("SELECT partition_name, estimated_rows FROM device_logs_partitions_before($1)")
                .execute(Tuple.of(keepFrom))
                .map(rows -> {
                    List<RetentionPreview.Partition> partitions = new ArrayList<>();
                    for (Row row : rows) {
                        partitions.add(new RetentionPreview.Partition(row.getString(0), row.getLong(1)));
                    }
                    return new RetentionPreview(
                            config.retentionEnabled(), config.retentionMonths(), keepFrom, partitions);
                });
    }

    private Uni<List<String>> reportRetentionOff() {
        return previewRetention().map(preview -> {
            if (!preview.wouldDrop().isEmpty()) {
                Log.warnf(
                        "Retention is off (bellsys.ingest.retention-enabled=false): it would drop %d device_logs"
                                + " partitions before %s (%s); turn it on once the migrated logs are verified",
                        preview.wouldDrop().size(),
                        preview.keepFrom(),
                        preview.wouldDrop().stream()
                                .map(RetentionPreview.Partition::name)
                                .toList());
            }
            return List.of();
        });
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static List<String> names(RowSet<Row> rows) {
        List<String> names = new ArrayList<>();
        for (Row row : rows) {
            names.add(row.getString(0));
        }
        return names;
    }
}
