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
 * the mirror is broken for long enough that someone must look. With
 * {@code bellsys.outbox.readiness.gates=false} (staff-auth-service: logins must not stop because the
 * mirror did) the check only reports, and stays UP.
 */
@Readiness
@ApplicationScoped
@IfBuildProperty(name = OutboxWorker.ENABLED, stringValue = "true")
public class OutboxReadiness implements AsyncHealthCheck {

    private final OutboxStats stats;
    private final Duration maxAge;
    private final boolean gates;

    public OutboxReadiness(
            OutboxStats stats,
            @ConfigProperty(name = "bellsys.outbox.ready-max-age", defaultValue = "PT24H") Duration maxAge,
            @ConfigProperty(name = "bellsys.outbox.readiness.gates", defaultValue = "true") boolean gates) {
        this.stats = stats;
        this.maxAge = maxAge;
        this.gates = gates;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return stats.current().map(v -> HealthCheckResponse.named("Firestore outbox")
                .status(!gates || v[1] <= maxAge.toSeconds())
                .withData("depth", v[0])
                .withData("depth_counted_up_to", OutboxStats.DEPTH_COUNTED)
                .withData("oldest_age_seconds", v[1])
                .withData("max_age_seconds", maxAge.toSeconds())
                .build());
    }
}
