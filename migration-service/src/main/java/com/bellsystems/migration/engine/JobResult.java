package com.bellsystems.migration.engine;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** What a successful job reports: counts, the verification line it printed, and any warnings. */
@RegisterForReflection
public record JobResult(long sourceRows, long destRows, String summary, List<String> warnings) {}
