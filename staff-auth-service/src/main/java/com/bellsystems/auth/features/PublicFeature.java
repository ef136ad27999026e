package com.bellsystems.auth.features;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/** One public feature flag (the old Firestore {@code public_features} document): on/off plus its config object. */
@RegisterForReflection
public record PublicFeature(
        String feature, boolean enabled, Map<String, Object> config, String updatedBy, OffsetDateTime updatedAt) {

    /** The fields a change diffs. */
    public Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("enabled", enabled);
        m.put("config", config);
        return m;
    }
}
