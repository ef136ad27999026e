package com.bellsystems.migration.schema;

import com.bellsystems.common.schema.SchemaCheck;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** The schema check as the admin endpoint returns it; {@code text} is what the CLI prints. */
@RegisterForReflection
public record SchemaCheckView(
        String state,
        boolean canStart,
        String summary,
        String alembicRevision,
        List<String> differences,
        List<String> notes,
        List<String> pending,
        String text) {

    static SchemaCheckView of(SchemaCheck check) {
        return new SchemaCheckView(
                check.state().name().toLowerCase(java.util.Locale.ROOT),
                check.canStart(),
                check.summary(),
                check.alembicRevision(),
                check.diff() == null ? List.of() : check.diff().differences(),
                check.diff() == null ? List.of() : check.diff().notes(),
                check.pending(),
                check.text());
    }
}
