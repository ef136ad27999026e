package com.bellsystems.migration.verify;

import com.bellsystems.common.problem.ProblemException;
import com.bellsystems.migration.engine.JobContext;
import com.bellsystems.migration.engine.JobRegistry;
import com.bellsystems.migration.engine.MigrationJob;
import com.bellsystems.migration.engine.Progress;
import com.bellsystems.migration.engine.TableReport;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the verification checklist for one job or a whole phase (read-only on both sides). */
@ApplicationScoped
public class VerificationService {

    public static final int DEFAULT_SAMPLE = 10;

    private final JobRegistry registry;
    private final AgroalDataSource dataSource;
    private final ObjectMapper json;

    public VerificationService(JobRegistry registry, AgroalDataSource dataSource, ObjectMapper json) {
        this.registry = registry;
        this.dataSource = dataSource;
        this.json = json;
    }

    /** One job's checklist; {@code phase1}, {@code phase2}, ... name a whole phase (CLI and API alike). */
    public VerificationReport verifyJob(String name, Path source, int sample) {
        if (name.matches("phase[0-9]{1,2}")) {
            return verifyPhase(Integer.parseInt(name.substring("phase".length())), source, sample);
        }
        MigrationJob job = registry.job(name).orElseThrow(() -> ProblemException.notFound("migration job", name));
        return report("job " + name, List.of(job), source, sample);
    }

    public VerificationReport verifyPhase(int phase, Path source, int sample) {
        List<MigrationJob> jobs = registry.phase(phase);
        if (jobs.isEmpty()) {
            throw ProblemException.notFound("migration phase", phase);
        }
        return report("phase " + phase, jobs, source, sample);
    }

    private VerificationReport report(String scope, List<MigrationJob> jobs, Path source, int sample) {
        List<TableReport> tables = new ArrayList<>();
        for (MigrationJob job : jobs) {
            JobContext ctx = new JobContext(dataSource, source, json, new Progress(), line -> Log.info(line));
            try {
                tables.add(job.verify(ctx, sample));
            } catch (Exception e) {
                tables.add(new TableReport(
                        job.name(),
                        job.name(),
                        false,
                        -1,
                        -1,
                        0,
                        List.of(new TableReport.Check("verification ran", false, String.valueOf(e.getMessage()))),
                        List.of()));
            }
        }
        return new VerificationReport(tables.stream().allMatch(TableReport::ok), scope, tables);
    }
}
