package com.bellsystems.ingest.mqtt;

import com.bellsystems.ingest.config.IngestConfig;
import com.bellsystems.ingest.config.MqttConfig;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mqtt.MqttClientOptions;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Options every MQTT client of the service shares: the service account, TLS when configured, and
 * a decoder limit derived from {@code bellsys.ingest.max-payload-bytes}, so a PUBLISH larger than
 * that is refused from its header instead of being read whole into memory.
 */
@ApplicationScoped
public class BrokerClients {

    /**
     * Room for the rest of a PUBLISH besides its payload (topic length field, topic, packet id):
     * our topics are the prefix plus at most 54 bytes.
     */
    static final int HEADER_ALLOWANCE = 1024;

    private final MqttConfig mqtt;
    private final int decoderLimit;

    public BrokerClients(MqttConfig mqtt, IngestConfig ingest) {
        this.mqtt = mqtt;
        this.decoderLimit = ingest.maxPayloadBytes() + HEADER_ALLOWANCE;
    }

    /** The largest MQTT packet (remaining length) the service's clients decode. */
    public int decoderLimit() {
        return decoderLimit;
    }

    public MqttClientOptions options(String clientId) {
        MqttClientOptions options = new MqttClientOptions()
                .setClientId(clientId)
                .setAutoKeepAlive(true)
                .setKeepAliveInterval(30)
                .setMaxMessageSize(decoderLimit);
        mqtt.username().ifPresent(options::setUsername);
        mqtt.password().ifPresent(options::setPassword);
        MqttConfig.Tls tls = mqtt.tls();
        if (tls.enabled()) {
            options.setSsl(true).setHostnameVerificationAlgorithm("HTTPS");
            tls.caFile().ifPresent(ca -> options.setTrustOptions(new PemTrustOptions().addCertPath(ca)));
            if (tls.certFile().isPresent() && tls.keyFile().isPresent()) {
                options.setKeyCertOptions(new PemKeyCertOptions()
                        .setCertPath(tls.certFile().get())
                        .setKeyPath(tls.keyFile().get()));
            }
        }
        return options;
    }

    public String describe() {
        return mqtt.host() + ":" + mqtt.port() + (mqtt.tls().enabled() ? " (TLS)" : "")
                + mqtt.username().map(u -> " as " + u).orElse(" anonymously");
    }
}
