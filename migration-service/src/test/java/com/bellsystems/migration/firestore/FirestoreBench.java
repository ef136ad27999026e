package com.bellsystems.migration.firestore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bellsystems.common.testing.TestDatabaseResource;
import com.bellsystems.firestore.fake.FakeFirestore;
import com.bellsystems.firestore.fake.FakeFirestoreResource;
import com.bellsystems.migration.engine.JobRegistry;
import com.bellsystems.migration.engine.MigrationRunner;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.GeoPoint;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The Phase 2 benchmark (not a test: skipped unless {@code -Dbench.customers=N} is given; run it
 * with bench/migration-firestore/run.sh). Seeds the fake Firestore with N customers and
 * {@code bench.orders-per-customer} orders each, runs crm_customers and crm_orders through the
 * real firebase-admin client and prints rows/s for both.
 */
@QuarkusTest
@WithTestResource(TestDatabaseResource.class)
@WithTestResource(FakeFirestoreResource.class)
@EnabledIfSystemProperty(named = "bench.customers", matches = "\\d+")
class FirestoreBench {

    @Inject
    MigrationRunner runner;

    @Inject
    JobRegistry registry;

    @Test
    void customersAndOrders() {
        int customers = Integer.getInteger("bench.customers");
        int perCustomer = Integer.getInteger("bench.orders-per-customer", 3);
        FakeFirestore fs = FakeFirestoreResource.server();
        long seedStart = System.nanoTime();
        for (int i = 0; i < customers; i++) {
            String id = String.format("cust-%07d", i);
            Timestamp t = Timestamp.ofTimeSecondsAndNanos(1_700_000_000L + i, (i % 1000) * 1000);
            fs.put(
                    "crm_customers/" + id,
                    FirestoreSeed.map(
                            "name",
                            "Ενορία " + i,
                            "surname",
                            "Παπαδόπουλος",
                            "folder_id",
                            "F-" + i,
                            "language",
                            "el",
                            "relationship_status",
                            i % 3 == 0 ? "active" : "lead",
                            "contacts",
                            List.of(Map.of("type", "email", "value", id + "@example.gr", "primary", true)),
                            "notes",
                            List.of(Map.of("text", "visited", "at", t)),
                            "location",
                            new GeoPoint(37.9 + i % 100 / 1000.0, 23.7),
                            "tags",
                            List.of("church", "vip"),
                            "created_at",
                            t,
                            "updated_at",
                            t,
                            "negotiating",
                            false));
            for (int k = 0; k < perCustomer; k++) {
                fs.put(
                        "crm_customers/" + id + "/orders/" + id + "-o" + k,
                        FirestoreSeed.map(
                                "order_number",
                                "ORD-" + i + "-" + k,
                                "status",
                                "paid",
                                "items",
                                List.of(Map.of("product", "p1", "qty", 2L, "price", 10.5)),
                                "subtotal",
                                21.0,
                                "total_price",
                                21.0,
                                "payment_status",
                                Map.of("paid", true, "at", t),
                                "timeline",
                                List.of(Map.of("at", t, "event", "created")),
                                "created_at",
                                t,
                                "updated_at",
                                t));
            }
        }
        System.out.printf(
                "BENCH seeded %,d customers and %,d orders into the fake in %.1f s%n",
                customers, (long) customers * perCustomer, (System.nanoTime() - seedStart) / 1e9);

        List<String> out = new ArrayList<>();
        // warm-up, untimed: builds the firebase-admin client and its gRPC channel (settings has no document here)
        assertTrue(
                runner.runNow(List.of(registry.job("settings").orElseThrow()), runner.sqlitePath(), out::add, p -> {}));
        for (String job : List.of("crm_customers", "crm_orders")) {
            Runtime rt = Runtime.getRuntime();
            System.gc();
            long started = System.nanoTime();
            boolean ok =
                    runner.runNow(List.of(registry.job(job).orElseThrow()), runner.sqlitePath(), out::add, p -> {});
            double seconds = (System.nanoTime() - started) / 1e9;
            assertTrue(ok, String.join("\n", out));
            long rows = job.equals("crm_customers") ? customers : (long) customers * perCustomer;
            System.out.printf(
                    "BENCH %s: %,d rows in %.2f s = %,.0f rows/s (heap used after: %d MB of max %d MB)%n",
                    job,
                    rows,
                    seconds,
                    rows / seconds,
                    (rt.totalMemory() - rt.freeMemory()) >> 20,
                    rt.maxMemory() >> 20);
        }
        out.stream()
                .filter(l -> l.contains("Source:") && !l.startsWith("console_settings"))
                .forEach(l -> System.out.println("BENCH " + l));
        assertEquals(0, fs.writeCount());
    }
}
