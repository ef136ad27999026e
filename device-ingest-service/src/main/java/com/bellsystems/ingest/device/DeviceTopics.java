package com.bellsystems.ingest.device;

import com.bellsystems.ingest.config.IngestConfig;
import com.bellsystems.ingest.config.MqttConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The topic layout of docs/mqtt-contract.md: {@code <prefix>/devices/<serial>/<kind>} inbound,
 * {@code <prefix>/devices/<serial>/commands} outbound. Built and parsed only here.
 */
@ApplicationScoped
public class DeviceTopics {

    /** What a device publishes, by the topic's tail after the serial. */
    public enum Kind {
        LOG("logs"),
        HEARTBEAT("heartbeat"),
        ALERT("alerts"),
        COMMAND_ACK("commands/ack");

        public final String suffix;

        Kind(String suffix) {
            this.suffix = suffix;
        }
    }

    /** A parsed inbound topic: kind null when the tail is not one of ours, serial as found (not yet validated). */
    public record Parsed(Kind kind, String serial) {}

    private final String devicesRoot;
    private final String sharedGroup;

    public DeviceTopics(MqttConfig mqtt, IngestConfig ingest) {
        this.devicesRoot = mqtt.topicPrefix() + "/devices/";
        String group = ingest.sharedGroup().trim();
        this.sharedGroup = group.isEmpty() || group.equalsIgnoreCase("none") ? null : group;
    }

    public boolean shared() {
        return sharedGroup != null;
    }

    /** The QoS 1 subscriptions: one filter per inbound kind, through the shared group when set. */
    public Map<String, Integer> subscriptions() {
        Map<String, Integer> filters = new LinkedHashMap<>();
        for (Kind kind : Kind.values()) {
            String filter = devicesRoot + "+/" + kind.suffix;
            filters.put(sharedGroup == null ? filter : "$share/" + sharedGroup + "/" + filter, 1);
        }
        return filters;
    }

    public String commandTopic(String serial) {
        return devicesRoot + serial + "/commands";
    }

    public String topic(String serial, Kind kind) {
        return devicesRoot + serial + "/" + kind.suffix;
    }

    public Parsed parse(String topic) {
        if (topic == null || !topic.startsWith(devicesRoot)) {
            return new Parsed(null, null);
        }
        String rest = topic.substring(devicesRoot.length());
        int slash = rest.indexOf('/');
        if (slash <= 0) {
            return new Parsed(null, null);
        }
        String serial = rest.substring(0, slash);
        String tail = rest.substring(slash + 1);
        for (Kind kind : Kind.values()) {
            if (kind.suffix.equals(tail)) {
                return new Parsed(kind, serial);
            }
        }
        return new Parsed(null, serial);
    }
}
