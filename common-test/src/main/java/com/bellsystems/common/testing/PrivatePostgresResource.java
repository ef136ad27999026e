package com.bellsystems.common.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Postgres cluster of the test run's own (initdb in a temp dir, a free port on 127.0.0.1, socket
 * in that dir), for tests that stop or restart the database: the machine's shared Postgres is
 * never touched. Run as the {@code postgres} OS user when the tests run as root (Postgres refuses
 * root). Binaries: BELLSYS_TEST_PG_BINDIR, else the newest /usr/lib/postgresql/N/bin.
 * <p>
 * Returns the same keys as {@link TestDatabaseResource} plus {@code bellsys.test.private-pg.*}, which
 * {@link #stopCluster} and {@link #startCluster} need.
 */
public class PrivatePostgresResource implements QuarkusTestResourceLifecycleManager {

    private Path dir;
    private int port;

    @Override
    public Map<String, String> start() {
        try {
            port = freePort();
            dir = Files.createTempDirectory("bellsys-pg-");
            if (asRoot()) {
                run(List.of("chown", "postgres:postgres", dir.toString()));
            }
            Path data = dir.resolve("data");
            run(pg(
                    "initdb",
                    "-D",
                    data.toString(),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "--encoding=UTF8",
                    "--locale=C",
                    "--no-sync"));
            start(dir.toString(), port);
            // a test JVM that exits without stopping its resources must not leave a postmaster behind
            Path started = dir;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stopQuietly(started)));
            String run = UUID.randomUUID()
                    .toString()
                    .replace("-", "")
                    .substring(0, 12)
                    .toLowerCase(Locale.ROOT);
            String database = "bellsys_test_" + run;
            try (Connection c = DriverManager.getConnection(jdbcUrl(port, "postgres"), "postgres", "");
                    Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + database);
            }
            return Map.of(
                    "quarkus.datasource.jdbc.url",
                    jdbcUrl(port, database),
                    "quarkus.datasource.reactive.url",
                    "postgresql://127.0.0.1:" + port + "/" + database,
                    "quarkus.datasource.username",
                    "postgres",
                    "bellsys.mqtt.topic-prefix",
                    "test-" + run,
                    "bellsys.test.database",
                    database,
                    "bellsys.test.private-pg.dir",
                    dir.toString(),
                    "bellsys.test.private-pg.port",
                    Integer.toString(port));
        } catch (IOException | SQLException e) {
            stop();
            throw new IllegalStateException("Private Postgres cluster did not start", e);
        }
    }

    @Override
    public void stop() {
        if (dir != null) {
            stopQuietly(dir);
            dir = null;
        }
    }

    private static synchronized void stopQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            if (Files.exists(dir.resolve("data/postmaster.pid"))) {
                run(pg("pg_ctl", "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop"));
            }
        } catch (RuntimeException | IOException e) {
            // best effort: the directory goes anyway
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp dir left behind is harmless
        }
    }

    /** Stops the cluster ({@code pg_ctl stop -m fast}: clients are disconnected). */
    public static void stopCluster(String dir) {
        try {
            run(pg("pg_ctl", "-D", Path.of(dir, "data").toString(), "-m", "fast", "-w", "stop"));
        } catch (IOException e) {
            throw new IllegalStateException("Private Postgres stop failed", e);
        }
    }

    /** Starts the stopped cluster again and returns once it accepts connections. */
    public static void startCluster(String dir, int port) {
        try {
            start(dir, port);
        } catch (IOException e) {
            throw new IllegalStateException("Private Postgres start failed", e);
        }
    }

    private static void start(String dir, int port) throws IOException {
        run(pg(
                "pg_ctl",
                "-D",
                Path.of(dir, "data").toString(),
                "-l",
                Path.of(dir, "postgres.log").toString(),
                "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off",
                "-w",
                "-t",
                "60",
                "start"));
    }

    private static String jdbcUrl(int port, String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private static boolean asRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** A Postgres program as the postgres OS user when we are root. */
    private static List<String> pg(String program, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        if (asRoot()) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(binDir().resolve(program).toString());
        command.addAll(List.of(args));
        return command;
    }

    private static Path binDir() throws IOException {
        String configured = System.getenv("BELLSYS_TEST_PG_BINDIR");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.filter(p -> Files.isExecutable(p.resolve("bin/initdb")))
                    .max(Comparator.comparingInt(
                            p -> Integer.parseInt(p.getFileName().toString().replaceAll("\\D", "0"))))
                    .map(p -> p.resolve("bin"))
                    .orElseThrow(
                            () -> new IOException("no /usr/lib/postgresql/N/bin/initdb; set BELLSYS_TEST_PG_BINDIR"));
        }
    }

    private static void run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        // pg_ctl start leaves the postmaster holding stdout: read with a bound, never to EOF
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("timed out: " + command);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + command, e);
        }
        if (process.exitValue() != 0) {
            String output = new String(process.getInputStream().readNBytes(8192), StandardCharsets.UTF_8);
            throw new IOException(command + " exited " + process.exitValue() + ": " + output);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
