package com.bellsystems.ingest.support;

import com.bellsystems.common.testing.TestDatabaseResource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.eclipse.microprofile.config.ConfigProvider;

/** Plain JDBC reads of the run's database, and polling until an asynchronous effect shows. */
public final class Db {

    private Db() {}

    public static String database() {
        return ConfigProvider.getConfig().getValue("bellsys.test.database", String.class);
    }

    public static long count(String sql) {
        return Long.parseLong(strings(sql).get(0));
    }

    public static List<String> strings(String sql) {
        try (Connection c = TestDatabaseResource.connect(database());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    public static void execute(String database, String sql) {
        try (Connection c = TestDatabaseResource.connect(database);
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Polls until the condition holds; fails with the message after the timeout. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("timed out waiting for " + what + "; service state: " + serviceState());
    }

    /** The ingest pipeline's metrics and readiness, so a timeout says where messages were stuck. */
    public static String serviceState() {
        try {
            String metrics =
                    io.restassured.RestAssured.given().when().get("/q/metrics").asString();
            String ingest = metrics.lines()
                    .filter(l -> l.startsWith("bellsys_ingest") && !l.contains("rejected"))
                    .collect(java.util.stream.Collectors.joining("; "));
            return ingest + " | ready: "
                    + io.restassured.RestAssured.given()
                            .when()
                            .get("/q/health/ready")
                            .asString();
        } catch (RuntimeException e) {
            return "unavailable (" + e + ")";
        }
    }
}
