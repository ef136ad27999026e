package com.bellsystems.crm.device.repository;

import com.bellsystems.crm.device.FirestoreFailure;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.firestore.FirestoreException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Runs a blocking firebase-admin call on a worker thread (never the event loop) and names its
 * failures: Firestore unreachable, slow or giving up → {@link FirestoreFailure.Kind#UNAVAILABLE};
 * a concurrent change (a failed update-time precondition, transaction contention) → {@link
 * FirestoreFailure.Kind#CONTENTION}. What status a client gets is the resource layer's business.
 */
public final class FirestoreCalls {

    private FirestoreCalls() {}

    public static <T> Uni<T> call(String what, Callable<T> work) {
        return Uni.createFrom()
                .item(() -> {
                    try {
                        return work.call();
                    } catch (ExecutionException e) {
                        throw translate(what, e.getCause() == null ? e : e.getCause());
                    } catch (RuntimeException e) {
                        throw translate(what, e);
                    } catch (Exception e) {
                        throw translate(what, e);
                    }
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private static RuntimeException translate(String what, Throwable e) {
        ApiException api = null;
        boolean firestore = false;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (api == null && t instanceof ApiException a) {
                api = a;
            }
            firestore |= t instanceof FirestoreException || t instanceof TimeoutException;
        }
        if (api != null) {
            StatusCode.Code code = api.getStatusCode().getCode();
            if (code == StatusCode.Code.FAILED_PRECONDITION
                    || code == StatusCode.Code.ABORTED
                    || code == StatusCode.Code.ALREADY_EXISTS) {
                return new FirestoreFailure(FirestoreFailure.Kind.CONTENTION, "contention while " + what, e);
            }
        }
        if (api != null || firestore || e instanceof InterruptedException) {
            Log.warnf("Firestore call failed while %s: %s", what, e.toString());
            // unreachable, slow, or a transaction given up after retries: the client may try again
            return new FirestoreFailure(FirestoreFailure.Kind.UNAVAILABLE, "Firestore unavailable while " + what, e);
        }
        return e instanceof RuntimeException r
                ? r
                : new IllegalStateException("Firestore call failed while " + what, e);
    }
}
