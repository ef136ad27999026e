package com.bellsystems.ingest.bench;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark's load: K simulated devices publishing log lines at QoS 1 through P connections,
 * each connection keeping a window of unacknowledged publishes in flight (closed loop, so the
 * broker never has to drop). Run by bench/ingest/run.sh with the module's classpath.
 * <p>
 * {@code ceiling}: a subscriber that discards (shared group, S connections, auto-ack) measures what
 * the broker alone sustains. {@code ingest}: the running service stores the messages; this polls
 * Postgres until every row is committed and reports rate, latency, losses and duplicates.
 * <p>
 * {@code rate} (msg/s over all connections, 0 = as fast as the windows allow): open-loop load at a
 * fixed rate, each message stamped with the time it was due rather than the time it went out, so a
 * publisher held back by a full window shows up in the latency instead of hiding it.
 * <p>
 * Arguments are system properties: mode, host, port, prefix, devices, messages (total), publishers,
 * window, subscribers, rate, jdbc (URL with user), timeout (seconds), settle (seconds without a new
 * row after the last publish before the count is taken as final), username, password.
 */
public final class LoadGenerator {

    private static String prop(String name, String def) {
        return System.getProperty(name, def);
    }

    /** The broker refuses anonymous clients: -Dusername / -Dpassword (an account that may publish for BENCH-* devices). */
    private static MqttClientOptions withAccount(MqttClientOptions options) {
        String username = System.getProperty("username");
        if (username != null && !username.isBlank()) {
            options.setUsername(username).setPassword(System.getProperty("password", ""));
        }
        return options;
    }

    private static int intProp(String name, int def) {
        return Integer.parseInt(prop(name, String.valueOf(def)));
    }

    public static void main(String[] args) throws Exception {
        String mode = prop("mode", "ingest");
        String host = prop("host", "127.0.0.1");
        int port = intProp("port", 1883);
        String prefix = prop("prefix", "bench");
        int devices = intProp("devices", 200);
        int messages = intProp("messages", 20000);
        int publishers = intProp("publishers", 8);
        int window = intProp("window", 500);
        int subscribers = intProp("subscribers", 4);
        int timeout = intProp("timeout", 300);
        int settle = intProp("settle", timeout);
        double rate = Double.parseDouble(prop("rate", "0"));

        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        try {
            AtomicLong received = new AtomicLong();
            AtomicLong lastReceived = new AtomicLong();
            List<MqttClient> subs = new ArrayList<>();
            if (mode.equals("ceiling")) {
                for (int i = 0; i < subscribers; i++) {
                    MqttClientOptions options = withAccount(new MqttClientOptions()
                            .setClientId(prefix + "-discard-" + i)
                            .setCleanSession(true));
                    options.setAutoAck(true);
                    MqttClient sub = MqttClient.create(vertx, options);
                    sub.publishHandler(m -> {
                        received.incrementAndGet();
                        lastReceived.set(System.nanoTime());
                    });
                    sub.connect(port, host)
                            .toCompletionStage()
                            .toCompletableFuture()
                            .get(10, TimeUnit.SECONDS);
                    sub.subscribe("$share/discard/" + prefix + "/devices/+/logs", 1)
                            .toCompletionStage()
                            .toCompletableFuture()
                            .get(10, TimeUnit.SECONDS);
                    subs.add(sub);
                }
            }

            if (rate > 0) {
                // This JVM is new: its own JIT warm-up would hold the first publishes back, and since a
                // message is stamped when it was due, that would count as ingest latency. Warm up on
                // topics nobody subscribes to (the broker discards them) before the measured load.
                publish(
                        vertx,
                        host,
                        port,
                        prefix + "-warmup",
                        devices,
                        Math.min(messages, 50_000),
                        publishers,
                        window,
                        timeout,
                        0,
                        new AtomicLong());
                // then a few seconds through the same fixed-rate path, so the measured load starts warm
                int warmupSeconds = intProp("warmupSeconds", 3);
                publish(
                        vertx,
                        host,
                        port,
                        prefix + "-warmup",
                        devices,
                        (int) (rate * warmupSeconds),
                        publishers,
                        window,
                        timeout,
                        rate,
                        new AtomicLong());
            }
            long start = System.nanoTime();
            AtomicLong maxLagMillis = new AtomicLong();
            long published = publish(
                    vertx, host, port, prefix, devices, messages, publishers, window, timeout, rate, maxLagMillis);
            long publishedAt = System.nanoTime();
            double publishSeconds = (publishedAt - start) / 1e9;
            if (rate > 0) {
                System.out.printf(
                        Locale.ROOT,
                        "offered %.0f msg/s for %.2f s; publisher behind schedule by at most %d ms%n",
                        rate,
                        publishSeconds,
                        maxLagMillis.get());
            }

            if (mode.equals("ceiling")) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeout);
                while (received.get() < messages && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                double seconds = (lastReceived.get() - start) / 1e9;
                System.out.printf(
                        Locale.ROOT,
                        "broker ceiling: %d/%d delivered to a discarding subscriber in %.2f s = %.0f msg/s"
                                + " (publish side %.0f msg/s)%n",
                        received.get(),
                        messages,
                        seconds,
                        received.get() / seconds,
                        published / publishSeconds);
                for (MqttClient sub : subs) {
                    sub.disconnect();
                }
                return;
            }

            // The poller reconnects: bench/ingest/faults.sh restarts Postgres in the middle of the run.
            String jdbc = prop("jdbc", "jdbc:postgresql://127.0.0.1:5432/bellsys?user=postgres");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeout);
            long rows = 0;
            long lastChange = System.nanoTime();
            Connection poll = null;
            while (System.nanoTime() < deadline) {
                long now;
                try {
                    if (poll == null) {
                        poll = DriverManager.getConnection(jdbc);
                    }
                    now = count(poll, "SELECT count(*) FROM device_logs WHERE device_serial LIKE 'BENCH-%'");
                } catch (Exception e) {
                    closeQuietly(poll);
                    poll = null;
                    now = -1;
                }
                if (now >= 0 && now != rows) {
                    rows = now;
                    lastChange = System.nanoTime();
                }
                if (rows >= messages) {
                    break;
                }
                if (System.nanoTime() - Math.max(lastChange, publishedAt) > TimeUnit.SECONDS.toNanos(settle)) {
                    break; // nothing new for a while after the last publish: what is missing is lost
                }
                Thread.sleep(now < 0 ? 500 : 20);
            }
            closeQuietly(poll);
            try (Connection db = DriverManager.getConnection(jdbc)) {
                double seconds = (lastChange - start) / 1e9;
                long distinct =
                        count(db, "SELECT count(DISTINCT message) FROM device_logs WHERE device_serial LIKE 'BENCH-%'");
                String latency;
                try (Statement s = db.createStatement();
                        ResultSet rs = s.executeQuery(
                                """
                        SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms), percentile_cont(0.99) WITHIN GROUP (ORDER BY ms), max(ms)
                        FROM (SELECT extract(epoch FROM received_at) * 1000 - device_timestamp AS ms
                              FROM device_logs WHERE device_serial LIKE 'BENCH-%') t""")) {
                    rs.next();
                    latency = String.format(
                            Locale.ROOT,
                            "p50 %.1f ms, p99 %.1f ms, max %.1f ms",
                            rs.getDouble(1),
                            rs.getDouble(2),
                            rs.getDouble(3));
                }
                System.out.printf(
                        Locale.ROOT,
                        "ingest: %d/%d rows committed in %.2f s = %.0f msg/s sustained (publish side %.0f msg/s)%n",
                        rows,
                        messages,
                        seconds,
                        rows / seconds,
                        published / publishSeconds);
                System.out.printf(Locale.ROOT, "ingest latency publish -> row (transaction time): %s%n", latency);
                if (rate > 0) {
                    // when the slow messages were due: a stall shows as one bad second, queueing as a rising tail
                    StringBuilder bySecond = new StringBuilder();
                    try (Statement s = db.createStatement();
                            ResultSet rs = s.executeQuery(
                                    """
                            SELECT percentile_cont(0.99) WITHIN GROUP (ORDER BY ms)
                            FROM (SELECT extract(epoch FROM received_at) * 1000 - device_timestamp AS ms,
                                         (device_timestamp - min(device_timestamp) OVER ()) / 1000 AS second
                                  FROM device_logs WHERE device_serial LIKE 'BENCH-%') t
                            GROUP BY second ORDER BY second""")) {
                        while (rs.next()) {
                            bySecond.append(String.format(Locale.ROOT, " %.0f", rs.getDouble(1)));
                        }
                    }
                    System.out.printf(Locale.ROOT, "p99 by second of the run (ms):%s%n", bySecond);
                }
                System.out.printf(Locale.ROOT, "lost: %d, duplicated: %d%n", messages - distinct, rows - distinct);
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static void closeQuietly(Connection db) {
        try {
            if (db != null) {
                db.close();
            }
        } catch (Exception ignored) {
            // the connection is gone already
        }
    }

    private static long count(Connection db, String sql) throws Exception {
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Publishes {@code messages} in total, spread over the devices and connections; returns how many the broker acknowledged. */
    private static long publish(
            Vertx vertx,
            String host,
            int port,
            String prefix,
            int devices,
            int messages,
            int publishers,
            int window,
            int timeout,
            double rate,
            AtomicLong maxLagMillis)
            throws Exception {
        long startMillis = System.currentTimeMillis();
        long startNanos = System.nanoTime();
        double perPublisher = rate / publishers; // msg/s of one connection
        CountDownLatch done = new CountDownLatch(publishers);
        AtomicLong acked = new AtomicLong();
        List<MqttClient> clients = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            int share = messages / publishers + (p < messages % publishers ? 1 : 0);
            int first = p;
            MqttClient client = MqttClient.create(
                    vertx,
                    withAccount(new MqttClientOptions()
                            .setClientId(prefix + "-pub-" + p)
                            .setCleanSession(true)
                            .setMaxInflightQueue(window + 10)));
            clients.add(client);
            int[] next = {0};
            int[] completed = {0};
            Runnable sendOne = () -> {
                int i = next[0]++;
                int seq = first + i * publishers; // global message number
                int device = seq % devices;
                long now = System.currentTimeMillis();
                long ts = now;
                if (perPublisher > 0) {
                    ts = startMillis + (long) (i * 1000.0 / perPublisher); // when it was due
                    long lag = now - ts;
                    maxLagMillis.accumulateAndGet(lag, Math::max);
                }
                String payload = "{\"level\":\"INFO\",\"message\":\"bench " + seq + "\",\"ts\":" + ts + "}";
                client.publish(
                        prefix + "/devices/BENCH-" + device + "/logs",
                        Buffer.buffer(payload),
                        MqttQoS.AT_LEAST_ONCE,
                        false,
                        false);
            };
            // open loop: send what is due by now, as far as the window allows
            Runnable sendDue = () -> {
                long due = Math.min(share, (long) ((System.nanoTime() - startNanos) / 1e9 * perPublisher) + 1);
                while (next[0] < due && next[0] - completed[0] < window) {
                    sendOne.run();
                }
            };
            client.publishCompletionHandler(id -> {
                acked.incrementAndGet();
                completed[0]++;
                if (perPublisher > 0) {
                    sendDue.run();
                } else if (next[0] < share) {
                    sendOne.run();
                }
                if (completed[0] == share) {
                    done.countDown();
                }
            });
            // the first window is sent from the connection's own context, like every later send
            client.connect(port, host)
                    .onSuccess(ack -> {
                        if (perPublisher > 0) {
                            vertx.setPeriodic(1, timer -> {
                                if (next[0] >= share) {
                                    vertx.cancelTimer(timer);
                                } else {
                                    sendDue.run();
                                }
                            });
                        } else {
                            for (int i = 0; i < Math.min(window, share); i++) {
                                sendOne.run();
                            }
                        }
                        if (share == 0) {
                            done.countDown();
                        }
                    })
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
        }
        done.await(timeout, TimeUnit.SECONDS);
        for (MqttClient client : clients) {
            client.disconnect();
        }
        return acked.get();
    }
}
