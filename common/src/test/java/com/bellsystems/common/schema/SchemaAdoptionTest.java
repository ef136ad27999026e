package com.bellsystems.common.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bellsystems.common.testing.AlembicDatabase;
import com.bellsystems.common.testing.TestDatabaseResource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The start-up path every service runs ({@link SchemaAdoption#migrate}), on the Alembic fixture:
 * adopted with every row kept and the schema of a fresh database; refused, untouched, when the
 * schema differs, the revision is unknown, or nothing says what made the tables.
 */
class SchemaAdoptionTest {

    private final List<TestDatabaseResource> resources = new ArrayList<>();

    @AfterEach
    void drop() {
        resources.forEach(TestDatabaseResource::stop);
    }

    @Test
    void alembicDatabaseIsAdoptedKeepingEveryRowAndGetsTheFreshSchema() throws Exception {
        String db = alembicDatabase();
        SortedMap<String, List<String>> columns;
        SortedMap<String, String> before;
        try (Connection c = TestDatabaseResource.connect(db)) {
            columns = AlembicDatabase.tableColumns(c);
            before = AlembicDatabase.fingerprints(c, columns);
        }
        assertEquals(25, columns.size(), "every fixture table: " + columns.keySet());
        for (String table : columns.keySet()) {
            assertTrue(before.keySet().stream().anyMatch(k -> k.startsWith(table + " ")), "rows in " + table);
        }

        List<String> log = Collections.synchronizedList(new ArrayList<>());
        SchemaCheck check = adoption(db).migrate(log::add);

        assertEquals(SchemaCheck.State.ADOPTABLE, check.state(), check.text());
        String all = String.join("\n", log);
        assertTrue(all.contains("Alembic-managed at revision c2d3e4f5a6b7 and the schema matches the baseline"), all);
        assertTrue(all.contains("Flyway baselined at version 1"), all);
        assertTrue(all.contains("applied "), all);
        try (Connection c = TestDatabaseResource.connect(db)) {
            assertEquals(before, AlembicDatabase.fingerprints(c, columns), "every row kept, same content");
            assertEquals(
                    List.of("1 BASELINE Alembic c2d3e4f5a6b7 adopted"),
                    strings(
                            c,
                            "SELECT version || ' ' || type || ' ' || description FROM flyway_schema_history "
                                    + "WHERE installed_rank = 1"));
            assertEquals(
                    List.of("BASELINE"),
                    strings(c, "SELECT type FROM flyway_schema_history WHERE version = '1'"),
                    "V1 was never run on the adopted database");
            assertEquals(List.of("c2d3e4f5a6b7"), strings(c, "SELECT version_num FROM alembic_version"));
            assertEquals(
                    List.of("2026-04-17 09:00:00+00"),
                    strings(c, "SET TimeZone = 'UTC'; SELECT started_at::text FROM _migration_runs WHERE id = 1"),
                    "legacy run rows get started_at = ran_at");
        }

        String fresh = freshDatabase();
        try (Connection a = TestDatabaseResource.connect(db);
                Connection f = TestDatabaseResource.connect(fresh)) {
            SchemaSnapshot adopted = SchemaSnapshot.read(a);
            SchemaSnapshot full = SchemaSnapshot.read(f);
            assertEquals(full.text(), adopted.text(), "the adopted schema is the fresh one, object by object");
            assertTrue(full.objects()
                    .containsKey("function ensure_device_logs_partitions(from_month date, to_month date)"));
            assertTrue(full.objects().keySet().stream().anyMatch(k -> k.startsWith("trigger ")), "triggers compared");
        }

        // a second start (or a second service) finds the Flyway history and has nothing to do
        List<String> again = new ArrayList<>();
        assertEquals(SchemaCheck.State.FLYWAY, adoption(db).migrate(again::add).state());
        assertTrue(String.join("\n", again).contains("up to date"), again.toString());
    }

    @Test
    void servicesStartingTogetherAdoptOnce() throws Exception {
        String db = alembicDatabase();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<SchemaCheck>> starts = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                starts.add(pool.submit(() -> adoption(db).migrate(line -> {})));
            }
            List<SchemaCheck.State> states = new ArrayList<>();
            for (Future<SchemaCheck> f : starts) {
                states.add(f.get(5, TimeUnit.MINUTES).state());
            }
            assertEquals(
                    1,
                    states.stream()
                            .filter(s -> s == SchemaCheck.State.ADOPTABLE)
                            .count(),
                    states.toString());
            assertEquals(
                    2,
                    states.stream().filter(s -> s == SchemaCheck.State.FLYWAY).count(),
                    states.toString());
        } finally {
            pool.shutdownNow();
        }
        try (Connection c = TestDatabaseResource.connect(db)) {
            assertEquals(
                    List.of("1"), strings(c, "SELECT count(*) FROM flyway_schema_history WHERE type = 'BASELINE'"));
        }
    }

    @Test
    void aColumnOfAnotherTypeRefusesStartAndChangesNothing() throws Exception {
        String db = alembicDatabase();
        execute(db, "ALTER TABLE heartbeats ALTER COLUMN uptime_seconds TYPE INTEGER");
        SchemaRefusedException e = refusedUntouched(db);
        assertTrue(
                e.getMessage()
                        .contains(
                                "different column heartbeats.uptime_seconds: expected bigint null, found integer null"),
                e.getMessage());
        assertTrue(e.getMessage().contains("the schema differs from the baseline"), e.getMessage());
    }

    @Test
    void aMissingIndexAndAnExtraTableAreListed() throws Exception {
        String db = alembicDatabase();
        execute(db, "DROP INDEX idx_audit_action; CREATE TABLE admin_users_backup (id TEXT PRIMARY KEY)");
        SchemaRefusedException e = refusedUntouched(db);
        assertTrue(e.getMessage().contains("missing index audit_log.idx_audit_action"), e.getMessage());
        assertTrue(e.getMessage().contains("unexpected table admin_users_backup"), e.getMessage());
    }

    @Test
    void aPartitionOnLocalTimeBoundsIsRefused() throws Exception {
        String db = alembicDatabase();
        execute(
                db,
                "SET TimeZone = 'Europe/Athens'; CREATE TABLE device_logs_2026_07 PARTITION OF device_logs "
                        + "FOR VALUES FROM ('2026-07-01') TO ('2026-08-01')");
        SchemaRefusedException e = refusedUntouched(db);
        assertTrue(
                e.getMessage().contains("partition device_logs_2026_07 of device_logs")
                        && e.getMessage().contains("bounds are not the UTC month 2026-07"),
                e.getMessage());
    }

    @Test
    void anUnknownAlembicRevisionIsRefused() throws Exception {
        String db = alembicDatabase();
        execute(db, "UPDATE alembic_version SET version_num = 'ffff00001111'");
        SchemaRefusedException e = refusedUntouched(db);
        assertTrue(e.getMessage().contains("Alembic revision ffff00001111 is not one bellsys knows"), e.getMessage());
        assertTrue(
                e.getMessage().contains("schema matches"),
                "the report still shows the schema check: " + e.getMessage());
    }

    @Test
    void tablesWithoutAnyHistoryAreRefused() throws Exception {
        String db = alembicDatabase();
        execute(db, "DROP TABLE alembic_version");
        SchemaRefusedException e = refusedUntouched(db);
        assertTrue(e.getMessage().contains("but neither flyway_schema_history nor alembic_version"), e.getMessage());
    }

    @Test
    void anEmptyFlywayHistoryBesideAlembicIsRefused() throws Exception {
        String db = alembicDatabase();
        execute(db, "CREATE TABLE flyway_schema_history (installed_rank INT PRIMARY KEY)");
        SchemaRefusedException e =
                assertThrows(SchemaRefusedException.class, () -> adoption(db).migrate(l -> {}));
        assertTrue(e.getMessage().contains("EMPTY flyway_schema_history"), e.getMessage());
    }

    @Test
    void anEmptyDatabaseGetsTheWholeSchema() throws Exception {
        TestDatabaseResource r = new TestDatabaseResource();
        resources.add(r);
        String db = r.start().get("bellsys.test.database");
        assertEquals(SchemaCheck.State.EMPTY, adoption(db).check().state());
        assertEquals(SchemaCheck.State.EMPTY, adoption(db).migrate(l -> {}).state());
        try (Connection a = TestDatabaseResource.connect(db);
                Connection f = TestDatabaseResource.connect(freshDatabase())) {
            assertEquals(SchemaSnapshot.read(f).text(), SchemaSnapshot.read(a).text());
        }
    }

    /** Start-up refuses, and neither the schema nor any row changed; no Flyway history was created. */
    private SchemaRefusedException refusedUntouched(String db) throws SQLException {
        SchemaSnapshot schemaBefore;
        SortedMap<String, List<String>> columns;
        SortedMap<String, String> rowsBefore;
        try (Connection c = TestDatabaseResource.connect(db)) {
            schemaBefore = SchemaSnapshot.read(c);
            columns = AlembicDatabase.tableColumns(c);
            rowsBefore = AlembicDatabase.fingerprints(c, columns);
        }
        SchemaAdoption adoption = adoption(db);
        assertFalse(adoption.check().canStart());
        SchemaRefusedException e = assertThrows(SchemaRefusedException.class, () -> adoption.migrate(l -> {}));
        assertTrue(e.getMessage().startsWith("start-up refused, database left untouched."), e.getMessage());
        try (Connection c = TestDatabaseResource.connect(db)) {
            assertEquals(schemaBefore, SchemaSnapshot.read(c), "schema untouched");
            assertEquals(rowsBefore, AlembicDatabase.fingerprints(c, columns), "rows untouched");
            assertEquals(
                    List.of("false"), strings(c, "SELECT (to_regclass('flyway_schema_history') IS NOT NULL)::text"));
        }
        return e;
    }

    private String alembicDatabase() {
        TestDatabaseResource r = new TestDatabaseResource();
        resources.add(r);
        String db = r.start().get("bellsys.test.database");
        AlembicDatabase.load(db);
        return db;
    }

    private String freshDatabase() {
        TestDatabaseResource r = new TestDatabaseResource();
        resources.add(r);
        String db = r.start().get("bellsys.test.database");
        flyway(db).migrate();
        return db;
    }

    private static Flyway flyway(String db) {
        return Flyway.configure()
                .dataSource(TestDatabaseResource.jdbcUrl(db), "postgres", "")
                .locations("classpath:db/migration")
                .load();
    }

    private static SchemaAdoption adoption(String db) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(TestDatabaseResource.jdbcUrl(db));
        ds.setUser("postgres");
        return new SchemaAdoption(ds, flyway(db), Set.of(AlembicDatabase.REVISION));
    }

    private static void execute(String db, String sql) throws SQLException {
        try (Connection c = TestDatabaseResource.connect(db);
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            boolean results = s.execute(sql);
            while (!results && s.getUpdateCount() != -1) {
                results = s.getMoreResults();
            }
            try (ResultSet rs = s.getResultSet()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }
}
