package com.bellsystems.auth.support;

import com.bellsystems.common.problem.Problem;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** 429 as a problem body with Retry-After, which common's mappers have no case for. */
public class TooManyRequestsMapper {

    @ServerExceptionMapper
    public Response tooMany(TooManyRequestsException e) {
        return Response.status(429)
                .header("Retry-After", Long.toString(e.retryAfterSeconds()))
                .type(Problem.MEDIA_TYPE)
                .entity(Problem.of(429, "Too Many Requests", e.getMessage()))
                .build();
    }
}
