package com.bellsystems.auth.features;

import com.bellsystems.auth.support.Jsons;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.mutiny.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/** One public feature flag (the old Firestore {@code public_features} document): on/off plus its config object. */
@RegisterForReflection
public record PublicFeature(
        String feature, boolean enabled, Map<String, Object> config, String updatedBy, OffsetDateTime updatedAt) {

    static final String COLUMNS = "feature, enabled, config::text AS config, updated_by, updated_at";

    static PublicFeature from(Row row) {
        Map<String, Object> config = Jsons.decodeMap(row.getString("config"));
        return new PublicFeature(
                row.getString("feature"),
                Boolean.TRUE.equals(row.getBoolean("enabled")),
                config == null ? Map.of() : config,
                row.getString("updated_by"),
                row.getOffsetDateTime("updated_at"));
    }

    Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("enabled", enabled);
        m.put("config", config);
        return m;
    }
}
