package com.bellsystems.firestore.fake;

import com.google.firestore.v1.ArrayValue;
import com.google.firestore.v1.Document;
import com.google.firestore.v1.DocumentTransform.FieldTransform;
import com.google.firestore.v1.Precondition;
import com.google.firestore.v1.Value;
import com.google.firestore.v1.Write;
import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The fake's data: protobuf Documents keyed by their path below /documents, in Firestore's name
 * order, with create and update times. Every method holds the store's monitor, so a commit is
 * atomic to readers and writes are applied in one order.
 */
final class DocumentStore {

    private final TreeMap<String, Document> docs = new TreeMap<>(ResourcePaths.SEGMENT_ORDER);
    private long lastMicros;

    /** Strictly increasing time with microsecond precision, as Firestore's commit times are. */
    synchronized Timestamp now() {
        long micros = Math.max(System.currentTimeMillis() * 1000L, lastMicros + 1);
        lastMicros = micros;
        return Timestamp.newBuilder()
                .setSeconds(micros / 1_000_000L)
                .setNanos((int) (micros % 1_000_000L) * 1000)
                .build();
    }

    synchronized Document get(String path) {
        return docs.get(path);
    }

    synchronized void put(String path, Map<String, Value> fields) {
        ResourcePaths.checkDocumentPath(path);
        Timestamp time = now();
        Document existing = docs.get(path);
        docs.put(
                path,
                Document.newBuilder()
                        .setName(path)
                        .putAllFields(fields)
                        .setCreateTime(existing != null ? existing.getCreateTime() : time)
                        .setUpdateTime(time)
                        .build());
    }

    synchronized boolean delete(String path) {
        return docs.remove(path) != null;
    }

    synchronized void clear() {
        docs.clear();
    }

    synchronized int size() {
        return docs.size();
    }

    synchronized List<String> paths() {
        return new ArrayList<>(docs.keySet());
    }

    /** Runs a read against the documents while holding the store's monitor. */
    synchronized <T> T read(java.util.function.Function<NavigableMap<String, Document>, T> reader) {
        return reader.apply(java.util.Collections.unmodifiableNavigableMap(docs));
    }

    /** Outcome of one write: the time it took effect and its transform results. */
    record Applied(Timestamp updateTime, List<Value> transformResults) {}

    /**
     * Applies writes all-or-nothing (Commit): any failing precondition fails the whole call with its
     * status and changes nothing.
     */
    synchronized List<Applied> commitAtomically(List<Write> writes) {
        Timestamp commitTime = now();
        Map<String, Optional<Document>> staged = new LinkedHashMap<>();
        List<Applied> results = new ArrayList<>();
        for (Write write : writes) {
            String path = targetPath(write);
            Optional<Document> current =
                    staged.containsKey(path) ? staged.get(path) : Optional.ofNullable(docs.get(path));
            List<Value> transformResults = new ArrayList<>();
            Document next = apply(write, path, current.orElse(null), commitTime, transformResults);
            staged.put(path, Optional.ofNullable(next));
            results.add(new Applied(commitTime, transformResults));
        }
        staged.forEach((path, doc) -> {
            if (doc.isPresent()) {
                docs.put(path, doc.get());
            } else {
                docs.remove(path);
            }
        });
        return results;
    }

    /** Applies one write on its own (BatchWrite): a failure affects that write only. */
    synchronized Applied applyOne(Write write) {
        Timestamp commitTime = now();
        String path = targetPath(write);
        List<Value> transformResults = new ArrayList<>();
        Document next = apply(write, path, docs.get(path), commitTime, transformResults);
        if (next == null) {
            docs.remove(path);
        } else {
            docs.put(path, next);
        }
        return new Applied(commitTime, transformResults);
    }

    static String targetPath(Write write) {
        String name;
        switch (write.getOperationCase()) {
            case UPDATE:
                name = write.getUpdate().getName();
                break;
            case DELETE:
                name = write.getDelete();
                break;
            case TRANSFORM:
                name = write.getTransform().getDocument();
                break;
            default:
                throw Status.INVALID_ARGUMENT
                        .withDescription("A write needs an operation")
                        .asRuntimeException();
        }
        String path = ResourcePaths.relative(name);
        ResourcePaths.checkDocumentPath(path);
        return path;
    }

    private static Document apply(
            Write write, String path, Document current, Timestamp commitTime, List<Value> transformResults) {
        if (write.hasCurrentDocument()) {
            checkPrecondition(write.getCurrentDocument(), path, current);
        }
        if (write.hasDelete()) {
            return null;
        }
        Map<String, Value> fields;
        if (write.hasUpdate()) {
            Map<String, Value> update = write.getUpdate().getFieldsMap();
            if (write.hasUpdateMask()) {
                fields = new HashMap<>(current != null ? current.getFieldsMap() : Map.of());
                for (String fieldPath : write.getUpdateMask().getFieldPathsList()) {
                    List<String> segments = FieldPaths.parse(fieldPath);
                    FieldPaths.set(fields, segments, FieldPaths.get(update, segments));
                }
            } else {
                fields = new HashMap<>(update);
            }
        } else {
            fields = new HashMap<>(current != null ? current.getFieldsMap() : Map.of());
        }
        List<FieldTransform> transforms = new ArrayList<>(write.getUpdateTransformsList());
        if (write.hasTransform()) {
            transforms.addAll(write.getTransform().getFieldTransformsList());
        }
        for (FieldTransform transform : transforms) {
            List<String> segments = FieldPaths.parse(transform.getFieldPath());
            Value result = transform(transform, FieldPaths.get(fields, segments), commitTime);
            FieldPaths.set(fields, segments, result);
            transformResults.add(result);
        }
        return Document.newBuilder()
                .setName(path)
                .putAllFields(fields)
                .setCreateTime(current != null ? current.getCreateTime() : commitTime)
                .setUpdateTime(commitTime)
                .build();
    }

    private static void checkPrecondition(Precondition precondition, String path, Document current) {
        if (precondition.hasExists()) {
            if (precondition.getExists() && current == null) {
                throw Status.NOT_FOUND
                        .withDescription("No document to update: " + path)
                        .asRuntimeException();
            }
            if (!precondition.getExists() && current != null) {
                throw Status.ALREADY_EXISTS
                        .withDescription("Document already exists: " + path)
                        .asRuntimeException();
            }
        } else if (precondition.hasUpdateTime()) {
            if (current == null || !current.getUpdateTime().equals(precondition.getUpdateTime())) {
                throw Status.FAILED_PRECONDITION
                        .withDescription("The document's update time does not match: " + path)
                        .asRuntimeException();
            }
        }
    }

    private static Value transform(FieldTransform t, Value current, Timestamp commitTime) {
        switch (t.getTransformTypeCase()) {
            case SET_TO_SERVER_VALUE:
                return Value.newBuilder().setTimestampValue(commitTime).build();
            case INCREMENT:
                return numeric(current, t.getIncrement(), Op.ADD);
            case MAXIMUM:
                return numeric(current, t.getMaximum(), Op.MAX);
            case MINIMUM:
                return numeric(current, t.getMinimum(), Op.MIN);
            case APPEND_MISSING_ELEMENTS: {
                List<Value> values = current != null && current.hasArrayValue()
                        ? new ArrayList<>(current.getArrayValue().getValuesList())
                        : new ArrayList<>();
                for (Value v : t.getAppendMissingElements().getValuesList()) {
                    if (values.stream().noneMatch(e -> ProtoValues.equal(e, v) || e.equals(v))) {
                        values.add(v);
                    }
                }
                return Value.newBuilder()
                        .setArrayValue(ArrayValue.newBuilder().addAllValues(values))
                        .build();
            }
            case REMOVE_ALL_FROM_ARRAY: {
                List<Value> values = current != null && current.hasArrayValue()
                        ? new ArrayList<>(current.getArrayValue().getValuesList())
                        : new ArrayList<>();
                values.removeIf(
                        e -> t.getRemoveAllFromArray().getValuesList().stream().anyMatch(v -> ProtoValues.equal(e, v)));
                return Value.newBuilder()
                        .setArrayValue(ArrayValue.newBuilder().addAllValues(values))
                        .build();
            }
            default:
                throw Status.INVALID_ARGUMENT
                        .withDescription("Unsupported field transform " + t)
                        .asRuntimeException();
        }
    }

    private enum Op {
        ADD,
        MAX,
        MIN
    }

    private static Value numeric(Value current, Value operand, Op op) {
        if (current == null || !ProtoValues.isNumber(current)) {
            return operand;
        }
        if (current.hasIntegerValue() && operand.hasIntegerValue()) {
            long a = current.getIntegerValue();
            long b = operand.getIntegerValue();
            long r =
                    switch (op) {
                        case ADD -> saturatedAdd(a, b);
                        case MAX -> Math.max(a, b);
                        case MIN -> Math.min(a, b);
                    };
            return Value.newBuilder().setIntegerValue(r).build();
        }
        double a = current.hasIntegerValue() ? current.getIntegerValue() : current.getDoubleValue();
        double b = operand.hasIntegerValue() ? operand.getIntegerValue() : operand.getDoubleValue();
        if (op == Op.MAX) {
            return a >= b ? current : operand;
        }
        if (op == Op.MIN) {
            return a <= b ? current : operand;
        }
        return Value.newBuilder().setDoubleValue(a + b).build();
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) {
            return a > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return r;
    }

    static StatusRuntimeException invalid(String message) {
        return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
    }
}
