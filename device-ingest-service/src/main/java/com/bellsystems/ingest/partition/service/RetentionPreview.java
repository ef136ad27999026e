package com.bellsystems.ingest.partition.service;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.LocalDate;
import java.util.List;

/**
 * The retention dry run: whether retention is on, what it keeps, and the partitions it would drop
 * today with the planner's row estimates, so an operator sees what turning it on costs.
 */
@RegisterForReflection
public record RetentionPreview(boolean enabled, int retentionMonths, LocalDate keepFrom, List<Partition> wouldDrop) {

    @RegisterForReflection
    public record Partition(String name, long estimatedRows) {}
}
