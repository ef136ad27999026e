package com.bellsystems.migration.engine;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The plan's order, enforced for every job whichever way it is started (API, CLI, a phase or one
 * job): every job of an earlier phase must have succeeded once (Phase 2 after Phase 1, staff in
 * Phase 3 after all of Phase 2, the orders included), and a job's own {@link
 * MigrationJob#requires() requirements} (crm_orders after crm_customers) too. The runner refuses
 * a job with these reasons unless the operator overrides them, which is logged and stored with
 * the run.
 */
@ApplicationScoped
public class Prerequisites {

    private final JobRegistry registry;
    private final AgroalDataSource dataSource;

    public Prerequisites(JobRegistry registry, AgroalDataSource dataSource) {
        this.registry = registry;
        this.dataSource = dataSource;
    }

    /** Why {@code job} may not run yet, one sentence per unmet prerequisite; empty when it may. */
    public List<String> unmet(MigrationJob job) {
        Set<String> succeeded = succeeded();
        List<String> reasons = new ArrayList<>();
        Map<Integer, List<String>> missingByPhase = new TreeMap<>();
        for (MigrationJob earlier : registry.all()) {
            if (earlier.phase() < job.phase() && !succeeded.contains(earlier.name())) {
                missingByPhase
                        .computeIfAbsent(earlier.phase(), p -> new ArrayList<>())
                        .add(earlier.name());
            }
        }
        missingByPhase.forEach((phase, jobs) -> reasons.add(String.format(
                "Phase %d must be complete before Phase %d, and %s not succeeded yet",
                phase, job.phase(), String.join(", ", jobs) + (jobs.size() == 1 ? " has" : " have"))));
        for (MigrationJob.Requirement r : job.requires()) {
            if (!succeeded.contains(r.job())) {
                String step = registry.job(r.job()).map(MigrationJob::step).orElse("?");
                reasons.add(String.format(
                        "%s has not run successfully yet; %s, so run %s (step %s) before %s (step %s)",
                        r.job(), r.reason(), r.job(), step, job.name(), job.step()));
            }
        }
        return reasons;
    }

    private Set<String> succeeded() {
        Set<String> out = new HashSet<>();
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT DISTINCT script_name FROM _migration_runs WHERE success")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new MigrationException("cannot read _migration_runs: " + e.getMessage(), e);
        }
        return out;
    }
}
