package com.bellsystems.common.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bellsystems.common.testing.TestDatabaseResource;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgException;
import jakarta.ws.rs.core.Response;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Errors Postgres really raises (reactive client and JDBC) become problem bodies in our own words:
 * no Postgres message, table, column, constraint or offending value reaches the client.
 */
class DatabaseProblemTest {

    static final TestDatabaseResource resource = new TestDatabaseResource();
    static String database;
    static Vertx vertx;
    static Pool pool;
    final ProblemExceptionMappers mappers = new ProblemExceptionMappers();

    /** Words of the schema below and of Postgres' messages; none may appear in a body. */
    static final List<String> LEAKS = List.of(
            "secret_widgets",
            "widget_",
            "secret_parent",
            "violates",
            "duplicate key",
            "constraint",
            "column",
            "relation",
            "syntax",
            "invalid input",
            "character varying",
            "smallint",
            "99999999",
            "2026-02-31",
            "sqlstate",
            "42p01",
            "2350",
            "leaky-value",
            "abcdef");

    @BeforeAll
    static void start() throws SQLException {
        database = resource.start().get("bellsys.test.database");
        try (Connection c = TestDatabaseResource.connect(database);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE secret_parent (id int PRIMARY KEY)");
            s.execute(
                    """
                    CREATE TABLE secret_widgets (
                        widget_code text CONSTRAINT widget_code_unique UNIQUE,
                        widget_qty int CONSTRAINT widget_qty_positive CHECK (widget_qty > 0),
                        widget_name text NOT NULL DEFAULT 'n',
                        widget_short varchar(3),
                        widget_small smallint,
                        widget_day date,
                        widget_parent int REFERENCES secret_parent (id))
                    """);
            s.execute("INSERT INTO secret_widgets (widget_code) VALUES ('leaky-value')");
        }
        vertx = Vertx.vertx();
        pool = PgBuilder.pool()
                .connectingTo(PgConnectOptions.fromUri(TestDatabaseResource.reactiveUrl(database))
                        .setUser(TestDatabaseResource.user()))
                .using(vertx)
                .build();
    }

    @AfterAll
    static void stop() {
        pool.closeAndAwait();
        vertx.closeAndAwait();
        resource.stop();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "23505 unique     | INSERT INTO secret_widgets (widget_code) VALUES ('leaky-value')  | 409",
                "23503 reference  | INSERT INTO secret_widgets (widget_parent) VALUES (42)           | 409",
                "23514 check      | INSERT INTO secret_widgets (widget_qty) VALUES (-1)             | 422",
                "23502 not null   | INSERT INTO secret_widgets (widget_name) VALUES (NULL)          | 422",
                "22P02 format     | INSERT INTO secret_widgets (widget_qty) VALUES ('leaky-value')  | 422",
                "22001 too long   | INSERT INTO secret_widgets (widget_short) VALUES ('abcdef')     | 422",
                "22003 range      | INSERT INTO secret_widgets (widget_small) VALUES (99999999)     | 422",
                "22008 date range | INSERT INTO secret_widgets (widget_day) VALUES ('2026-02-31')   | 422",
                "42P01 ours       | SELECT * FROM secret_widgetz                                    | 500",
            })
    void reactiveClientErrorsAreAnsweredInOurWords(String what, String sql, int status) {
        PgException e = assertThrows(
                PgException.class, () -> pool.query(sql).execute().await().indefinitely());
        assertEquals(what.substring(0, 5), e.getSqlState(), e.getMessage());
        assertClean(mappers.database(e), status);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "23505 unique | INSERT INTO secret_widgets (widget_code) VALUES ('leaky-value') | 409",
                "22001 long   | INSERT INTO secret_widgets (widget_short) VALUES ('abcdef')    | 422",
                "42P01 ours   | SELECT * FROM secret_widgetz                                   | 500",
            })
    void jdbcErrorsAreAnsweredInOurWords(String what, String sql, int status) throws SQLException {
        try (Connection c = TestDatabaseResource.connect(database);
                Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> s.execute(sql));
            assertEquals(what.substring(0, 5), e.getSQLState(), e.getMessage());
            assertClean(mappers.jdbc(e), status);
        }
    }

    private static void assertClean(Response response, int status) {
        assertEquals(status, response.getStatus());
        assertEquals(Problem.MEDIA_TYPE, String.valueOf(response.getMediaType()));
        Problem problem = (Problem) response.getEntity();
        assertNotNull(problem.detail());
        String body = (problem.title() + " " + problem.detail()).toLowerCase(Locale.ROOT);
        for (String leak : LEAKS) {
            assertFalse(body.contains(leak), "'" + leak + "' leaked into: " + body);
        }
        if (status == 500) {
            assertTrue(
                    problem.detail().matches("An unexpected error occurred; quote error id [0-9a-f-]{36} when .*"),
                    problem.detail());
        }
    }
}
