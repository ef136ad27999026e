package com.bellsystems.auth.settings;

import com.bellsystems.auth.support.Jsons;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.mutiny.sqlclient.Row;
import java.time.OffsetDateTime;

/** One console setting (a top-level key of the old Firestore {@code settings} document); value is any JSON. */
@RegisterForReflection
public record Setting(String key, Object value, String updatedBy, OffsetDateTime updatedAt) {

    static final String COLUMNS = "key, value::text AS value, updated_by, updated_at";

    static Setting from(Row row) {
        return new Setting(
                row.getString("key"),
                Jsons.decode(row.getString("value")),
                row.getString("updated_by"),
                row.getOffsetDateTime("updated_at"));
    }
}
