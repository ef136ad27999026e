package com.bellsystems.ingest.partition;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bellsystems.common.testing.MosquittoResource;
import com.bellsystems.common.testing.TestDatabaseResource;
import com.bellsystems.common.testing.TestTokens;
import com.bellsystems.ingest.partition.service.PartitionMaintenance;
import com.bellsystems.ingest.support.Db;
import com.bellsystems.ingest.support.MutableClock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Monthly partitions follow the (controlled) clock across a month boundary; retention drops whole old months. */
@QuarkusTest
@WithTestResource(TestDatabaseResource.class)
@WithTestResource(MosquittoResource.class)
class PartitionMaintenanceTest {

    @Inject
    PartitionMaintenance maintenance;

    @Inject
    MutableClock clock;

    @AfterEach
    void realTime() {
        clock.reset();
    }

    @Test
    void partitionsAreCreatedAheadAcrossAMonthBoundary() {
        clock.set(Instant.parse("2025-01-31T23:59:00Z"));
        assertEquals(List.of("device_logs_2025_01", "device_logs_2025_02"), ensure());
        assertEquals(List.of(), ensure()); // idempotent

        clock.set(Instant.parse("2025-02-01T00:01:00Z"));
        assertEquals(List.of("device_logs_2025_03"), ensure());
        assertTrue(
                partitions().containsAll(List.of("device_logs_2025_01", "device_logs_2025_02", "device_logs_2025_03")));

        // a row received at the boundary lands in the month it belongs to
        Db.execute(
                Db.database(),
                "INSERT INTO device_logs (device_serial, level, message, received_at) VALUES"
                        + " ('BC-PART-1', 'INFO', 'jan', '2025-01-31T23:59:59.999Z'), ('BC-PART-1', 'INFO', 'feb', '2025-02-01T00:00:00Z')");
        assertEquals(
                List.of("device_logs_2025_01 jan", "device_logs_2025_02 feb"),
                Db.strings(
                        "SELECT tableoid::regclass::text || ' ' || message FROM device_logs WHERE device_serial = 'BC-PART-1' ORDER BY received_at"));
    }

    @Test
    void retentionDropsOnlyPartitionsWhollyOlderThanSixMonths() {
        clock.set(Instant.parse("2024-03-10T12:00:00Z"));
        ensure();
        clock.set(Instant.parse("2024-05-10T12:00:00Z"));
        ensure();
        clock.set(Instant.parse("2024-09-30T12:00:00Z"));
        ensure();
        Db.execute(
                Db.database(),
                "INSERT INTO device_logs (device_serial, level, message, received_at) VALUES"
                        + " ('BC-RET-1', 'INFO', 'march', '2024-03-15T00:00:00Z'), ('BC-RET-1', 'INFO', 'april', '2024-04-30T23:00:00Z')");

        // on 2024-10-15, six months back is 2024-04-15: March ended before it, April did not
        clock.set(Instant.parse("2024-10-15T03:00:00Z"));
        List<String> dropped = maintenance.applyRetention().await().atMost(Duration.ofSeconds(30));
        assertEquals(List.of("device_logs_2024_03"), dropped);
        assertFalse(partitions().contains("device_logs_2024_03"));
        assertTrue(partitions().contains("device_logs_2024_04"));
        assertEquals(List.of("april"), Db.strings("SELECT message FROM device_logs WHERE device_serial = 'BC-RET-1'"));
        assertEquals(List.of(), maintenance.applyRetention().await().atMost(Duration.ofSeconds(30)));

        // the month boundary: on November 1st April is wholly older than six months
        clock.set(Instant.parse("2024-11-01T00:00:01Z"));
        assertEquals(
                List.of("device_logs_2024_04"),
                maintenance.applyRetention().await().atMost(Duration.ofSeconds(30)));
        assertTrue(partitions().contains("device_logs_2024_05"));
    }

    @Test
    void retentionIsOffByDefaultAndItsDryRunListsWhatItWouldDrop() {
        clock.set(Instant.parse("2023-01-10T12:00:00Z"));
        ensure();
        Db.execute(
                Db.database(),
                "INSERT INTO device_logs (device_serial, level, message, received_at) VALUES"
                        + " ('BC-DRY-1', 'INFO', 'legacy january', '2023-01-15T00:00:00Z')");

        clock.set(Instant.parse("2023-09-15T03:00:00Z"));
        // the daily run keeps everything while retention is off (the first run after Phase 1)
        assertEquals(List.of(), maintenance.runMaintenance().await().atMost(Duration.ofSeconds(30)));
        assertTrue(partitions().contains("device_logs_2023_01"));
        assertEquals(
                List.of("legacy january"),
                Db.strings("SELECT message FROM device_logs WHERE device_serial = 'BC-DRY-1'"));

        // the dry run names it, for operators only
        given().auth()
                .oauth2(TestTokens.sysadmin())
                .get("/api/devices/partitions/retention")
                .then()
                .statusCode(200)
                .body("enabled", equalTo(false))
                .body("retention_months", equalTo(6))
                .body("keep_from", equalTo("2023-03-01"))
                .body("would_drop.name", hasItem("device_logs_2023_01"))
                .body("would_drop.name", not(hasItem("device_logs_2023_03")));
        given().auth()
                .oauth2(TestTokens.staff(java.util.Map.of("devices", true)))
                .get("/api/devices/partitions/retention")
                .then()
                .statusCode(403);
        given().get("/api/devices/partitions/retention").then().statusCode(401);
        assertTrue(partitions().contains("device_logs_2023_01"));
    }

    private List<String> ensure() {
        return maintenance.ensurePartitions().await().atMost(Duration.ofSeconds(30));
    }

    private static List<String> partitions() {
        return Db.strings("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                + " JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'device_logs' ORDER BY 1");
    }
}
