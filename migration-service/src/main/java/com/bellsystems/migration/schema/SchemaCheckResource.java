package com.bellsystems.migration.schema;

import com.bellsystems.common.schema.SchemaAdoption;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /api/admin/migrations/schema-check}: what the database is (empty, Flyway-managed,
 * adoptable Alembic, refused) and how its schema differs from the Alembic baseline, read-only.
 * {@code ?format=text} gives the same lines as the CLI's {@code schema-check}. Sysadmin only.
 */
@Path("/api/admin/migrations/schema-check")
@RolesAllowed("sysadmin")
public class SchemaCheckResource {

    private final SchemaAdoption adoption;

    public SchemaCheckResource(SchemaAdoption adoption) {
        this.adoption = adoption;
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    public Uni<Response> check(@QueryParam("format") String format) {
        // catalog reads over JDBC: on a worker thread, never the event loop
        return Uni.createFrom()
                .item(adoption::check)
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .map(check -> "text".equals(format)
                        ? Response.ok(check.text() + "\n", MediaType.TEXT_PLAIN).build()
                        : Response.ok(SchemaCheckView.of(check), MediaType.APPLICATION_JSON)
                                .build());
    }
}
