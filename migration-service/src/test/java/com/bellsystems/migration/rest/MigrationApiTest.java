package com.bellsystems.migration.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bellsystems.common.testing.TestDatabaseResource;
import com.bellsystems.common.testing.TestTokens;
import com.bellsystems.migration.LegacyDb;
import com.bellsystems.migration.engine.Phase1MigrationTest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The operators' HTTP API: sysadmin only, Phase 1 through the API, the run log, verification,
 * 409 while a run holds the lock, and a run killed mid-load leaving nothing half-written.
 */
@QuarkusTest
@WithTestResource(TestDatabaseResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MigrationApiTest {

    private static final String BASE = "/api/admin/migrations";

    @ConfigProperty(name = "bellsys.migration.sqlite-path")
    Path sqlitePath;

    @ConfigProperty(name = "bellsys.test.database")
    String database;

    private static String admin() {
        return "Bearer " + TestTokens.sysadmin();
    }

    @Test
    @Order(0)
    void onlySysadminsMayUseIt() {
        given().when().get(BASE).then().statusCode(401);
        given().when().post(BASE + "/heartbeats").then().statusCode(401);
        given().when().get(BASE + "/runs").then().statusCode(401);
        String staff = "Bearer " + TestTokens.staff(Map.of("crm", Map.of("view", true)));
        given().header("Authorization", staff).when().get(BASE).then().statusCode(403);
        given().header("Authorization", staff)
                .when()
                .post(BASE + "/phases/1")
                .then()
                .statusCode(403);
        given().header("Authorization", staff)
                .when()
                .get(BASE + "/verify?phase=1")
                .then()
                .statusCode(403);
        given().header("Authorization", admin())
                .when()
                .post(BASE + "/no_such_job")
                .then()
                .statusCode(404);
        given().header("Authorization", admin())
                .when()
                .post(BASE + "/phases/9")
                .then()
                .statusCode(404);
    }

    @Test
    @Order(1)
    void phaseOneThroughTheApi() throws Exception {
        Phase1MigrationTest.messyFile(sqlitePath);
        given().header("Authorization", admin())
                .when()
                .get(BASE)
                .then()
                .statusCode(200)
                .body("findAll { it.phase == 1 }", hasSize(12))
                .body("find { it.job == 'device_logs' }.step", equalTo("1.12"));

        long id = given().header("Authorization", admin())
                .when()
                .post(BASE + "/phases/1")
                .then()
                .statusCode(202)
                .body("job", equalTo("melody_drafts"))
                .body("jobs", hasSize(12))
                .extract()
                .jsonPath()
                .getLong("id");
        waitUntil(() -> {
            // only this phase run's rows count: earlier tests in this database left failed runs
            List<Map<String, Object>> jobs = given().header("Authorization", admin())
                    .get(BASE)
                    .jsonPath()
                    .getList("findAll { it.phase == 1 }");
            boolean done = true;
            for (Map<String, Object> j : jobs) {
                @SuppressWarnings("unchecked")
                Map<String, Object> last = (Map<String, Object>) j.get("last_run");
                boolean ours = last != null && ((Number) last.get("id")).longValue() >= id;
                assertFalse(ours && "failed".equals(j.get("state")), j.toString());
                done &= ours && "succeeded".equals(j.get("state"));
            }
            return done;
        });
        given().header("Authorization", admin())
                .when()
                .get(BASE + "/runs/" + id)
                .then()
                .statusCode(200)
                .body("state", equalTo("succeeded"))
                .body("run.job", equalTo("melody_drafts"))
                .body("run.source_rows", equalTo(3))
                .body("run.dest_rows", equalTo(3))
                .body("progress.rows_done", equalTo(3))
                .body("progress.rows_total", equalTo(3));
        JsonPath log = given().header("Authorization", admin())
                .queryParam("size", 5)
                .when()
                .get(BASE + "/runs")
                .then()
                .statusCode(200)
                .body("items", hasSize(5))
                .extract()
                .jsonPath();
        assertEquals("device_logs", log.getString("items[0].job"), "newest first");
        assertTrue(log.getLong("total") >= 12);

        given().header("Authorization", admin())
                .queryParam("phase", 1)
                .when()
                .get(BASE + "/verify")
                .then()
                .statusCode(200)
                .body("ok", equalTo(true))
                .body("tables", hasSize(12))
                .body("tables.find { it.table == 'crm_comms_log' }.sampled_rows", equalTo(3));
        given().header("Authorization", admin())
                .queryParam("job", "device_logs")
                .queryParam("format", "text")
                .when()
                .get(BASE + "/verify")
                .then()
                .statusCode(200)
                .body(containsString("[PASS] device_logs"))
                .body(containsString("Source: 6 rows → Postgres: 6 rows"));
        given().header("Authorization", admin())
                .when()
                .get(BASE + "/verify")
                .then()
                .statusCode(400);
    }

    @Test
    @Order(2)
    void aSecondRunIsRefusedAndAKilledRunLeavesNothingHalfWritten() throws Exception {
        int rows = 400_000;
        try (LegacyDb db = LegacyDb.create(sqlitePath)) {
            db.deviceLogs(rows, 1_000_000L, 1_672_531_200L); // from 2023-01-01: months Postgres has no rows in
        }
        long before = count("SELECT count(*) FROM device_logs");
        long id = given().header("Authorization", admin())
                .when()
                .post(BASE + "/device_logs")
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getLong("id");
        // the lock is held from the moment the run is accepted
        given().header("Authorization", admin())
                .when()
                .post(BASE + "/heartbeats")
                .then()
                .statusCode(409)
                .contentType(containsString("problem+json"));
        given().header("Authorization", admin())
                .when()
                .post(BASE + "/phases/1")
                .then()
                .statusCode(409);

        waitUntil(() -> given().header("Authorization", admin())
                        .get(BASE + "/runs/" + id)
                        .jsonPath()
                        .getLong("progress.rows_done")
                > 0);
        long killed = count("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                + "WHERE application_name = 'bellsys-migration:device_logs'");
        assertEquals(1, killed, "the job's connection was found mid-run and killed");

        waitUntil(() -> "failed"
                .equals(given().header("Authorization", admin())
                        .get(BASE + "/runs/" + id)
                        .jsonPath()
                        .getString("state")));
        assertEquals(before, count("SELECT count(*) FROM device_logs"), "nothing of the killed load is left");
        assertEquals(
                0,
                count("SELECT count(*) FROM pg_class WHERE relname LIKE 'device_logs_2023%'"),
                "the partitions it created were rolled back too");
        try (Connection pg = TestDatabaseResource.connect(database);
                Statement st = pg.createStatement();
                ResultSet rs = st.executeQuery("SELECT success, error FROM _migration_runs WHERE id = " + id)) {
            assertTrue(rs.next());
            assertFalse(rs.getBoolean(1));
            assertTrue(rs.getString(2).contains("device_logs"), rs.getString(2));
        }

        // the lock was released and the pool is healthy: the same job now runs to the end
        long again = given().header("Authorization", admin())
                .when()
                .post(BASE + "/device_logs")
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getLong("id");
        waitUntil(() -> !"running"
                .equals(given().header("Authorization", admin())
                        .get(BASE + "/runs/" + again)
                        .jsonPath()
                        .getString("state")));
        given().header("Authorization", admin())
                .when()
                .get(BASE + "/runs/" + again)
                .then()
                .body("state", equalTo("succeeded"))
                .body("run.dest_rows", equalTo(rows));
        assertEquals(before + rows, count("SELECT count(*) FROM device_logs"));
    }

    private long count(String sql) throws Exception {
        try (Connection pg = TestDatabaseResource.connect(database);
                Statement st = pg.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    interface Condition {
        boolean met() throws Exception;
    }

    private static void waitUntil(Condition condition) throws Exception {
        long deadline = System.currentTimeMillis() + 300_000;
        while (!condition.met()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting");
            }
            Thread.sleep(20);
        }
    }
}
