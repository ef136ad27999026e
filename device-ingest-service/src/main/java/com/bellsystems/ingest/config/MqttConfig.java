package com.bellsystems.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

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

    /**
     * The service's broker account ({@code BELLSYS_MQTT_USERNAME}); the broker refuses anonymous
     * clients. It administers device credentials through the dynamic-security plugin.
     */
    Optional<String> username();

    /** Its password ({@code BELLSYS_MQTT_PASSWORD}, from a secret). */
    Optional<String> password();

    /** TLS to the broker (production); off by default for the loopback broker of bin/start. */
    Tls tls();

    interface Tls {
        /** {@code BELLSYS_MQTT_TLS_ENABLED}: connect with TLS and verify the broker's host name. */
        @WithDefault("false")
        boolean enabled();

        /** PEM file of the CA that signed the broker's certificate ({@code BELLSYS_MQTT_TLS_CA_FILE}); default: the JVM's trust store. */
        Optional<String> caFile();

        /** PEM client certificate and key, when the broker asks for one ({@code BELLSYS_MQTT_TLS_CERT_FILE}, {@code _KEY_FILE}). */
        Optional<String> certFile();

        Optional<String> keyFile();
    }
}
