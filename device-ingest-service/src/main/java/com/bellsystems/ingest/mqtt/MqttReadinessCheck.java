package com.bellsystems.ingest.mqtt;

import com.bellsystems.ingest.telemetry.service.IngestBatcher;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while every MQTT session is subscribed and device batches commit. While Postgres
 * refuses batches the service holds its messages unacknowledged and says so here, so a load
 * balancer or operator sees why the stream has stopped.
 */
@Readiness
@ApplicationScoped
public class MqttReadinessCheck implements HealthCheck {

    private final MqttConnections connections;
    private final BrokerControl control;
    private final IngestBatcher batcher;

    public MqttReadinessCheck(MqttConnections connections, BrokerControl control, IngestBatcher batcher) {
        this.connections = connections;
        this.control = control;
        this.batcher = batcher;
    }

    @Override
    public HealthCheckResponse call() {
        int connected = connections.connected();
        int expected = connections.expected();
        boolean store = batcher.storeHealthy();
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("MQTT device ingest")
                .status(expected > 0 && connected == expected && store && control.isReady())
                .withData("mqtt_connections", connected + "/" + expected)
                .withData("mqtt_control_connection", control.isReady())
                .withData("store_accepting", store)
                .withData("unacknowledged_messages", batcher.pending());
        if (batcher.lastError() != null) {
            builder.withData("last_store_error", batcher.lastError());
        }
        return builder.build();
    }
}
