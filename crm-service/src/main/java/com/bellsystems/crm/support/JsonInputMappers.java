package com.bellsystems.crm.support;

import com.bellsystems.common.problem.ProblemExceptionMappers;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * quarkus-rest-jackson ships its own mapper for {@link MismatchedInputException} (a non-problem
 * body), which beats common's mapper for the broader JsonProcessingException. This narrower one
 * hands the exception back to common so a wrong-typed field is a problem body naming the field.
 * (Belongs in common: reported to the lead.)
 */
public class JsonInputMappers {

    private final ProblemExceptionMappers problems = new ProblemExceptionMappers();

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return problems.unreadableJson(e);
    }
}
