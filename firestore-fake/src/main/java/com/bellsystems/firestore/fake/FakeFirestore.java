package com.bellsystems.firestore.fake;

import com.google.firestore.v1.Document;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-process Firestore for tests: a Firestore v1 gRPC server on 127.0.0.1 that the real
 * firebase-admin client talks to as it would to the emulator (point it there with
 * {@code bellsys.firestore.emulator-host} or FIRESTORE_EMULATOR_HOST). Google's emulator cannot be
 * downloaded in this build environment, so this stands in for it.
 *
 * <p>Data lives in memory, keyed by the document path below {@code /documents} (any project id the
 * client uses sees the same data), and survives {@link #stop()}/{@link #restart()}, which simulate
 * an outage on the same port. Not supported: listeners (Listen), the legacy Write stream,
 * PartitionQuery, vector search, read-time snapshots (reads always see the latest data),
 * transaction contention (transactions never abort).
 */
public final class FakeFirestore implements AutoCloseable {

    /** Project id tests use; references created by {@link #put} name it. */
    public static final String DEFAULT_PROJECT_ID = "test-project";

    /** A document reference for seeding and reading: the path below /documents, e.g. {@code customers/c1}. */
    public record Ref(String path) {
        public Ref {
            ResourcePaths.checkDocumentPath(path);
        }

        /** The document id, the last segment of the path. */
        public String id() {
            return ResourcePaths.id(path);
        }
    }

    private static final String HOST = "127.0.0.1";

    private final DocumentStore store = new DocumentStore();
    private final AtomicLong writeCount = new AtomicLong();
    private final Map<String, AtomicLong> rpcCounts = new ConcurrentHashMap<>();
    private final FirestoreFakeService service = new FirestoreFakeService(store, writeCount);
    private final java.util.concurrent.atomic.AtomicInteger pendingFailures =
            new java.util.concurrent.atomic.AtomicInteger();
    private volatile Status failureCode = Status.UNAVAILABLE;
    private final String database = "projects/" + DEFAULT_PROJECT_ID + "/databases/(default)";
    private int port;
    private Server server;

    private FakeFirestore() {}

    /** Starts a fake on a free port. */
    public static FakeFirestore start() {
        return start(0);
    }

    /** Starts a fake on the given port (0 picks a free one). */
    public static FakeFirestore start(int port) {
        FakeFirestore fake = new FakeFirestore();
        fake.port = port;
        fake.startServer();
        return fake;
    }

    /** A reference value for {@link #put}: {@code FakeFirestore.ref("customers/c1")}. */
    public static Ref ref(String path) {
        return new Ref(path);
    }

    private synchronized void startServer() {
        try {
            server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getByName(HOST), port))
                    .withOption(ChannelOption.SO_REUSEADDR, true)
                    .maxInboundMessageSize(64 * 1024 * 1024)
                    .addService(ServerInterceptors.intercept(service.definition(), new Counter()))
                    .build()
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Fake Firestore could not listen on " + HOST + ":" + port, e);
        }
        port = server.getPort();
    }

    public String host() {
        return HOST;
    }

    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:<port>}, the value for {@code bellsys.firestore.emulator-host}. */
    public String hostPort() {
        return HOST + ":" + port;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /**
     * Stops listening and cuts open calls (clients then see UNAVAILABLE); the data is kept. A no-op
     * when already stopped.
     */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.shutdownNow();
        try {
            server.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server = null;
    }

    /** Listens again on the same port with the same data (stopping first if running): the end of an outage. */
    public synchronized void restart() {
        stop();
        startServer();
    }

    @Override
    public void close() {
        stop();
    }

    // ------------------------------------------------------------------ data for tests

    /**
     * Seeds (or replaces) a document, bypassing the RPC counters. Values: null, Boolean, Integer/Long
     * (integer), Float/Double/BigDecimal (double), String, com.google.cloud.Timestamp, Date, Instant,
     * OffsetDateTime (timestamp), GeoPoint, Blob or byte[] (bytes), {@link Ref} or DocumentReference
     * (reference), nested Map and List.
     *
     * @param path document path below /documents, e.g. {@code crm_customers/c1/orders/o1}
     */
    public void put(String path, Map<String, ?> fields) {
        store.put(path, ProtoValues.toFields(fields, database));
    }

    /**
     * A document's fields as Java values (Long, Double, Boolean, String, com.google.cloud.Timestamp,
     * GeoPoint, Blob, {@link Ref}, Map, List), or null when it does not exist.
     */
    public Map<String, Object> get(String path) {
        Document doc = store.get(path);
        return doc == null ? null : ProtoValues.toJava(doc.getFieldsMap());
    }

    public boolean exists(String path) {
        return store.get(path) != null;
    }

    /** The stored protobuf document (name relative to /documents), or null. */
    public Document document(String path) {
        return store.get(path);
    }

    /** Removes a document (its subcollections stay, as in Firestore); true when it existed. */
    public boolean delete(String path) {
        return store.delete(path);
    }

    /** Every stored document path, in Firestore's name order. */
    public List<String> paths() {
        return store.paths();
    }

    /** Paths of the documents directly in a collection, e.g. {@code customers} or {@code customers/c1/orders}. */
    public List<String> paths(String collectionPath) {
        String prefix = collectionPath + "/";
        return store.paths().stream()
                .filter(p -> p.startsWith(prefix) && p.indexOf('/', prefix.length()) < 0)
                .toList();
    }

    /** Number of stored documents. */
    public int size() {
        return store.size();
    }

    /**
     * Write RPCs that reached the fake (Commit with at least one write, BatchWrite, DeleteDocument,
     * the legacy Write stream), including those that failed on a precondition; calls refused by
     * {@link #failNext} are not counted here (they are in {@link #rpcCounts}).
     */
    public long writeCount() {
        return writeCount.get();
    }

    /** Calls received of one RPC method, by its bare name (e.g. "RunQuery", "Commit"). */
    public long rpcCount(String method) {
        AtomicLong count = rpcCounts.get(method);
        return count == null ? 0 : count.get();
    }

    /** Calls received per RPC method, sorted by name. */
    public Map<String, Long> rpcCounts() {
        Map<String, Long> counts = new TreeMap<>();
        rpcCounts.forEach((k, v) -> counts.put(k, v.get()));
        return counts;
    }

    /**
     * Makes the next {@code calls} RPCs (any method) fail with {@code code} before they reach the
     * data, for testing retries without an outage. Note the client retries some codes by itself
     * (UNAVAILABLE, and for reads also INTERNAL/DEADLINE_EXCEEDED), so such a failure may be invisible
     * to the caller; use e.g. PERMISSION_DENIED or ABORTED to see it.
     */
    public void failNext(int calls, Status.Code code) {
        failureCode = Status.fromCode(code).withDescription("Failure injected by FakeFirestore");
        pendingFailures.set(calls);
    }

    /** Forgets all documents, transactions, injected failures and counters; the server keeps running. */
    public void reset() {
        store.clear();
        service.clearTransactions();
        writeCount.set(0);
        rpcCounts.clear();
        pendingFailures.set(0);
    }

    /** Counts every call by method and applies injected failures. */
    private final class Counter implements ServerInterceptor {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(
                ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
            String method = call.getMethodDescriptor().getBareMethodName();
            rpcCounts.computeIfAbsent(method, m -> new AtomicLong()).incrementAndGet();
            if (pendingFailures.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
                call.close(failureCode, new Metadata());
                return new ServerCall.Listener<>() {};
            }
            return next.startCall(call, headers);
        }
    }
}
