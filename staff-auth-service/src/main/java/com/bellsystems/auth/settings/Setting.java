package com.bellsystems.auth.settings;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.OffsetDateTime;

/** One console setting (a top-level key of the old Firestore {@code settings} document); value is any JSON. */
@RegisterForReflection
public record Setting(String key, Object value, String updatedBy, OffsetDateTime updatedAt) {}
