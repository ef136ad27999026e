package com.bellsystems.firestore.outbox;

import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports the outbox depth and oldest age in readiness. A Firestore outage must not take the
 * Console's CRM down, so the check stays UP while writes queue; it turns DOWN only when the oldest
 * pending write is older than {@code bellsys.outbox.ready-max-age} (default 24 h), i.e. when
 * the mirror is broken for long enough that someone must look.
 */
@Readiness
@ApplicationScoped
@IfBuildProperty(name = OutboxWorker.ENABLED, stringValue = "true")
public class OutboxReadiness implements AsyncHealthCheck {

    private final OutboxStats stats;
    private final Duration maxAge;

    public OutboxReadiness(
            OutboxStats stats,
            @ConfigProperty(name = "bellsys.outbox.ready-max-age", defaultValue = "PT24H") Duration maxAge) {
        this.stats = stats;
        this.maxAge = maxAge;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return stats.current().map(v -> HealthCheckResponse.named("Firestore outbox")
                .status(v[1] <= maxAge.toSeconds())
                .withData("depth", v[0])
                .withData("oldest_age_seconds", v[1])
                .withData("max_age_seconds", maxAge.toSeconds())
                .build());
    }
}
