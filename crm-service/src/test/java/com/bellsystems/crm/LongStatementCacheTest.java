package com.bellsystems.crm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bellsystems.common.testing.FirestoreEmulatorResource;
import com.bellsystems.common.testing.TestDatabaseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The service's pool prepares a statement longer than Vert.x's default cache limit (2,048
 * characters) once per connection and reuses it (common's LongStatementCachingPoolCreator): what
 * crm's order create, ~5,000 characters, needs to stop being parsed and planned on every request.
 */
@QuarkusTest
@WithTestResource(TestDatabaseResource.class)
@WithTestResource(FirestoreEmulatorResource.class)
class LongStatementCacheTest {

    @Inject
    Pool pool;

    @Test
    void aStatementOf5000CharactersIsPreparedOnceAndReused() {
        String sql = "SELECT $1::text AS v, '" + "x".repeat(5000) + "' AS pad";
        assertTrue(sql.length() > 2048);
        long prepared = pool.withConnection(c -> c.preparedQuery(sql)
                        .execute(Tuple.of("a"))
                        .chain(() -> c.preparedQuery(sql).execute(Tuple.of("b")))
                        .chain(() -> c.preparedQuery("SELECT count(*) FROM pg_prepared_statements WHERE statement = $1")
                                .execute(Tuple.of(sql)))
                        .map(rows -> rows.iterator().next().getLong(0)))
                .await()
                .atMost(Duration.ofSeconds(10));
        // once, named: an uncached statement is the unnamed one, which the view does not list
        assertEquals(1, prepared, "the long statement is one named prepared statement of the session");
    }
}
