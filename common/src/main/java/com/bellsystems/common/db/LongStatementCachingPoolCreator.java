package com.bellsystems.common.db;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgPool;
import io.vertx.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every service's reactive Postgres pool, as Quarkus configures it, except that statements up to
 * {@code bellsys.db.cached-statement-max-length} characters (64 KB) are prepared once per
 * connection and reused.
 * <p>
 * Quarkus turns Vert.x's prepared-statement cache on for PostgreSQL, but Vert.x caches only
 * statements shorter than 2,048 characters; a longer one is parsed and planned by Postgres on
 * every execution. crm's one-statement order create (order, audit row and typed outbox row, ~5,000
 * characters) spent ~1 ms of Postgres CPU per request on that alone, as much as executing it.
 */
@ApplicationScoped
public class LongStatementCachingPoolCreator implements PgPoolCreator {

    private final int maxLength;

    public LongStatementCachingPoolCreator(
            @ConfigProperty(name = "bellsys.db.cached-statement-max-length", defaultValue = "65536") int maxLength) {
        this.maxLength = maxLength;
    }

    @Override
    public Pool create(Input input) {
        input.pgConnectOptionsList().forEach(o -> o.setPreparedStatementCacheSqlLimit(maxLength));
        // PgPool, not the newer Pool builders: Quarkus exposes the pool as a PgPool bean too
        return PgPool.pool(input.vertx(), input.pgConnectOptionsList(), input.poolOptions());
    }
}
