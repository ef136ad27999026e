package com.bellsystems.crm.device.repository;

import com.bellsystems.common.problem.ProblemException;
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
 * Runs a blocking firebase-admin call on a worker thread (never the event loop) and turns its
 * failures into problems: Firestore unreachable or slow → 503, a concurrent change (transaction
 * contention, a failed update-time precondition) → 409. Problems thrown inside pass through.
 */
public final class FirestoreCalls {

    private FirestoreCalls() {}

    public static <T> Uni<T> call(String what, Callable<T> work) {
        return Uni.createFrom()
                .item(() -> {
                    try {
                        return work.call();
                    } catch (ProblemException e) {
                        throw e;
                    } catch (ExecutionException e) {
                        throw translate(what, e.getCause() == null ? e : e.getCause());
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
            if (t instanceof ProblemException p) {
                return p;
            }
            if (api == null && t instanceof ApiException a) {
                api = a;
            }
            firestore |= t instanceof FirestoreException || t instanceof TimeoutException;
        }
        if (api != null) {
            StatusCode.Code code = api.getStatusCode().getCode();
            if (code == StatusCode.Code.FAILED_PRECONDITION || code == StatusCode.Code.ABORTED) {
                return ProblemException.conflict("The document changed while " + what + "; reload and retry");
            }
            if (code == StatusCode.Code.ALREADY_EXISTS) {
                return ProblemException.conflict("The document already exists");
            }
        }
        Log.warnf("Firestore call failed while %s: %s", what, e.toString());
        if (api != null || firestore || e instanceof InterruptedException) {
            // unreachable, slow, or a transaction given up after retries: the client may try again
            return new ProblemException(503, "Service Unavailable", "Firestore is not reachable; try again shortly");
        }
        return new IllegalStateException("Firestore call failed while " + what, e);
    }
}
