package com.bellsystems.migration.engine;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * The spec's verification checklist for one table: counts, sampled rows compared field by field
 * after conversion, time columns are timestamptz, no JSON array column holds null.
 */
@RegisterForReflection
public record TableReport(
        String job,
        String table,
        boolean ok,
        long sourceRows,
        long postgresRows,
        int sampledRows,
        List<Check> checks,
        List<Mismatch> mismatches) {

    /** One named check and whether it passed. */
    @RegisterForReflection
    public record Check(String name, boolean ok, String detail) {}

    /** A sampled field whose Postgres value differs from the converted legacy value. */
    @RegisterForReflection
    public record Mismatch(String key, String column, String expected, String actual) {}

    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append(ok ? "[PASS] " : "[FAIL] ")
                .append(table)
                .append(" (")
                .append(job)
                .append(")\n");
        for (Check c : checks) {
            sb.append("  ")
                    .append(c.ok() ? "ok   " : "FAIL ")
                    .append(c.name())
                    .append(": ")
                    .append(c.detail())
                    .append('\n');
        }
        for (Mismatch m : mismatches) {
            sb.append("    ")
                    .append(m.key())
                    .append(" ")
                    .append(m.column())
                    .append(": expected ")
                    .append(m.expected())
                    .append(", found ")
                    .append(m.actual())
                    .append('\n');
        }
        return sb.toString();
    }
}
