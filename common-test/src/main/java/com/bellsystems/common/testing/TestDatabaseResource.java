package com.bellsystems.common.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Gives each test run its own fresh database on the real local Postgres (127.0.0.1:5432, or
 * BELLSYS_TEST_PG_HOST/PORT) and its own MQTT topic prefix on the real local Mosquitto, so runs
 * never disturb each other. The database is dropped when the run ends.
 * <p>
 * Attach with {@code @WithTestResource(TestDatabaseResource.class)}; Flyway builds the schema at start.
 */
public class TestDatabaseResource implements QuarkusTestResourceLifecycleManager {

    private static final String HOST = System.getenv().getOrDefault("BELLSYS_TEST_PG_HOST", "127.0.0.1");
    private static final String PORT = System.getenv().getOrDefault("BELLSYS_TEST_PG_PORT", "5432");
    private static final String USER = System.getenv().getOrDefault("BELLSYS_TEST_PG_USER", "postgres");

    private String database;

    @Override
    public Map<String, String> start() {
        String run =
                UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        database = "bellsys_test_" + run;
        execute("CREATE DATABASE " + database);
        return Map.of(
                "quarkus.datasource.jdbc.url",
                jdbcUrl(database),
                "quarkus.datasource.reactive.url",
                reactiveUrl(database),
                "quarkus.datasource.username",
                USER,
                "bellsys.mqtt.topic-prefix",
                "test-" + run,
                "bellsys.test.database",
                database);
    }

    @Override
    public void stop() {
        if (database != null) {
            execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + database;
    }

    /** The run's database for the reactive client ({@code PgConnectOptions.fromUri}); the user is {@link #user()}. */
    public static String reactiveUrl(String database) {
        return "postgresql://" + HOST + ":" + PORT + "/" + database;
    }

    public static String user() {
        return USER;
    }

    /** A plain JDBC connection to the run's database, for tests that inspect it directly. */
    public static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), USER, "");
    }

    private static void execute(String sql) {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, "");
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "Test database setup failed (is Postgres running on " + HOST + ":" + PORT + "?): " + sql, e);
        }
    }
}
