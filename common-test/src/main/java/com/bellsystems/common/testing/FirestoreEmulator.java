package com.bellsystems.common.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Google's Cloud Firestore emulator (Debian package {@code google-cloud-cli-firestore-emulator}) as
 * a process of the test JVM. One {@link #shared()} instance serves every test of a JVM, or the one
 * bin/test started ({@code BELLSYS_TEST_FIRESTORE_EMULATOR_HOST=host:port}); runs isolate
 * themselves by project id ({@link #newProjectId()}). A test that needs Firestore to die mid-run
 * {@link #start()}s an instance of its own and {@link #stop()}s / {@link #restart()}s it.
 *
 * <p>The emulator keeps its data in memory: after a restart it is empty. The launcher script starts a
 * separate java process, so stopping kills the whole process tree, not just the script.
 */
public final class FirestoreEmulator {

    /** host:port of an emulator that is already running (bin/test starts one for all modules). */
    public static final String EXTERNAL_ENV = "BELLSYS_TEST_FIRESTORE_EMULATOR_HOST";
    /** The launcher, where the Debian package puts it; override with BELLSYS_FIRESTORE_EMULATOR. */
    public static final String DEFAULT_LAUNCHER =
            "/usr/lib/google-cloud-sdk/platform/cloud-firestore-emulator/cloud_firestore_emulator";

    private static final String READY_LINE = "Dev App Server is now running";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private static FirestoreEmulator shared;

    private final String host;
    private final int port;
    private final boolean external;
    private Process process;
    private Path log;

    private FirestoreEmulator(String host, int port, boolean external) {
        this.host = host;
        this.port = port;
        this.external = external;
    }

    /**
     * The JVM's emulator: the external one when {@value #EXTERNAL_ENV} is set, otherwise one started
     * on a free port at the first call and stopped when the JVM exits.
     */
    public static synchronized FirestoreEmulator shared() {
        if (shared == null) {
            String configured = System.getenv(EXTERNAL_ENV);
            if (configured != null && !configured.isBlank()) {
                int colon = configured.lastIndexOf(':');
                shared = new FirestoreEmulator(
                        configured.substring(0, colon), Integer.parseInt(configured.substring(colon + 1)), true);
            } else {
                shared = start();
            }
        }
        return shared;
    }

    /** A new emulator of the caller's own on a free port, stopped at JVM exit at the latest. */
    public static FirestoreEmulator start() {
        return start(freePort());
    }

    public static FirestoreEmulator start(int port) {
        FirestoreEmulator emulator = new FirestoreEmulator("127.0.0.1", port, false);
        emulator.launch();
        Runtime.getRuntime().addShutdownHook(new Thread(emulator::stop, "firestore-emulator-stop"));
        return emulator;
    }

    /** A project id nobody else uses: one per test run, so runs sharing an emulator never meet. */
    public static String newProjectId() {
        return "test-"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** What FIRESTORE_EMULATOR_HOST / bellsys.firestore.emulator-host take. */
    public String hostPort() {
        return host + ":" + port;
    }

    /** True when this JVM started it (only then may it be stopped). */
    public boolean isOwned() {
        return !external;
    }

    public synchronized boolean isRunning() {
        return external ? portOpen() : process != null && process.isAlive();
    }

    /** Kills the emulator (its java process and the launcher) and waits until its port is closed. */
    public synchronized void stop() {
        requireOwned("stop");
        if (process == null) {
            return;
        }
        List<ProcessHandle> tree = process.descendants().toList();
        tree.forEach(ProcessHandle::destroy);
        process.destroy();
        awaitExit(tree);
        process = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (portOpen() && System.nanoTime() < deadline) {
            sleep(100);
        }
    }

    /** Starts it again on the same port (empty: the emulator keeps nothing across a restart). */
    public synchronized void restart() {
        requireOwned("restart");
        stop();
        launch();
    }

    /** Deletes every document of a project (the emulator's own REST endpoint). */
    public void wipe(String projectId) {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://" + hostPort() + "/emulator/v1/projects/" + projectId
                                    + "/databases/(default)/documents"))
                            .timeout(Duration.ofSeconds(60))
                            .DELETE()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(
                        "wiping project " + projectId + " answered " + response.statusCode() + ": " + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("wiping project " + projectId + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void launch() {
        String launcher = System.getenv().getOrDefault("BELLSYS_FIRESTORE_EMULATOR", DEFAULT_LAUNCHER);
        if (!Files.isExecutable(Path.of(launcher))) {
            throw new IllegalStateException("Google's Firestore emulator is not installed (" + launcher
                    + "): apt-get install google-cloud-cli-firestore-emulator (bin/test does)");
        }
        try {
            log = Files.createTempFile("firestore-emulator-" + port + "-", ".log");
            process = new ProcessBuilder(launcher, "start", "--host=" + host, "--port=" + port)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + launcher + ": " + e, e);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            String out = readLog();
            if (out.contains(READY_LINE)) {
                return;
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String why = process.isAlive() ? "not ready after " + START_TIMEOUT.toSeconds() + " s" : "exited";
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process = null;
                throw new IllegalStateException(
                        "Firestore emulator on port " + port + " " + why + "; its output (" + log + "):\n" + out);
            }
            sleep(100);
        }
    }

    private String readLog() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private void requireOwned(String what) {
        if (external) {
            throw new IllegalStateException("cannot " + what + " the emulator at " + hostPort()
                    + ": another process started it; use FirestoreEmulator.start() for one of your own");
        }
    }

    private void awaitExit(List<ProcessHandle> tree) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        for (ProcessHandle p : tree) {
            while (p.isAlive() && System.nanoTime() < deadline) {
                sleep(50);
            }
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
        while (process.isAlive() && System.nanoTime() < deadline) {
            sleep(50);
        }
        process.destroyForcibly();
    }

    private boolean portOpen() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
