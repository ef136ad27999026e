package com.bellsystems.crm.device.rest;

import com.bellsystems.common.problem.Problem;
import com.bellsystems.crm.device.FirestoreFailure;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Firestore failures of the device registry and app users as problem bodies: unreachable → 503
 * with Retry-After (the Console may try again), contention → 409 (reload, then retry).
 */
public class FirestoreFailureMapper {

    @ServerExceptionMapper
    public Response firestore(FirestoreFailure e) {
        if (e.kind() == FirestoreFailure.Kind.CONTENTION) {
            return Response.status(409)
                    .type(Problem.MEDIA_TYPE)
                    .entity(Problem.of(409, "Conflict", "The document changed meanwhile; reload it and retry"))
                    .build();
        }
        return Response.status(503)
                .type(Problem.MEDIA_TYPE)
                .header("Retry-After", "5")
                .entity(Problem.of(503, "Service Unavailable", "Firestore is not reachable; try again shortly"))
                .build();
    }
}
