package com.bellsystems.common.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.security.spec.KeySpec;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A private Mosquitto per test run, independent of any broker on the machine: our deploy config
 * ({@code deploy/mosquitto/conf.d/bellsys.conf}, so anonymous clients are refused and the limits
 * are the production ones), the dynamic-security plugin with per-run generated accounts, on a free
 * loopback port, in a temp dir removed at the end.
 * <p>
 * Accounts: the service's ({@code bellsys.mqtt.username/password}, the plugin's administrator, as
 * {@code mosquitto_ctrl dynsec init} makes it) and a test account that may publish and subscribe to
 * every topic ({@code bellsys.test.mqtt.username/password}), to play any number of devices.
 * Device accounts with the real ACLs come from the service's provisioning endpoint.
 * <p>
 * Each init arg is one more broker option, appended after our config (later values win), e.g.
 * {@code @ResourceArg(name = "max_inflight_messages", value = "20")}. The run's broker window is
 * returned as {@code bellsys.test.mqtt.max-inflight}.
 */
public class MosquittoResource implements QuarkusTestResourceLifecycleManager {

    public static final String SERVICE_USER = "bellsys-service";
    public static final String TEST_USER = "bellsys-test-anything";

    private static final List<String> PLUGIN_PATHS = List.of(
            "/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so",
            "/usr/lib/aarch64-linux-gnu/mosquitto_dynamic_security.so",
            "/usr/lib/mosquitto_dynamic_security.so",
            "/usr/local/lib/mosquitto_dynamic_security.so");

    private final Map<String, String> overrides = new LinkedHashMap<>();
    private Process broker;
    private Path dir;

    @Override
    public void init(Map<String, String> initArgs) {
        overrides.putAll(initArgs);
    }

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("bellsys-mosquitto-");
            Files.createDirectories(dir.resolve("data"));
            String servicePassword = randomSecret();
            String testPassword = randomSecret();
            Files.writeString(dir.resolve("dynamic-security.json"), dynsecFile(servicePassword, testPassword));
            int port = freePort();
            Path shared = sharedConfigDir();
            StringBuilder conf = new StringBuilder()
                    .append("listener ")
                    .append(port)
                    .append(" 127.0.0.1\n")
                    .append("persistence_location ")
                    .append(dir.resolve("data"))
                    .append("/\n")
                    .append("plugin ")
                    .append(plugin())
                    .append('\n')
                    .append("plugin_opt_config_file ")
                    .append(dir.resolve("dynamic-security.json"))
                    .append('\n')
                    .append("include_dir ")
                    .append(shared)
                    .append('\n');
            overrides.forEach((k, v) -> conf.append(k).append(' ').append(v).append('\n'));
            Path confFile = dir.resolve("mosquitto.conf");
            Files.writeString(confFile, conf);
            handOverToBrokerUser(dir);
            Path log = dir.resolve("mosquitto.log");
            broker = new ProcessBuilder(binary(), "-c", confFile.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            awaitPort(port, log);
            Map<String, String> config = new HashMap<>();
            config.put("bellsys.mqtt.host", "127.0.0.1");
            config.put("bellsys.mqtt.port", String.valueOf(port));
            config.put("bellsys.mqtt.username", SERVICE_USER);
            config.put("bellsys.mqtt.password", servicePassword);
            config.put("bellsys.test.mqtt.username", TEST_USER);
            config.put("bellsys.test.mqtt.password", testPassword);
            config.put("bellsys.test.mqtt.max-inflight", effective("max_inflight_messages", shared, "20"));
            config.put("bellsys.test.mqtt.log", log.toString());
            return config;
        } catch (IOException e) {
            throw new IllegalStateException("Could not start the test's Mosquitto", e);
        }
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.destroy();
            try {
                if (!broker.waitFor(10, TimeUnit.SECONDS)) {
                    broker.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp dir left behind is harmless
            }
        }
    }

    /** deploy/mosquitto/conf.d of this checkout (found from the module's working directory). */
    static Path sharedConfigDir() {
        String configured = System.getenv("BELLSYS_MOSQUITTO_CONF_DIR");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("deploy/mosquitto/conf.d");
            if (Files.isRegularFile(candidate.resolve("bellsys.conf"))) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "deploy/mosquitto/conf.d not found above " + Path.of("").toAbsolutePath());
    }

    private String effective(String option, Path shared, String brokerDefault) throws IOException {
        if (overrides.containsKey(option)) {
            return overrides.get(option);
        }
        for (String line : Files.readAllLines(shared.resolve("bellsys.conf"))) {
            String[] words = line.trim().split("\\s+");
            if (words.length == 2 && words[0].equals(option)) {
                return words[1];
            }
        }
        return brokerDefault;
    }

    private static String binary() {
        for (String candidate : List.of("/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto", "/usr/bin/mosquitto")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return "mosquitto";
    }

    private static String plugin() {
        String configured = System.getenv("BELLSYS_MOSQUITTO_DYNSEC_PLUGIN");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        return PLUGIN_PATHS.stream()
                .filter(p -> Files.isRegularFile(Path.of(p)))
                .findFirst()
                .orElseThrow(
                        () -> new IllegalStateException(
                                "mosquitto_dynamic_security.so not found (apt-get install mosquitto, or set BELLSYS_MOSQUITTO_DYNSEC_PLUGIN)"));
    }

    /** Mosquitto started as root switches to the user "mosquitto", which must own its files. */
    private static void handOverToBrokerUser(Path dir) throws IOException {
        if (!"root".equals(System.getProperty("user.name"))) {
            return;
        }
        UserPrincipal user;
        try {
            user = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("mosquitto");
        } catch (IOException noSuchUser) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.toList()) {
                Files.setOwner(p, user);
            }
        }
    }

    private static void awaitPort(int port, Path log) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw new IllegalStateException("Mosquitto did not open port " + port + ":\n"
                + (Files.exists(log) ? Files.readString(log) : "(no log)"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String randomSecret() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The plugin's file as `mosquitto_ctrl dynsec init` writes it, plus the test account. */
    private static String dynsecFile(String servicePassword, String testPassword) {
        return """
                {
                  "clients": [%s, %s],
                  "roles": [
                    {"rolename": "admin", "acls": [
                      {"acltype": "publishClientSend", "topic": "$CONTROL/dynamic-security/#", "allow": true},
                      {"acltype": "publishClientReceive", "topic": "$CONTROL/dynamic-security/#", "allow": true},
                      {"acltype": "subscribePattern", "topic": "$CONTROL/dynamic-security/#", "allow": true},
                      {"acltype": "publishClientReceive", "topic": "$SYS/#", "allow": true},
                      {"acltype": "subscribePattern", "topic": "$SYS/#", "allow": true},
                      {"acltype": "publishClientReceive", "topic": "#", "allow": true},
                      {"acltype": "subscribePattern", "topic": "#", "allow": true},
                      {"acltype": "unsubscribePattern", "topic": "#", "allow": true}]},
                    {"rolename": "test-anything", "acls": [
                      {"acltype": "publishClientSend", "topic": "#", "allow": true},
                      {"acltype": "publishClientReceive", "topic": "#", "allow": true},
                      {"acltype": "subscribePattern", "topic": "#", "allow": true},
                      {"acltype": "unsubscribePattern", "topic": "#", "allow": true}]}
                  ],
                  "defaultACLAccess": {"publishClientSend": false, "publishClientReceive": true,
                                       "subscribe": false, "unsubscribe": true}
                }
                """
                .formatted(
                        client(SERVICE_USER, servicePassword, "admin"),
                        client(TEST_USER, testPassword, "test-anything"));
    }

    private static String client(String username, String password, String role) {
        byte[] salt = new byte[12];
        new SecureRandom().nextBytes(salt);
        try {
            KeySpec spec = new PBEKeySpec(password.toCharArray(), salt, 101, 512);
            byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512")
                    .generateSecret(spec)
                    .getEncoded();
            Base64.Encoder b64 = Base64.getEncoder();
            return """
                    {"username": "%s", "password": "%s", "salt": "%s", "iterations": 101, "roles": [{"rolename": "%s"}]}"""
                    .formatted(username, b64.encodeToString(hash), b64.encodeToString(salt), role);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
