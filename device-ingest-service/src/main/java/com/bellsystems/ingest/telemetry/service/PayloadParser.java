package com.bellsystems.ingest.telemetry.service;

import com.bellsystems.ingest.config.IngestConfig;
import com.bellsystems.ingest.device.DeviceSerial;
import com.bellsystems.ingest.device.DeviceTopics;
import com.bellsystems.ingest.telemetry.DeviceRecord;
import com.bellsystems.ingest.telemetry.Rejection;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a topic and payload into a {@link DeviceRecord} or a {@link Rejection}, following
 * docs/mqtt-contract.md. Pure and thread-safe: called on the event loop for every message.
 */
@ApplicationScoped
public class PayloadParser {

    /** The outcome: exactly one of record and rejection is set; detail says what was wrong. */
    public record Result(DeviceRecord record, Rejection rejection, String detail) {
        static Result ok(DeviceRecord record) {
            return new Result(record, null, null);
        }

        static Result reject(Rejection rejection, String detail) {
            return new Result(null, rejection, detail);
        }
    }

    private static final Pattern LEVEL = Pattern.compile("^[A-Z]{1,16}$");
    private static final Set<String> SEVERITIES = Set.of("info", "warning", "critical");
    private static final byte[] NUL_ESCAPE = "\\u0000".getBytes(StandardCharsets.US_ASCII);

    private final DeviceTopics topics;
    private final ObjectMapper mapper;
    private final int maxPayloadBytes;

    public PayloadParser(DeviceTopics topics, ObjectMapper mapper, IngestConfig config) {
        this.topics = topics;
        this.mapper = mapper;
        this.maxPayloadBytes = config.maxPayloadBytes();
    }

    public Result parse(String topic, byte[] payload) {
        DeviceTopics.Parsed parsed = topics.parse(topic);
        if (parsed.kind() == null) {
            return Result.reject(Rejection.UNKNOWN_TOPIC, "topic " + topic);
        }
        if (!DeviceSerial.isValid(parsed.serial())) {
            return Result.reject(Rejection.INVALID_SERIAL, "serial must match " + DeviceSerial.REGEX);
        }
        if (payload.length > maxPayloadBytes) {
            return Result.reject(Rejection.OVERSIZED, payload.length + " bytes > " + maxPayloadBytes);
        }
        if (contains(payload, NUL_ESCAPE)) {
            // Postgres text and jsonb cannot hold NUL; such a message would fail its whole batch
            return Result.reject(Rejection.INVALID_VALUE, "payload contains \\u0000");
        }
        JsonNode root;
        try {
            root = mapper.readTree(payload);
        } catch (JsonProcessingException e) {
            return Result.reject(Rejection.INVALID_JSON, e.getOriginalMessage());
        } catch (IOException e) {
            return Result.reject(Rejection.INVALID_JSON, e.getMessage());
        }
        if (!(root instanceof ObjectNode body)) {
            return Result.reject(Rejection.WRONG_TYPE, "payload must be a JSON object");
        }
        try {
            return Result.ok(
                    switch (parsed.kind()) {
                        case LOG -> log(parsed.serial(), body);
                        case HEARTBEAT -> heartbeat(parsed.serial(), body);
                        case ALERT -> alert(parsed.serial(), body);
                        case COMMAND_ACK -> ack(parsed.serial(), body);
                    });
        } catch (Invalid e) {
            return Result.reject(e.rejection, e.getMessage());
        }
    }

    private DeviceRecord log(String serial, ObjectNode body) {
        String level = requiredText(body, "level").toUpperCase(Locale.ROOT);
        if (!LEVEL.matcher(level).matches()) {
            throw new Invalid(Rejection.INVALID_VALUE, "level must be 1-16 letters");
        }
        return new DeviceRecord.Log(serial, level, requiredText(body, "message"), optionalLong(body, "ts"));
    }

    private DeviceRecord heartbeat(String serial, ObjectNode body) {
        long uptime = requiredLong(body, "uptime_seconds");
        Long rssi = optionalLong(body, "signal_rssi");
        if (rssi != null && (rssi < Integer.MIN_VALUE || rssi > Integer.MAX_VALUE)) {
            throw new Invalid(Rejection.INVALID_VALUE, "signal_rssi out of range");
        }
        return new DeviceRecord.Heartbeat(
                serial,
                optionalText(body, "firmware_version"),
                optionalText(body, "hardware_type"),
                optionalText(body, "ip_address"),
                uptime,
                rssi == null ? null : rssi.intValue(),
                optionalLong(body, "free_memory"),
                body.toString());
    }

    private DeviceRecord alert(String serial, ObjectNode body) {
        String type = requiredText(body, "type");
        String state = optionalText(body, "state");
        if (state != null && state.equals("cleared")) {
            return new DeviceRecord.AlertCleared(serial, type);
        }
        if (state != null && !state.equals("active")) {
            throw new Invalid(Rejection.INVALID_VALUE, "state must be active or cleared");
        }
        String severity = optionalText(body, "severity");
        if (severity == null) {
            severity = "warning";
        } else if (!SEVERITIES.contains(severity)) {
            throw new Invalid(Rejection.INVALID_VALUE, "severity must be one of " + SEVERITIES);
        }
        JsonNode details = body.get("details");
        if (details != null && !details.isNull() && !details.isObject()) {
            throw new Invalid(Rejection.WRONG_TYPE, "details must be an object");
        }
        return new DeviceRecord.Alert(
                serial,
                type,
                severity,
                optionalText(body, "message"),
                details == null || details.isNull() ? "{}" : details.toString());
    }

    private DeviceRecord ack(String serial, ObjectNode body) {
        long id = requiredLong(body, "command_id");
        String status = requiredText(body, "status");
        boolean ok =
                switch (status) {
                    case "ok" -> true;
                    case "error" -> false;
                    default -> throw new Invalid(Rejection.INVALID_VALUE, "status must be ok or error");
                };
        JsonNode response = body.get("response");
        return new DeviceRecord.CommandAck(
                serial, id, ok, response == null || response.isNull() ? null : response.toString());
    }

    private static String requiredText(ObjectNode body, String field) {
        String value = optionalText(body, field);
        if (value == null) {
            throw new Invalid(Rejection.MISSING_FIELD, field + " is required");
        }
        return value;
    }

    private static String optionalText(ObjectNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new Invalid(Rejection.WRONG_TYPE, field + " must be a string");
        }
        return node.textValue();
    }

    private static long requiredLong(ObjectNode body, String field) {
        Long value = optionalLong(body, field);
        if (value == null) {
            throw new Invalid(Rejection.MISSING_FIELD, field + " is required");
        }
        return value;
    }

    private static Long optionalLong(ObjectNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new Invalid(Rejection.WRONG_TYPE, field + " must be an integer");
        }
        return node.longValue();
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** A field-level problem; no stack trace, it is control flow. */
    private static final class Invalid extends RuntimeException {
        final Rejection rejection;

        Invalid(Rejection rejection, String detail) {
            super(detail, null, false, false);
            this.rejection = rejection;
        }
    }

    /** 64-bit FNV-1a of topic and payload: the redelivery dedupe key (docs/mqtt-contract.md). */
    public static long hash(String topic, byte[] payload) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < topic.length(); i++) {
            h = (h ^ topic.charAt(i)) * 0x100000001b3L;
        }
        h = (h ^ 0xff) * 0x100000001b3L;
        for (byte b : payload) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return h;
    }
}
