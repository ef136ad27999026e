package com.bellsystems.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The broker this service reads from and publishes commands to ({@code bellsys.mqtt.*}, shared defaults in common). */
@ConfigMapping(prefix = "bellsys.mqtt")
public interface MqttConfig {

    String host();

    int port();

    /** Every topic starts with this, e.g. {@code bellsys/devices/<serial>/logs}. */
    String topicPrefix();

    /**
     * Base client id, unique per replica and fixed across its restarts (the broker keeps the
     * session's unacknowledged messages under it); connection i uses {@code <client-id>-<i>}.
     */
    @WithDefault("bellsys-ingest")
    String clientId();
}
