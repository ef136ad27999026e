package com.bellsystems.common.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings any database bellsys may meet to its schema, the same way in every service, or refuses
 * before changing anything (docs/schema.md, "Adopting an Alembic database"):
 * <ul>
 *   <li>empty: Flyway applies the whole history from V1;
 *   <li>Flyway history present: Flyway applies what is pending;
 *   <li>Alembic-managed ({@code alembic_version}, no Flyway history) at a configured revision whose
 *       schema matches the stored baseline ({@value #BASELINE_RESOURCE}, what V1 makes): Flyway is
 *       baselined at {@value #BASELINE_VERSION} (V1 is never run there, no table is re-created) and
 *       V2+ are applied in one transaction, so a failure leaves the schema as Alembic left it;
 *   <li>anything else (unknown revision, a schema difference, tables without any history, an empty
 *       Flyway history beside Alembic's): {@link SchemaRefusedException} with the full report.
 * </ul>
 * The whole decision and the migration run under one session-level advisory lock, so services
 * starting together take turns: the first adopts, the others then find a Flyway history and have
 * nothing to do. Plain JDBC and Flyway (no Quarkus), so tests and the CLI use exactly this path.
 */
public final class SchemaAdoption {

    /** The Flyway version that stands for the Alembic schema (V1 makes exactly that schema). */
    public static final String BASELINE_VERSION = "1";

    /** The schema V1 makes, as {@link SchemaSnapshot#text()}; the test SchemaBaselineTest keeps it true. */
    public static final String BASELINE_RESOURCE = "db/baseline/alembic-phase3.schema";

    /** Advisory lock key ("bellsys" + 1) taken around every start-up schema step. */
    public static final long LOCK_KEY = 0x62656c6c73797331L;

    private final DataSource dataSource;
    private final Flyway flyway;
    private final Set<String> knownRevisions;

    /**
     * @param flyway configured with bellsys's migrations (locations, history table)
     * @param knownRevisions Alembic revisions whose schema the baseline describes (bellsys.schema.alembic-revisions)
     */
    public SchemaAdoption(DataSource dataSource, Flyway flyway, Set<String> knownRevisions) {
        this.dataSource = dataSource;
        this.flyway = flyway;
        this.knownRevisions = Set.copyOf(knownRevisions);
    }

    /** The stored baseline: the schema the Alembic history is expected to have left. */
    public static SchemaSnapshot baseline() {
        try (InputStream in = SchemaAdoption.class.getClassLoader().getResourceAsStream(BASELINE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + BASELINE_RESOURCE);
            }
            return SchemaSnapshot.parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the database and says what start-up would do; changes nothing. */
    public SchemaCheck check() {
        try (Connection c = dataSource.getConnection()) {
            return check(c);
        } catch (SQLException e) {
            throw new IllegalStateException("schema check failed: " + e.getMessage(), e);
        }
    }

    /**
     * Migrates (adopting an Alembic database if it is adoptable), reporting each step to {@code log};
     * throws {@link SchemaRefusedException} without changing anything if the database cannot be used.
     */
    public SchemaCheck migrate(Consumer<String> log) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            if (!lockNow(c)) {
                log.accept("schema: waiting for another service's schema step (advisory lock " + LOCK_KEY + ")");
                execute(c, "SELECT pg_advisory_lock(" + LOCK_KEY + ")");
            }
            try {
                SchemaCheck check = check(c);
                switch (check.state()) {
                    case EMPTY, FLYWAY -> {
                        log.accept("schema: " + check.summary());
                        try {
                            report(flyway.migrate(), log);
                        } catch (FlywayValidateException e) {
                            // Flyway validates before it changes anything
                            throw new SchemaRefusedException("start-up refused, database left untouched: its Flyway"
                                    + " history does not match bellsys's migrations (a development database"
                                    + " migrated before V1 became the Alembic baseline is one case: recreate it). "
                                    + e.getMessage());
                        }
                    }
                    case ADOPTABLE -> adopt(c, check, log);
                    default ->
                        throw new SchemaRefusedException("start-up refused, database left untouched.\n" + check.text());
                }
                return check;
            } finally {
                execute(c, "SELECT pg_advisory_unlock(" + LOCK_KEY + ")");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("schema step failed: " + e.getMessage(), e);
        }
    }

    private void adopt(Connection c, SchemaCheck check, Consumer<String> log) throws SQLException {
        log.accept("schema: " + check.summary());
        check.diff().notes().forEach(n -> log.accept("schema: note: " + n));
        Flyway adoption = Flyway.configure(flyway.getConfiguration().getClassLoader())
                .configuration(flyway.getConfiguration())
                .baselineVersion(BASELINE_VERSION)
                .baselineDescription("Alembic " + check.alembicRevision() + " adopted")
                // V2+ in one transaction: all of them or none, never a half-migrated database
                .group(true)
                .load();
        adoption.baseline();
        // An existing empty history makes baseline() succeed without writing a row (flyway#2754):
        // check that the marker is really there before migrating above it.
        String table = flyway.getConfiguration().getTable();
        if (count(
                        c,
                        "SELECT count(*) FROM \"" + table + "\" WHERE type = 'BASELINE' AND version = '"
                                + BASELINE_VERSION + "'")
                != 1) {
            throw new IllegalStateException("Flyway baseline did not write its marker in " + table);
        }
        log.accept("schema: Flyway baselined at version " + BASELINE_VERSION + " (Alembic revision "
                + check.alembicRevision() + "; V1 not run, no table re-created; alembic_version kept)");
        report(adoption.migrate(), log);
    }

    private static void report(MigrateResult result, Consumer<String> log) {
        if (result.migrationsExecuted == 0) {
            log.accept("schema: up to date at version " + result.initialSchemaVersion);
        } else {
            log.accept("schema: applied " + result.migrationsExecuted + " migration(s) "
                    + result.migrations.stream().map(m -> "V" + m.version).toList() + ", now at version "
                    + result.targetSchemaVersion);
        }
    }

    SchemaCheck check(Connection c) throws SQLException {
        String table = flyway.getConfiguration().getTable();
        boolean flywayHistory = exists(c, table);
        long flywayRows = flywayHistory ? count(c, "SELECT count(*) FROM \"" + table + "\"") : 0;
        boolean alembic = exists(c, "alembic_version");
        List<String> revisions = alembic ? strings(c, "SELECT version_num FROM alembic_version") : List.of();
        String revision = revisions.isEmpty() ? null : String.join(",", revisions);
        SchemaSnapshot live = SchemaSnapshot.read(c);

        if (flywayRows > 0) {
            String version = flyway.info().current() == null
                    ? "?"
                    : flyway.info().current().getVersion().getVersion();
            return new SchemaCheck(
                    SchemaCheck.State.FLYWAY,
                    "managed by Flyway at version " + version
                            + (alembic ? " (adopted from Alembic, alembic_version " + revision + " kept)" : ""),
                    revision,
                    null,
                    pending());
        }
        if (alembic) {
            if (flywayHistory) {
                return refused(
                        revision,
                        "both alembic_version and an EMPTY " + table + " exist (an interrupted attempt or a manual"
                                + " step; Flyway would then 'baseline' without writing a row, flyway#2754). Check "
                                + table + " is empty, drop it, and start again.",
                        null);
            }
            if (revisions.size() != 1) {
                return refused(
                        revision,
                        "alembic_version holds " + revisions.size() + " rows " + revisions
                                + "; adoption needs exactly one revision.",
                        null);
            }
            SchemaDiff diff = SchemaDiff.between(baseline(), live);
            if (!knownRevisions.contains(revision)) {
                return refused(
                        revision,
                        "Alembic revision " + revision
                                + " is not one bellsys knows (bellsys.schema.alembic-revisions = "
                                + knownRevisions + "). If the schema below matches, add the revision to that list"
                                + " (BELLSYS_SCHEMA_ALEMBIC_REVISIONS) and start again; see docs/cutover.md.",
                        diff);
            }
            if (!diff.matches()) {
                return refused(
                        revision,
                        "Alembic revision " + revision + " is known, but the schema differs from the baseline"
                                + " (db/baseline/alembic-phase3.schema); nothing can be adopted until it matches.",
                        diff);
            }
            return new SchemaCheck(
                    SchemaCheck.State.ADOPTABLE,
                    "Alembic-managed at revision " + revision + " and the schema matches the baseline: adoptable"
                            + " (Flyway baseline at version " + BASELINE_VERSION + ", then migrations above it)",
                    revision,
                    diff,
                    pending());
        }
        if (live.isEmpty()) {
            return new SchemaCheck(
                    SchemaCheck.State.EMPTY, "empty database: Flyway creates the whole schema", null, null, pending());
        }
        List<String> tables = live.objects().keySet().stream()
                .filter(k -> k.startsWith("table "))
                .map(k -> k.substring(6))
                .toList();
        return new SchemaCheck(
                SchemaCheck.State.UNMANAGED,
                "start-up refused: the schema holds " + tables.size() + " table(s) " + abbreviate(tables)
                        + " but neither " + table + " nor alembic_version, so nothing says what made them."
                        + " bellsys adopts only an Alembic-managed database (docs/cutover.md).",
                null,
                null,
                List.of());
    }

    private static SchemaCheck refused(String revision, String why, SchemaDiff diff) {
        return new SchemaCheck(SchemaCheck.State.ALEMBIC_REFUSED, "not adoptable: " + why, revision, diff, List.of());
    }

    private List<String> pending() {
        return Arrays.stream(flyway.info().pending())
                .map(MigrationInfo::getVersion)
                .map(v -> "V" + v)
                .toList();
    }

    private static String abbreviate(List<String> names) {
        return names.size() <= 8 ? names.toString() : names.subList(0, 8) + " and " + (names.size() - 8) + " more";
    }

    private static boolean lockNow(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_try_advisory_lock(" + LOCK_KEY + ")")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static boolean exists(Connection c, String table) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT to_regclass(format('%I.%I', current_schema(), ?::text)) IS NOT NULL")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
