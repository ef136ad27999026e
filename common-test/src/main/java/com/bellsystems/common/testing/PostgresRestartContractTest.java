package com.bellsystems.common.testing;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.Response;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Readiness follows Postgres: after a restart of the database the service reports ready again
 * within seconds (on Kubernetes a readiness stuck DOWN takes every pod out of its Service at once).
 * Both pools must recover: the reactive one serving requests and the JDBC one (Flyway, migration
 * jobs), which kept broken connections for minutes. Runs against a {@link PrivatePostgresResource}
 * (subclass with {@code @QuarkusTest @WithTestResource(PrivatePostgresResource.class)}).
 */
public abstract class PostgresRestartContractTest {

    /** The acceptance bound; the recovery measured on a loaded 2-core box is printed. */
    static final long RECOVERY_BOUND_MILLIS = 10_000;

    @Test
    void readinessIsUpWithinSecondsOfAPostgresRestart() throws InterruptedException {
        // UP first (connections to the broker or pools may still be opening when the app has just
        // started), and the pools hold connections that the restart will break
        long start = System.nanoTime();
        Response first = ready();
        while (first.statusCode() != 200 && millisSince(start) < 30_000) {
            Thread.sleep(200);
            first = ready();
        }
        assertEquals(200, first.statusCode(), "readiness before the restart: " + first.asString());
        for (int i = 0; i < 3; i++) {
            Response before = ready();
            assertEquals(200, before.statusCode(), before.asString());
        }
        String dir = ConfigProvider.getConfig().getValue("bellsys.test.private-pg.dir", String.class);
        int port = ConfigProvider.getConfig().getValue("bellsys.test.private-pg.port", Integer.class);

        // Down for a few seconds, probed meanwhile as Kubernetes would (the probes fail; a pool
        // that tries to connect while the database is away must not stay broken afterwards).
        PrivatePostgresResource.stopCluster(dir);
        long down = System.nanoTime();
        while (millisSince(down) < 4_000) {
            Response during = ready();
            assertEquals(503, during.statusCode(), "readiness while Postgres is down: " + during.asString());
            Thread.sleep(500);
        }
        PrivatePostgresResource.startCluster(dir, port);
        long back = System.nanoTime();
        Response last = ready();
        while (last.statusCode() != 200 && millisSince(back) < 3 * RECOVERY_BOUND_MILLIS) {
            Thread.sleep(100);
            last = ready();
        }
        long recovered = millisSince(back);
        System.out.printf(
                "readiness UP %d ms after Postgres accepted connections again (%s)%n", recovered, last.asString());
        assertEquals(200, last.statusCode(), "readiness after the restart: " + last.asString());
        assertTrue(
                recovered <= RECOVERY_BOUND_MILLIS,
                "readiness took " + recovered + " ms to recover (bound " + RECOVERY_BOUND_MILLIS + " ms): "
                        + last.asString());
        // and it stays UP (a check that is UP once by luck and DOWN on the next call is not recovery)
        for (int i = 0; i < 3; i++) {
            Response after = ready();
            assertEquals(200, after.statusCode(), after.asString());
        }
    }

    private static Response ready() {
        return given().when().get("/q/health/ready");
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
