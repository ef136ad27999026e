package com.bellsystems.ingest.firmware;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row of {@code firmware_versions}: a build a device of {@code hwType} may be told to install
 * (OTA command). {@code retiredAt} set means no new OTA command may name it; the row stays, since
 * commands already sent and devices in the field still refer to it.
 */
@RegisterForReflection
public record Firmware(
        String id,
        String hwType,
        String channel,
        String version,
        String filename,
        String downloadUrl,
        Long sizeBytes,
        String sha256,
        String changelog,
        boolean mandatory,
        @JsonRawValue String metadata,
        OffsetDateTime uploadedAt,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        OffsetDateTime retiredAt) {

    public boolean retired() {
        return retiredAt != null;
    }

    /**
     * The fields an audit diff compares (what a staff member changes): the row's columns without
     * its identity and times, {@code retired_at} as text.
     */
    public Map<String, Object> auditFields() {
        Map<String, Object> m = row();
        m.keySet().removeAll(List.of("id", "uploaded_at", "created_at"));
        m.put("retired_at", retiredAt == null ? null : retiredAt.toString());
        return m;
    }

    /**
     * The row as column -> value, for the Firestore mirror ({@code FirmwareRepository.MIRROR} picks
     * the mirrored columns from it).
     */
    public Map<String, Object> row() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("hw_type", hwType);
        m.put("channel", channel);
        m.put("version", version);
        m.put("filename", filename);
        m.put("download_url", downloadUrl);
        m.put("size_bytes", sizeBytes);
        m.put("sha256", sha256);
        m.put("changelog", changelog);
        m.put("mandatory", mandatory);
        m.put("metadata", metadata == null ? null : new JsonObject(metadata).getMap());
        m.put("uploaded_at", uploadedAt);
        m.put("created_at", createdAt);
        m.put("retired_at", retiredAt);
        return m;
    }

    /** {@code hw_type/channel/version}, the label shown in the audit log. */
    public String label() {
        return hwType + "/" + channel + "/" + version;
    }
}
