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

    static final String USAGE =
            """
            usage: migrate <job>|phase1|phase2|phase3 [--override <reason>]
                   verify [<job>|phase1|phase2|phase3] [--json] [--sample N]   (default: phase1)
                   schema-check            what start-up would do with this database; changes nothing
              options: --sqlite <file>      legacy SQLite file (default: bellsys.migration.sqlite-path)
                       --override <reason>  run although the plan's prerequisites are not met
                                            (logged and stored with the run)
            jobs: %s""";

    private final MigrationRunner runner;
    private final JobRegistry registry;
    private final VerificationService verification;
    private final ObjectMapper json;

    public MigrationCli(
            MigrationRunner runner, JobRegistry registry, VerificationService verification, ObjectMapper json) {
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
        String override = option(args, "--override").orElse(null);
        boolean asJson = args.remove("--json");
        try {
            if (args.size() == 2 && args.get(0).equals("migrate")) {
                return migrate(args.get(1), source, override, every, out);
            }
            if (args.size() <= 2 && !args.isEmpty() && args.get(0).equals("verify")) {
                String what = args.size() == 2 ? args.get(1) : "phase1";
                VerificationReport report = phase(what) != null
                        ? verification.verifyPhase(phase(what), source, sample)
                        : verification.verifyJob(what, source, sample);
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
        out.println(String.format(
                USAGE,
                String.join(
                        ", ", registry.all().stream().map(MigrationJob::name).toList())));
        return 1;
    }

    /** The phase a {@code phaseN} argument names, or null for a job name. */
    private static Integer phase(String what) {
        return what.matches("phase[0-9]+") ? Integer.valueOf(what.substring("phase".length())) : null;
    }

    private int migrate(String what, Path source, String override, long everySeconds, PrintStream out) {
        List<MigrationJob> jobs;
        if (phase(what) != null) {
            int phase = phase(what);
            jobs = registry.phase(phase);
            if (jobs.isEmpty()) {
                throw ProblemException.notFound("migration phase", phase);
            }
        } else {
            jobs = registry.job(what).map(List::of).orElseThrow(() -> ProblemException.notFound("migration job", what));
        }
        AtomicReference<Progress> current = new AtomicReference<>();
        AtomicReference<String> currentJob = new AtomicReference<>();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "migration-progress");
            t.setDaemon(true);
            return t;
        });
        // On a terminal: one progress bar redrawn in place every second. Otherwise (logs, CI):
        // a plain line every few seconds.
        boolean tty = System.console() != null && out == System.out;
        long period = tty ? 1 : everySeconds;
        ticker.scheduleAtFixedRate(
                () -> {
                    Progress p = current.get();
                    if (p != null) {
                        if (tty) {
                            out.print("\r" + progressBar(currentJob.get(), p.view()) + "\u001b[K");
                            out.flush();
                        } else {
                            out.println(p.view().line(currentJob.get()));
                        }
                    }
                },
                period,
                period,
                TimeUnit.SECONDS);
        int[] index = {0};
        try {
            boolean ok = runner.runNow(
                    jobs,
                    source,
                    override,
                    message -> {
                        if (tty) {
                            out.print("\r\u001b[K"); // clear the bar before a job's own line
                        }
                        out.println(message);
                    },
                    p -> {
                        currentJob.set(
                                jobs.get(Math.min(index[0]++, jobs.size() - 1)).name());
                        current.set(p);
                    });
            return ok ? 0 : 1;
        } finally {
            ticker.shutdownNow();
            out.println(String.format(
                    "peak heap used: %d MB (max %d MB)",
                    peakHeapBytes() >> 20, Runtime.getRuntime().maxMemory() >> 20));
        }
    }

    /** Sum of the heap pools' peak usage since start: an upper bound on the peak heap. */
    static long peakHeapBytes() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed())
                .sum();
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

    /** {@code job [#########-----------]  45%  12,345/27,000 rows  5,021 rows/s  ETA 3s}. */
    static String progressBar(String job, Progress.View v) {
        int width = 30;
        int filled = v.rowsTotal() != null && v.rowsTotal() > 0
                ? (int) Math.min(width, v.rowsDone() * width / v.rowsTotal())
                : 0;
        String pct = v.rowsTotal() != null && v.rowsTotal() > 0
                ? String.format("%3d%%", Math.min(100, v.rowsDone() * 100 / v.rowsTotal()))
                : "  ?%";
        return String.format(
                "%-20s [%s%s] %s  %,d/%s rows  %,d rows/s  ETA %s",
                job,
                "#".repeat(filled),
                "-".repeat(width - filled),
                pct,
                v.rowsDone(),
                v.rowsTotal() == null ? "?" : String.format("%,d", v.rowsTotal()),
                v.rowsPerSecond(),
                v.etaSeconds() == null ? "-" : v.etaSeconds() + "s");
    }
}
