package com.bellsystems.firestore.fake;

import com.google.firestore.v1.AggregationResult;
import com.google.firestore.v1.BatchGetDocumentsRequest;
import com.google.firestore.v1.BatchGetDocumentsResponse;
import com.google.firestore.v1.BatchWriteRequest;
import com.google.firestore.v1.BatchWriteResponse;
import com.google.firestore.v1.BeginTransactionRequest;
import com.google.firestore.v1.BeginTransactionResponse;
import com.google.firestore.v1.CommitRequest;
import com.google.firestore.v1.CommitResponse;
import com.google.firestore.v1.DeleteDocumentRequest;
import com.google.firestore.v1.Document;
import com.google.firestore.v1.DocumentMask;
import com.google.firestore.v1.GetDocumentRequest;
import com.google.firestore.v1.ListCollectionIdsRequest;
import com.google.firestore.v1.ListCollectionIdsResponse;
import com.google.firestore.v1.ListDocumentsRequest;
import com.google.firestore.v1.ListDocumentsResponse;
import com.google.firestore.v1.RollbackRequest;
import com.google.firestore.v1.RunAggregationQueryRequest;
import com.google.firestore.v1.RunAggregationQueryResponse;
import com.google.firestore.v1.RunQueryRequest;
import com.google.firestore.v1.RunQueryResponse;
import com.google.firestore.v1.StructuredAggregationQuery;
import com.google.firestore.v1.Value;
import com.google.firestore.v1.Write;
import com.google.firestore.v1.WriteResult;
import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Firestore v1 gRPC service over a {@link DocumentStore}. The service definition is assembled
 * here from the published request/response messages (proto-google-cloud-firestore-v1, which
 * firebase-admin brings) because the generated FirestoreGrpc stub artifact is not on Maven
 * Central's path for this version; the wire contract is the same: method names and messages.
 */
final class FirestoreFakeService {

    static final String SERVICE = "google.firestore.v1.Firestore";

    private final DocumentStore store;
    private final AtomicLong writeCount;
    private final Set<ByteString> transactions = ConcurrentHashMap.newKeySet();
    private final SecureRandom random = new SecureRandom();

    FirestoreFakeService(DocumentStore store, AtomicLong writeCount) {
        this.store = store;
        this.writeCount = writeCount;
    }

    ServerServiceDefinition definition() {
        return ServerServiceDefinition.builder(SERVICE)
                .addMethod(
                        method(
                                "GetDocument",
                                MethodType.UNARY,
                                GetDocumentRequest.getDefaultInstance(),
                                Document.getDefaultInstance()),
                        ServerCalls.asyncUnaryCall(guard(this::getDocument)))
                .addMethod(
                        method(
                                "DeleteDocument",
                                MethodType.UNARY,
                                DeleteDocumentRequest.getDefaultInstance(),
                                Empty.getDefaultInstance()),
                        ServerCalls.asyncUnaryCall(guard(this::deleteDocument)))
                .addMethod(
                        method(
                                "BatchGetDocuments",
                                MethodType.SERVER_STREAMING,
                                BatchGetDocumentsRequest.getDefaultInstance(),
                                BatchGetDocumentsResponse.getDefaultInstance()),
                        ServerCalls.asyncServerStreamingCall(guard(this::batchGet)))
                .addMethod(
                        method(
                                "Commit",
                                MethodType.UNARY,
                                CommitRequest.getDefaultInstance(),
                                CommitResponse.getDefaultInstance()),
                        ServerCalls.asyncUnaryCall(guard(this::commit)))
                .addMethod(
                        method(
                                "BatchWrite",
                                MethodType.UNARY,
                                BatchWriteRequest.getDefaultInstance(),
                                BatchWriteResponse.getDefaultInstance()),
                        ServerCalls.asyncUnaryCall(guard(this::batchWrite)))
                .addMethod(
                        method(
                                "BeginTransaction",
                                MethodType.UNARY,
                                BeginTransactionRequest.getDefaultInstance(),
                                BeginTransactionResponse.getDefaultInstance()),
                        ServerCalls.asyncUnaryCall(guard(this::beginTransaction)))
                .addMethod(
                        method(
                                "Rollback",
                                MethodType.UNARY,
                                RollbackRequest.getDefaultInstance(),
                                Empty.getDefaultInstance()),
                        ServerCalls.asyncUnaryCall(guard(this::rollback)))
                .addMethod(
                        method(
                                "RunQuery",
                                MethodType.SERVER_STREAMING,
                                RunQueryRequest.getDefaultInstance(),
                                RunQueryResponse.getDefaultInstance()),
                        ServerCalls.asyncServerStreamingCall(guard(this::runQuery)))
                .addMethod(
                        method(
                                "RunAggregationQuery",
                                MethodType.SERVER_STREAMING,
                                RunAggregationQueryRequest.getDefaultInstance(),
                                RunAggregationQueryResponse.getDefaultInstance()),
                        ServerCalls.asyncServerStreamingCall(guard(this::runAggregationQuery)))
                .addMethod(
                        method(
                                "ListDocuments",
                                MethodType.UNARY,
                                ListDocumentsRequest.getDefaultInstance(),
                                ListDocumentsResponse.getDefaultInstance()),
                        ServerCalls.asyncUnaryCall(guard(this::listDocuments)))
                .addMethod(
                        method(
                                "ListCollectionIds",
                                MethodType.UNARY,
                                ListCollectionIdsRequest.getDefaultInstance(),
                                ListCollectionIdsResponse.getDefaultInstance()),
                        ServerCalls.asyncUnaryCall(guard(this::listCollectionIds)))
                .addMethod(
                        method(
                                "Write",
                                MethodType.BIDI_STREAMING,
                                com.google.firestore.v1.WriteRequest.getDefaultInstance(),
                                com.google.firestore.v1.WriteResponse.getDefaultInstance()),
                        ServerCalls.asyncBidiStreamingCall(responses -> {
                            // The legacy write stream: counted as a write so "no write happened" checks stay honest.
                            writeCount.incrementAndGet();
                            return unsupported(responses, "the Write stream");
                        }))
                .addMethod(
                        method(
                                "Listen",
                                MethodType.BIDI_STREAMING,
                                com.google.firestore.v1.ListenRequest.getDefaultInstance(),
                                com.google.firestore.v1.ListenResponse.getDefaultInstance()),
                        ServerCalls.asyncBidiStreamingCall(
                                responses -> unsupported(responses, "snapshot listeners (Listen)")))
                .build();
    }

    private static <Q, R> StreamObserver<Q> unsupported(StreamObserver<R> responses, String what) {
        responses.onError(Status.UNIMPLEMENTED
                .withDescription("The fake Firestore does not support " + what)
                .asRuntimeException());
        return new StreamObserver<>() {
            @Override
            public void onNext(Q value) {}

            @Override
            public void onError(Throwable t) {}

            @Override
            public void onCompleted() {}
        };
    }

    private static <Q extends Message, R extends Message> MethodDescriptor<Q, R> method(
            String name, MethodType type, Q request, R response) {
        return MethodDescriptor.<Q, R>newBuilder()
                .setType(type)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
                .setRequestMarshaller(ProtoUtils.marshaller(request))
                .setResponseMarshaller(ProtoUtils.marshaller(response))
                .build();
    }

    private interface Handler<Q, R> {
        void handle(Q request, StreamObserver<R> responses);
    }

    /** One lambda usable as a unary or a server-streaming method: both have the same shape. */
    private interface Method<Q, R> extends ServerCalls.UnaryMethod<Q, R>, ServerCalls.ServerStreamingMethod<Q, R> {}

    /** Turns exceptions into gRPC errors, so the client sees a status rather than a hang. */
    private static <Q, R> Method<Q, R> guard(Handler<Q, R> handler) {
        return (request, responses) -> {
            try {
                handler.handle(request, responses);
            } catch (StatusRuntimeException e) {
                responses.onError(e);
            } catch (RuntimeException e) {
                responses.onError(Status.INTERNAL
                        .withDescription("Fake Firestore failed: " + e)
                        .withCause(e)
                        .asRuntimeException());
            }
        };
    }

    // ------------------------------------------------------------------ reads

    private void getDocument(GetDocumentRequest request, StreamObserver<Document> responses) {
        String path = ResourcePaths.relative(request.getName());
        Document doc = store.get(path);
        if (doc == null) {
            throw Status.NOT_FOUND
                    .withDescription("Document not found: " + request.getName())
                    .asRuntimeException();
        }
        responses.onNext(masked(
                withName(doc, ResourcePaths.database(request.getName())),
                request.hasMask() ? request.getMask() : null));
        responses.onCompleted();
    }

    private void batchGet(BatchGetDocumentsRequest request, StreamObserver<BatchGetDocumentsResponse> responses) {
        String database = ResourcePaths.database(request.getDatabase());
        ByteString transaction = request.hasNewTransaction() ? begin() : null;
        Timestamp readTime = store.now();
        for (String name : request.getDocumentsList()) {
            Document doc = store.get(ResourcePaths.relative(name));
            BatchGetDocumentsResponse.Builder b =
                    BatchGetDocumentsResponse.newBuilder().setReadTime(readTime);
            if (doc == null) {
                b.setMissing(name);
            } else {
                b.setFound(masked(withName(doc, database), request.hasMask() ? request.getMask() : null));
            }
            if (transaction != null) {
                b.setTransaction(transaction);
                transaction = null;
            }
            responses.onNext(b.build());
        }
        if (transaction != null) {
            responses.onNext(BatchGetDocumentsResponse.newBuilder()
                    .setTransaction(transaction)
                    .setReadTime(readTime)
                    .build());
        }
        responses.onCompleted();
    }

    private void runQuery(RunQueryRequest request, StreamObserver<RunQueryResponse> responses) {
        String database = ResourcePaths.database(request.getParent());
        String parent = ResourcePaths.relative(request.getParent());
        ByteString transaction = request.hasNewTransaction() ? begin() : null;
        List<Document> docs = store.read(d -> QueryEngine.run(d, database, parent, request.getStructuredQuery()));
        Timestamp readTime = store.now();
        for (Document doc : docs) {
            RunQueryResponse.Builder b = RunQueryResponse.newBuilder()
                    .setDocument(withName(doc, database))
                    .setReadTime(readTime);
            if (transaction != null) {
                b.setTransaction(transaction);
                transaction = null;
            }
            responses.onNext(b.build());
        }
        RunQueryResponse.Builder last =
                RunQueryResponse.newBuilder().setReadTime(readTime).setDone(true);
        if (transaction != null) {
            last.setTransaction(transaction);
        }
        responses.onNext(last.build());
        responses.onCompleted();
    }

    private void runAggregationQuery(
            RunAggregationQueryRequest request, StreamObserver<RunAggregationQueryResponse> responses) {
        String database = ResourcePaths.database(request.getParent());
        String parent = ResourcePaths.relative(request.getParent());
        StructuredAggregationQuery aggregation = request.getStructuredAggregationQuery();
        ByteString transaction = request.hasNewTransaction() ? begin() : null;
        List<Document> docs = store.read(d -> QueryEngine.run(d, database, parent, aggregation.getStructuredQuery()));
        AggregationResult.Builder result = AggregationResult.newBuilder();
        for (StructuredAggregationQuery.Aggregation a : aggregation.getAggregationsList()) {
            result.putAggregateFields(a.getAlias(), aggregate(a, docs));
        }
        RunAggregationQueryResponse.Builder b =
                RunAggregationQueryResponse.newBuilder().setResult(result).setReadTime(store.now());
        if (transaction != null) {
            b.setTransaction(transaction);
        }
        responses.onNext(b.build());
        responses.onCompleted();
    }

    private static Value aggregate(StructuredAggregationQuery.Aggregation a, List<Document> docs) {
        switch (a.getOperatorCase()) {
            case COUNT: {
                long count = docs.size();
                if (a.getCount().hasUpTo()) {
                    count = Math.min(count, a.getCount().getUpTo().getValue());
                }
                return Value.newBuilder().setIntegerValue(count).build();
            }
            case SUM:
            case AVG: {
                List<String> path = FieldPaths.parse(
                        a.hasSum()
                                ? a.getSum().getField().getFieldPath()
                                : a.getAvg().getField().getFieldPath());
                long longSum = 0;
                double doubleSum = 0;
                boolean allLongs = true;
                int n = 0;
                for (Document doc : docs) {
                    Value v = FieldPaths.get(doc.getFieldsMap(), path);
                    if (v == null || !ProtoValues.isNumber(v)) {
                        continue;
                    }
                    n++;
                    if (v.hasIntegerValue()) {
                        longSum += v.getIntegerValue();
                        doubleSum += v.getIntegerValue();
                    } else {
                        allLongs = false;
                        doubleSum += v.getDoubleValue();
                    }
                }
                if (a.hasAvg()) {
                    return n == 0
                            ? ProtoValues.NULL
                            : Value.newBuilder().setDoubleValue(doubleSum / n).build();
                }
                return allLongs
                        ? Value.newBuilder().setIntegerValue(longSum).build()
                        : Value.newBuilder().setDoubleValue(doubleSum).build();
            }
            default:
                throw DocumentStore.invalid("Unsupported aggregation " + a);
        }
    }

    private void listDocuments(ListDocumentsRequest request, StreamObserver<ListDocumentsResponse> responses) {
        String database = ResourcePaths.database(request.getParent());
        String parent = ResourcePaths.relative(request.getParent());
        String prefix = (parent.isEmpty() ? "" : parent + "/") + request.getCollectionId() + "/";
        String after = request.getPageToken();
        int pageSize = request.getPageSize() > 0 ? request.getPageSize() : Integer.MAX_VALUE;
        DocumentMask mask = request.hasMask() ? request.getMask() : null;
        ListDocumentsResponse.Builder b = ListDocumentsResponse.newBuilder();
        store.read(docs -> {
            String lastId = null;
            int count = 0;
            for (Map.Entry<String, Document> e : docs.tailMap(prefix, true).entrySet()) {
                String path = e.getKey();
                if (!path.startsWith(prefix)) {
                    break;
                }
                int slash = path.indexOf('/', prefix.length());
                String id = slash < 0 ? path.substring(prefix.length()) : path.substring(prefix.length(), slash);
                if (id.equals(lastId) || (!after.isEmpty() && ResourcePaths.SEGMENT_ORDER.compare(id, after) <= 0)) {
                    continue;
                }
                Document doc = slash < 0 ? e.getValue() : docs.get(prefix + id);
                if (doc == null && !request.getShowMissing()) {
                    continue;
                }
                if (count >= pageSize) {
                    b.setNextPageToken(lastId);
                    break;
                }
                lastId = id;
                count++;
                if (doc == null) {
                    // A "missing" document: no data of its own, but subcollections below it.
                    b.addDocuments(Document.newBuilder().setName(ResourcePaths.full(database, prefix + id)));
                } else {
                    b.addDocuments(masked(withName(doc, database), mask));
                }
            }
            return null;
        });
        responses.onNext(b.build());
        responses.onCompleted();
    }

    private void listCollectionIds(
            ListCollectionIdsRequest request, StreamObserver<ListCollectionIdsResponse> responses) {
        String parent = ResourcePaths.relative(request.getParent());
        String prefix = parent.isEmpty() ? "" : parent + "/";
        TreeSet<String> ids = store.read(docs -> {
            TreeSet<String> found = new TreeSet<>(ResourcePaths.SEGMENT_ORDER);
            for (String path : docs.tailMap(prefix, true).keySet()) {
                if (!path.startsWith(prefix)) {
                    break;
                }
                int slash = path.indexOf('/', prefix.length());
                if (slash > 0) {
                    found.add(path.substring(prefix.length(), slash));
                }
            }
            return found;
        });
        List<String> page = new ArrayList<>();
        String after = request.getPageToken();
        int pageSize = request.getPageSize() > 0 ? request.getPageSize() : Integer.MAX_VALUE;
        ListCollectionIdsResponse.Builder b = ListCollectionIdsResponse.newBuilder();
        for (String id : after.isEmpty() ? ids : ids.tailSet(after, false)) {
            if (page.size() >= pageSize) {
                b.setNextPageToken(page.get(page.size() - 1));
                break;
            }
            page.add(id);
        }
        responses.onNext(b.addAllCollectionIds(page).build());
        responses.onCompleted();
    }

    // ------------------------------------------------------------------ writes and transactions

    private void commit(CommitRequest request, StreamObserver<CommitResponse> responses) {
        if (request.getWritesCount() > 0) {
            writeCount.incrementAndGet();
        }
        if (!request.getTransaction().isEmpty() && !transactions.remove(request.getTransaction())) {
            throw DocumentStore.invalid("Transaction is not active or already committed");
        }
        List<DocumentStore.Applied> applied = store.commitAtomically(request.getWritesList());
        CommitResponse.Builder b = CommitResponse.newBuilder();
        Timestamp commitTime = applied.isEmpty() ? store.now() : applied.get(0).updateTime();
        for (DocumentStore.Applied a : applied) {
            b.addWriteResults(WriteResult.newBuilder()
                    .setUpdateTime(a.updateTime())
                    .addAllTransformResults(a.transformResults()));
        }
        responses.onNext(b.setCommitTime(commitTime).build());
        responses.onCompleted();
    }

    private void batchWrite(BatchWriteRequest request, StreamObserver<BatchWriteResponse> responses) {
        writeCount.incrementAndGet();
        BatchWriteResponse.Builder b = BatchWriteResponse.newBuilder();
        for (Write write : request.getWritesList()) {
            try {
                DocumentStore.Applied a = store.applyOne(write);
                b.addWriteResults(WriteResult.newBuilder()
                        .setUpdateTime(a.updateTime())
                        .addAllTransformResults(a.transformResults()));
                b.addStatus(com.google.rpc.Status.newBuilder().setCode(Status.Code.OK.value()));
            } catch (StatusRuntimeException e) {
                b.addWriteResults(WriteResult.getDefaultInstance());
                b.addStatus(com.google.rpc.Status.newBuilder()
                        .setCode(e.getStatus().getCode().value())
                        .setMessage(String.valueOf(e.getStatus().getDescription())));
            }
        }
        responses.onNext(b.build());
        responses.onCompleted();
    }

    private void deleteDocument(DeleteDocumentRequest request, StreamObserver<Empty> responses) {
        writeCount.incrementAndGet();
        Write.Builder write = Write.newBuilder().setDelete(request.getName());
        if (request.hasCurrentDocument()) {
            write.setCurrentDocument(request.getCurrentDocument());
        }
        store.commitAtomically(List.of(write.build()));
        responses.onNext(Empty.getDefaultInstance());
        responses.onCompleted();
    }

    private void beginTransaction(BeginTransactionRequest request, StreamObserver<BeginTransactionResponse> responses) {
        responses.onNext(
                BeginTransactionResponse.newBuilder().setTransaction(begin()).build());
        responses.onCompleted();
    }

    private void rollback(RollbackRequest request, StreamObserver<Empty> responses) {
        transactions.remove(request.getTransaction());
        responses.onNext(Empty.getDefaultInstance());
        responses.onCompleted();
    }

    private ByteString begin() {
        byte[] id = new byte[16];
        random.nextBytes(id);
        ByteString transaction = ByteString.copyFrom(id);
        transactions.add(transaction);
        return transaction;
    }

    void clearTransactions() {
        transactions.clear();
    }

    // ------------------------------------------------------------------ helpers

    private static Document withName(Document doc, String database) {
        return doc.toBuilder()
                .setName(ResourcePaths.full(database, doc.getName()))
                .build();
    }

    private static Document masked(Document doc, DocumentMask mask) {
        if (mask == null) {
            return doc;
        }
        Map<String, Value> fields = new java.util.HashMap<>();
        for (String fieldPath : mask.getFieldPathsList()) {
            List<String> path = FieldPaths.parse(fieldPath);
            Value v = FieldPaths.get(doc.getFieldsMap(), path);
            if (v != null) {
                FieldPaths.set(fields, path, v);
            }
        }
        return doc.toBuilder().clearFields().putAllFields(fields).build();
    }
}
