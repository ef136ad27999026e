package com.bellsystems.migration.verify;

import com.bellsystems.migration.engine.TableReport;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** The verification report for a job or a phase: JSON for the API, {@link #text()} for people. */
@RegisterForReflection
public record VerificationReport(boolean ok, String scope, List<TableReport> tables) {

    public String text() {
        StringBuilder sb = new StringBuilder("Verification of ")
                .append(scope)
                .append(": ")
                .append(ok ? "PASS" : "FAIL")
                .append('\n');
        tables.forEach(t -> sb.append(t.text()));
        return sb.toString();
    }
}
