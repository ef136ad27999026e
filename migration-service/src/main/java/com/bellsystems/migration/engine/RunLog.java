package com.bellsystems.migration.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code _migration_runs} log. Every write is its own autocommit statement on its own
 * connection, never inside a job's transaction, so a failed run's row survives the job's rollback.
 */
@ApplicationScoped
public class RunLog {

    private static final String COLUMNS =
            "id, script_name, started_at, finished_at, source_rows, dest_rows, success, error, duration_ms, new_rows, "
                    + "prerequisites_overridden, report::text";

    private final AgroalDataSource dataSource;
    private final ObjectMapper json;

    public RunLog(AgroalDataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /**
     * A row of the log; {@code success} is null while the run is in progress (or if the process
     * died). {@code newRows}: rows the run inserted (a catch-up run's new legacy rows);
     * {@code prerequisitesOverridden}: the operator's override and what it let through, if any;
     * {@code report}: what the job stored with the run (warnings, fields kept in firestore_extra,
     * values that did not fit a column exactly, parked documents), null for runs without one.
     */
    @RegisterForReflection
    public record Run(
            long id,
            String job,
            OffsetDateTime startedAt,
            OffsetDateTime finishedAt,
            Long sourceRows,
            Long destRows,
            Boolean success,
            String error,
            Long durationMs,
            Long newRows,
            String prerequisitesOverridden,
            JsonNode report) {}

    public long start(String job) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("INSERT INTO _migration_runs (script_name) VALUES (?) RETURNING id")) {
            ps.setString(1, job);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new MigrationException("cannot write _migration_runs: " + e.getMessage(), e);
        }
    }

    public void finish(
            long id, boolean success, Long sourceRows, Long destRows, Long newRows, String error, long durationMs) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE _migration_runs SET finished_at = now(), success = ?, "
                                + "source_rows = ?, dest_rows = ?, new_rows = ?, error = ?, duration_ms = ? WHERE id = ?")) {
            ps.setBoolean(1, success);
            ps.setObject(2, sourceRows);
            ps.setObject(3, destRows);
            ps.setObject(4, newRows);
            ps.setString(5, error);
            ps.setLong(6, durationMs);
            ps.setLong(7, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new MigrationException("cannot write _migration_runs: " + e.getMessage(), e);
        }
    }

    /**
     * Stores a finished run's report (its warnings always in {@code warnings}), so that what the
     * job said survives beside its counts, not only on stdout.
     */
    public void report(long id, Map<String, Object> report, List<String> warnings) {
        Map<String, Object> stored = new LinkedHashMap<>();
        if (report != null) {
            stored.putAll(report);
        }
        stored.put("warnings", warnings == null ? List.of() : warnings);
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("UPDATE _migration_runs SET report = ?::jsonb WHERE id = ?")) {
            ps.setString(1, json.writeValueAsString(stored));
            ps.setLong(2, id);
            ps.executeUpdate();
        } catch (SQLException | JsonProcessingException e) {
            throw new MigrationException("cannot write _migration_runs: " + e.getMessage(), e);
        }
    }

    /** Stores the operator's override of the prerequisites with the run it let through. */
    public void overridden(long id, String record) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("UPDATE _migration_runs SET prerequisites_overridden = ? WHERE id = ?")) {
            ps.setString(1, record);
            ps.setLong(2, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new MigrationException("cannot write _migration_runs: " + e.getMessage(), e);
        }
    }

    public Optional<Run> find(long id) {
        List<Run> runs = query("SELECT " + COLUMNS + " FROM _migration_runs WHERE id = ?", id);
        return runs.stream().findFirst();
    }

    /** Newest first. */
    public List<Run> page(int page, int size) {
        return query(
                "SELECT " + COLUMNS + " FROM _migration_runs ORDER BY started_at DESC, id DESC LIMIT ? OFFSET ?",
                size,
                (long) page * size);
    }

    public long count() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM _migration_runs");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new MigrationException("cannot read _migration_runs: " + e.getMessage(), e);
        }
    }

    /** The newest run of each job. */
    public Map<String, Run> latestPerJob() {
        Map<String, Run> out = new LinkedHashMap<>();
        for (Run r : query("SELECT DISTINCT ON (script_name) " + COLUMNS
                + " FROM _migration_runs ORDER BY script_name, started_at DESC, id DESC")) {
            out.put(r.job(), r);
        }
        return out;
    }

    private JsonNode readReport(String text) {
        try {
            return text == null ? null : json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new MigrationException("cannot read _migration_runs.report: " + e.getMessage(), e);
        }
    }

    private List<Run> query(String sql, Object... params) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            List<Run> runs = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    runs.add(new Run(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getObject(3, OffsetDateTime.class),
                            rs.getObject(4, OffsetDateTime.class),
                            (Long) rs.getObject(5),
                            (Long) rs.getObject(6),
                            (Boolean) rs.getObject(7),
                            rs.getString(8),
                            (Long) rs.getObject(9),
                            (Long) rs.getObject(10),
                            rs.getString(11),
                            readReport(rs.getString(12))));
                }
            }
            return runs;
        } catch (SQLException e) {
            throw new MigrationException("cannot read _migration_runs: " + e.getMessage(), e);
        }
    }
}
