package com.bellsystems.migration.engine;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bellsystems.common.testing.TestDatabaseResource;
import com.bellsystems.common.testing.TestTokens;
import com.bellsystems.migration.LegacyDb;
import com.bellsystems.migration.cli.MigrationCli;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The plan's order is enforced: a Phase 2 job before Phase 1 is refused with the reason, before
 * its source is read; an operator's override lets it run, and is logged and stored with the run.
 */
@QuarkusTest
@TestProfile(PrerequisitesTest.OwnDatabase.class)
@WithTestResource(TestDatabaseResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrerequisitesTest {

    /** A profile of its own restarts the service with its own database: no Phase 1 job may have succeeded in it. */
    public static class OwnDatabase implements QuarkusTestProfile {}

    @Inject
    MigrationRunner runner;

    @Inject
    JobRegistry registry;

    @Inject
    MigrationCli cli;

    @ConfigProperty(name = "bellsys.test.database")
    String database;

    /** A Phase 2 job that reads nothing, so that the override's effect is visible without Firestore. */
    static final class EmptyPhase2Job implements MigrationJob {
        boolean ran;

        @Override
        public String name() {
            return "test_empty_phase2";
        }

        @Override
        public int phase() {
            return 2;
        }

        @Override
        public String step() {
            return "2.x";
        }

        @Override
        public JobResult run(JobContext ctx) {
            ran = true;
            return new JobResult(0, 0, 0, "Source: 0 rows → Postgres: 0 rows ✓", List.of());
        }

        @Override
        public TableReport verify(JobContext ctx, int sample) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    @Order(1)
    void aPhase2JobBeforePhase1IsRefusedWithTheReasonAndAnOverrideIsLoggedAndStored() throws Exception {
        List<String> out = new ArrayList<>();
        assertFalse(runner.runNow(
                List.of(registry.job("crm_products").orElseThrow()), runner.sqlitePath(), out::add, p -> {}));
        String error = last("crm_products", "error");
        assertTrue(
                error.startsWith("crm_products: refused, Phase 1 must be complete before Phase 2, and melody_drafts, "
                        + "built_melodies,"),
                error);
        assertTrue(error.contains("device_logs have not succeeded yet. Nothing was read or written"), error);
        assertEquals("f", last("crm_products", "success"));
        assertEquals("0", one("SELECT count(*) FROM crm_products"));

        // crm_orders also names its own prerequisite
        assertFalse(runner.runNow(
                List.of(registry.job("crm_orders").orElseThrow()), runner.sqlitePath(), out::add, p -> {}));
        assertTrue(
                last("crm_orders", "error").contains("run crm_customers (step 2.4) before crm_orders (step 2.5)"),
                last("crm_orders", "error"));

        // the operator overrides: the job runs; the override is in the output, the log and the run's row
        EmptyPhase2Job job = new EmptyPhase2Job();
        out.clear();
        assertTrue(runner.runNow(List.of(job), runner.sqlitePath(), "rehearsal on a copy", out::add, p -> {}));
        assertTrue(job.ran);
        assertTrue(
                out.stream()
                        .anyMatch(l -> l.startsWith("[2.x] test_empty_phase2: WARNING prerequisites override by the "
                                + "operator (rehearsal on a copy): Phase 1 must be complete before Phase 2")),
                String.join("\n", out));
        assertEquals("t", last("test_empty_phase2", "success"));
        assertTrue(
                last("test_empty_phase2", "prerequisites_overridden")
                        .startsWith("override by the operator (rehearsal on a copy): Phase 1 must be complete"),
                last("test_empty_phase2", "prerequisites_overridden"));
        // a job that was not refused stores no override
        assertNull(one("SELECT prerequisites_overridden FROM _migration_runs WHERE script_name = 'crm_products'"));
    }

    @Test
    @Order(2)
    void theCliVerifiesAPhaseAndRefusesOutOfOrderJobsUnlessOverridden() throws Exception {
        Path empty = Files.createTempFile("legacy-empty", ".db");
        LegacyDb.create(empty).close();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        assertEquals(
                0, cli.run(new String[] {"verify", "phase1", "--sqlite", empty.toString()}, print), bytes.toString());
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("Verification of phase 1: PASS"), bytes.toString());

        bytes.reset();
        assertEquals(1, cli.run(new String[] {"verify", "phase9"}, print));
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("phase"), bytes.toString());

        bytes.reset();
        assertEquals(1, cli.run(new String[] {"migrate", "staff", "--sqlite", empty.toString()}, print));
        assertTrue(
                bytes.toString(StandardCharsets.UTF_8)
                        .contains("staff: FAILED: staff: refused, Phase 1 must be complete before Phase 3"),
                bytes.toString());
    }

    @Test
    @Order(3)
    void theApiRefusesAPhaseOutOfOrderAndTakesAnOverride() throws Exception {
        long refused = start("/api/admin/migrations/phases/3");
        assertEquals("f", finished(refused, "success"));
        assertTrue(
                finished(refused, "error").startsWith("staff: refused, Phase 1 must be complete before Phase 3"),
                finished(refused, "error"));

        // with an override the job runs (and fails here only because this test has no Firestore)
        long overridden = start("/api/admin/migrations/staff?override=api-rehearsal");
        assertTrue(
                finished(overridden, "prerequisites_overridden")
                        .startsWith("override by the operator (api-rehearsal): Phase 1 must be complete"),
                finished(overridden, "prerequisites_overridden"));
        assertFalse(finished(overridden, "error").contains("refused"), finished(overridden, "error"));
    }

    /** POSTs until the previous run has released the lock; returns the new run's id. */
    private long start(String path) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            var response = given().header("Authorization", "Bearer " + TestTokens.sysadmin())
                    .when()
                    .post(path)
                    .then()
                    .extract();
            if (response.statusCode() != 409 || System.currentTimeMillis() > deadline) {
                assertEquals(202, response.statusCode(), response.body().asString());
                return ((Number) response.path("id")).longValue();
            }
            Thread.sleep(100);
        }
    }

    /** A column of a run once it has finished. */
    private String finished(long id, String column) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline
                && one("SELECT count(*) FROM _migration_runs WHERE id = " + id + " AND success IS NOT NULL")
                        .equals("0")) {
            Thread.sleep(100);
        }
        return one("SELECT " + column + " FROM _migration_runs WHERE id = " + id);
    }

    private String last(String job, String column) throws Exception {
        return one("SELECT " + column + " FROM _migration_runs WHERE script_name = '" + job
                + "' ORDER BY id DESC LIMIT 1");
    }

    private String one(String sql) throws Exception {
        try (Connection c = TestDatabaseResource.connect(database);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getString(1);
        }
    }
}
