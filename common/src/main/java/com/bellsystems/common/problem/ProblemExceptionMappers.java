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
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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
        return database(e.getSqlState(), e.getConstraint(), e);
    }

    /** The JDBC side (Flyway's datasource, migration jobs): the same rule as the reactive client. */
    @ServerExceptionMapper
    public Response jdbc(SQLException e) {
        return database(e.getSQLState(), null, e);
    }

    /**
     * Constraint violations and rejected values are the client's doing (a clash, a dangling
     * reference, a value out of range); anything else is ours. The body is in our words only:
     * Postgres' message names tables, columns and values and is logged here, never answered.
     */
    private Response database(String sqlState, String constraint, Throwable e) {
        Problem problem = sqlState == null ? null : CLIENT_DATABASE_ERRORS.get(sqlState);
        if (problem == null) {
            return unexpected(e);
        }
        Log.infof("Database refused a request: SQLSTATE %s, constraint %s: %s", sqlState, constraint, e.getMessage());
        return respond(problem);
    }

    private static final Map<String, Problem> CLIENT_DATABASE_ERRORS = Map.of(
            "23505", Problem.of(409, "Conflict", "A record with the same unique value already exists"),
            "23503",
                    Problem.of(
                            409,
                            "Conflict",
                            "The request refers to a record that does not exist or is still referenced"),
            "23514", Problem.of(422, "Unprocessable Content", "A value breaks a rule of this record"),
            "23502", Problem.of(422, "Unprocessable Content", "A required value is missing"),
            "22P02", Problem.of(422, "Unprocessable Content", "A value has the wrong format"),
            "22001", Problem.of(422, "Unprocessable Content", "A value is too long"),
            "22003", Problem.of(422, "Unprocessable Content", "A number is out of range"),
            "22007", Problem.of(422, "Unprocessable Content", "A date or time has the wrong format"),
            "22008", Problem.of(422, "Unprocessable Content", "A date or time is out of range"));

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
