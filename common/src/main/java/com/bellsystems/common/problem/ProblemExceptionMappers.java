package com.bellsystems.common.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.pgclient.PgException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure into a problem body. Clients never see a stack trace: unexpected errors are
 * logged with an id and answered 500 with only that id.
 */
public class ProblemExceptionMappers {

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return respond(e.toProblem());
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        return respond(new Problem(
                "about:blank",
                "Bad Request",
                400,
                "The request is invalid: " + errors.size() + " field(s) rejected",
                null,
                errors));
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        String field = null;
        if (e instanceof MismatchedInputException mismatch
                && !mismatch.getPath().isEmpty()) {
            field = mismatch.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b)
                    .orElse(null);
        }
        String detail = e instanceof InvalidFormatException || e instanceof MismatchedInputException
                ? "The request body has a value of the wrong type" + (field != null ? " at " + field : "")
                : "The request body is not valid JSON";
        return respond(new Problem(
                "about:blank",
                "Bad Request",
                400,
                detail,
                null,
                field == null ? null : List.of(new Problem.FieldError(field, "wrong type"))));
    }

    /**
     * quarkus-rest-jackson has its own (non-problem) mapper for this narrower type, which would win
     * over {@link #unreadableJson}; naming it here keeps a wrong-typed field a problem naming the field.
     */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return unreadableJson(e);
    }

    @ServerExceptionMapper
    public Response unauthenticated(AuthenticationFailedException e) {
        return unauthorized();
    }

    @ServerExceptionMapper
    public Response unauthorizedAccess(UnauthorizedException e) {
        return unauthorized();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(Problem.of(403, "Forbidden", "You do not have the permission this action needs"));
    }

    @ServerExceptionMapper
    public Response database(PgException e) {
        // Constraint violations are the client's doing (a clash or a dangling reference);
        // anything else is ours.
        return switch (e.getSqlState()) {
            case "23505" ->
                respond(Problem.of(
                        409,
                        "Conflict",
                        "A record with the same unique value already exists"
                                + (e.getConstraint() != null ? " (" + e.getConstraint() + ")" : "")));
            case "23503" ->
                respond(Problem.of(
                        409,
                        "Conflict",
                        "The request refers to a record that does not exist or is still referenced"
                                + (e.getConstraint() != null ? " (" + e.getConstraint() + ")" : "")));
            case "23514", "23502", "22P02", "22001", "22003", "22007", "22008" ->
                respond(Problem.of(
                        422, "Unprocessable Content", "A value was rejected by the database: " + e.getErrorMessage()));
            default -> unexpected(e);
        };
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        String title = Response.Status.fromStatusCode(status) != null
                ? Response.Status.fromStatusCode(status).getReasonPhrase()
                : "Error";
        Response.ResponseBuilder builder =
                Response.status(status).type(Problem.MEDIA_TYPE).entity(Problem.of(status, title, e.getMessage()));
        e.getResponse().getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(v -> builder.header(name, v));
            }
        });
        return builder.build();
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e) {
        String errorId = UUID.randomUUID().toString();
        Log.errorf(e, "Unexpected error %s", errorId);
        return respond(Problem.of(
                500,
                "Internal Server Error",
                "An unexpected error occurred; quote error id " + errorId + " when reporting it"));
    }

    private static Response unauthorized() {
        return Response.status(401)
                .header("WWW-Authenticate", "Bearer")
                .type(Problem.MEDIA_TYPE)
                .entity(Problem.of(401, "Unauthorized", "A valid bearer token is required"))
                .build();
    }

    static Response respond(Problem problem) {
        return Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(problem)
                .build();
    }

    private static String fieldOf(ConstraintViolation<?> violation) {
        // "create.body.email" -> "email": drop the method and parameter segments of the path
        String path = violation.getPropertyPath().toString();
        String[] parts = path.split("\\.");
        return parts.length > 2
                ? String.join(".", java.util.Arrays.copyOfRange(parts, 2, parts.length))
                : parts[parts.length - 1];
    }
}
