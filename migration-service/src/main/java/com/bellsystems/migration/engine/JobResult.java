package com.bellsystems.migration.engine;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * What a successful job reports: counts (source rows, those in Postgres, and how many of them this
 * run inserted: all of them on a first run, the caught-up ones on a re-run), the verification line
 * it printed, and any warnings.
 */
@RegisterForReflection
public record JobResult(long sourceRows, long destRows, long newRows, String summary, List<String> warnings) {}
