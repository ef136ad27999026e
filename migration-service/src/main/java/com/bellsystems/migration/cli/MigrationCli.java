package com.bellsystems.migration.cli;

import com.bellsystems.common.problem.ProblemException;
import com.bellsystems.migration.engine.JobRegistry;
import com.bellsystems.migration.engine.MigrationJob;
import com.bellsystems.migration.engine.MigrationRunner;
import com.bellsystems.migration.engine.Progress;
import com.bellsystems.migration.verify.VerificationReport;
import com.bellsystems.migration.verify.VerificationService;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The CLI commands, for an operator on the box. Output is plain lines (progress every few seconds
 * while a job runs), fit for a terminal, a log file or CI.
 */
@ApplicationScoped
public class MigrationCli {

    static final String USAGE = """
            usage: migrate <job> | migrate phase1 | verify [job] [--json] [--sample N]
              options: --sqlite <file>  legacy SQLite file (default: bellsys.migration.sqlite-path)
            jobs: %s""";

    private final MigrationRunner runner;
    private final JobRegistry registry;
    private final VerificationService verification;
    private final ObjectMapper json;

    public MigrationCli(MigrationRunner runner, JobRegistry registry, VerificationService verification,
                        ObjectMapper json) {
        this.runner = runner;
        this.registry = registry;
        this.verification = verification;
        this.json = json;
    }

    /** Runs one command; returns the process exit code. */
    public int run(String[] argv, PrintStream out) {
        List<String> args = new ArrayList<>(List.of(argv));
        Path source = option(args, "--sqlite").map(Path::of).orElse(runner.sqlitePath());
        int sample = option(args, "--sample").map(Integer::parseInt).orElse(VerificationService.DEFAULT_SAMPLE);
        long every = option(args, "--progress-seconds").map(Long::parseLong).orElse(5L);
        boolean asJson = args.remove("--json");
        try {
            if (args.size() == 2 && args.get(0).equals("migrate")) {
                return migrate(args.get(1), source, every, out);
            }
            if (args.size() <= 2 && !args.isEmpty() && args.get(0).equals("verify")) {
                VerificationReport report = args.size() == 2
                        ? verification.verifyJob(args.get(1), source, sample)
                        : verification.verifyPhase(1, source, sample);
                out.println(asJson ? json.writerWithDefaultPrettyPrinter().writeValueAsString(report) : report.text());
                return report.ok() ? 0 : 1;
            }
        } catch (ProblemException e) {
            out.println("error: " + e.getMessage());
            return 1;
        } catch (Exception e) {
            out.println("error: " + e);
            return 1;
        }
        out.println(String.format(USAGE, String.join(", ", registry.all().stream().map(MigrationJob::name).toList())));
        return 1;
    }

    private int migrate(String what, Path source, long everySeconds, PrintStream out) {
        List<MigrationJob> jobs;
        if (what.equals("phase1")) {
            jobs = registry.phase(1);
        } else {
            jobs = registry.job(what).map(List::of)
                    .orElseThrow(() -> ProblemException.notFound("migration job", what));
        }
        AtomicReference<Progress> current = new AtomicReference<>();
        AtomicReference<String> currentJob = new AtomicReference<>();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "migration-progress");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(() -> {
            Progress p = current.get();
            if (p != null) {
                out.println(p.view().line(currentJob.get()));
            }
        }, everySeconds, everySeconds, TimeUnit.SECONDS);
        int[] index = {0};
        try {
            boolean ok = runner.runNow(jobs, source, out::println, p -> {
                currentJob.set(jobs.get(Math.min(index[0]++, jobs.size() - 1)).name());
                current.set(p);
            });
            return ok ? 0 : 1;
        } finally {
            ticker.shutdownNow();
            out.println(String.format("peak heap used: %d MB (max %d MB)", peakHeapBytes() >> 20,
                    Runtime.getRuntime().maxMemory() >> 20));
        }
    }

    /** Sum of the heap pools' peak usage since start: an upper bound on the peak heap. */
    static long peakHeapBytes() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    private static Optional<String> option(List<String> args, String name) {
        int i = args.indexOf(name);
        if (i < 0 || i + 1 >= args.size()) {
            return Optional.empty();
        }
        String v = args.get(i + 1);
        args.remove(i + 1);
        args.remove(i);
        return Optional.of(v);
    }
}
