package com.bellsystems.migration.sqlite;

import com.bellsystems.migration.engine.TableReport;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs the spec's verification checklist for one Phase 1 table: source vs Postgres counts (rows
 * bellsys wrote itself, in its own id range, counted apart), legacy rows (random ones, or every
 * one) converted and compared field by field with the row Postgres holds under the same key, so a
 * legacy row that is absent or different is named by its key; time columns are timestamptz, and
 * no JSON array column holds NULL or a non-array.
 */
public final class SqliteVerifier {

    private static final int MAX_MISMATCHES = 50;

    private final TableSpec spec;
    private final List<Column> columns;
    private final ObjectMapper json;

    public SqliteVerifier(TableSpec spec, List<Column> columns, ObjectMapper json) {
        this.spec = spec;
        this.columns = columns;
        this.json = json;
    }

    /** {@code sample} random rows are compared; a negative sample compares every row. */
    public TableReport verify(Connection lite, Connection pg, int sample) throws SQLException {
        List<TableReport.Check> checks = new ArrayList<>();
        List<TableReport.Mismatch> mismatches = new ArrayList<>();
        long source = scalar(lite, "SELECT count(*) FROM " + SqliteSource.quote(spec.source()));
        // rows bellsys wrote itself (ids from TableSpec.liveIdFloor()) are not the legacy file's
        String legacyRange =
                spec.serialColumn() == null ? "" : " WHERE " + spec.serialColumn() + " < " + spec.liveIdFloor();
        long target = scalar(pg, "SELECT count(*) FROM " + spec.target() + legacyRange);
        long live = spec.serialColumn() == null
                ? 0
                : scalar(
                        pg,
                        "SELECT count(*) FROM " + spec.target() + " WHERE " + spec.serialColumn() + " >= "
                                + spec.liveIdFloor());
        checks.add(new TableReport.Check(
                "row count",
                source == target,
                String.format("Source: %d rows → Postgres: %d rows", source, target)
                        + (live > 0 ? String.format(" (and %d rows written by bellsys since)", live) : "")));

        int sampled = compareRows(lite, pg, sample, mismatches);
        checks.add(new TableReport.Check(
                sample < 0 ? "every row field by field" : "random rows field by field",
                mismatches.isEmpty(),
                sampled + " rows compared, " + mismatches.size() + " field(s) differ"));

        List<String> timeColumns = columns.stream()
                .filter(c -> c.conversion() == Conversion.TIME)
                .map(Column::name)
                .toList();
        List<String> notTz = new ArrayList<>();
        try (PreparedStatement ps = pg.prepareStatement("SELECT column_name, data_type FROM information_schema.columns "
                + "WHERE table_schema = current_schema() AND table_name = ?")) {
            ps.setString(1, spec.target());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (timeColumns.contains(rs.getString(1)) && !"timestamp with time zone".equals(rs.getString(2))) {
                        notTz.add(rs.getString(1) + " is " + rs.getString(2));
                    }
                }
            }
        }
        checks.add(new TableReport.Check(
                "time columns are timestamptz",
                notTz.isEmpty(),
                notTz.isEmpty() ? String.join(", ", timeColumns) : String.join(", ", notTz)));

        List<String> arrays = spec.columns().stream()
                .filter(c -> c.conversion() == Conversion.JSON_ARRAY)
                .map(Column::name)
                .toList();
        if (!arrays.isEmpty()) {
            List<String> bad = new ArrayList<>();
            for (String col : arrays) {
                long n = scalar(
                        pg,
                        "SELECT count(*) FROM " + spec.target() + " WHERE " + col + " IS NULL OR jsonb_typeof(" + col
                                + ") <> 'array'");
                if (n > 0) {
                    bad.add(col + ": " + n + " rows");
                }
            }
            checks.add(new TableReport.Check(
                    "no JSON array column holds null",
                    bad.isEmpty(),
                    bad.isEmpty() ? String.join(", ", arrays) : String.join(", ", bad)));
        }
        boolean ok = checks.stream().allMatch(TableReport.Check::ok);
        return new TableReport(spec.job(), spec.target(), ok, source, target, sampled, checks, mismatches);
    }

    private int compareRows(Connection lite, Connection pg, int sample, List<TableReport.Mismatch> mismatches)
            throws SQLException {
        String select = "SELECT "
                + columns.stream().map(c -> SqliteSource.quote(c.name())).collect(Collectors.joining(", ")) + " FROM "
                + SqliteSource.quote(spec.source()) + (sample < 0 ? "" : " ORDER BY random() LIMIT " + sample);
        String where = spec.key().stream().map(k -> k + " = ?").collect(Collectors.joining(" AND "));
        String lookup = "SELECT " + columns.stream().map(Column::name).collect(Collectors.joining(", ")) + " FROM "
                + spec.target() + " WHERE " + where;
        int rows = 0;
        try (Statement st = lite.createStatement();
                ResultSet src = st.executeQuery(select);
                PreparedStatement ps = pg.prepareStatement(lookup)) {
            while (src.next()) {
                rows++;
                Object[] expected = new Object[columns.size()];
                String key = null;
                try {
                    for (int i = 0; i < columns.size(); i++) {
                        Column c = columns.get(i);
                        expected[i] = c.conversion().convert(src.getObject(i + 1), c.notNull(), json);
                    }
                    key = keyText(expected);
                    for (int k = 0; k < spec.key().size(); k++) {
                        Object v = expected[indexOf(spec.key().get(k))];
                        ps.setObject(
                                k + 1,
                                spec.column(spec.key().get(k)).conversion() == Conversion.TIME ? toTime((Long) v) : v);
                    }
                } catch (RuntimeException e) {
                    add(
                            mismatches,
                            new TableReport.Mismatch(
                                    key == null ? "row " + rows : key,
                                    "*",
                                    "a convertible legacy row",
                                    e.getMessage()));
                    continue;
                }
                try (ResultSet dst = ps.executeQuery()) {
                    if (!dst.next()) {
                        add(mismatches, new TableReport.Mismatch(key, "*", "row present", "missing in Postgres"));
                        continue;
                    }
                    for (int i = 0; i < columns.size(); i++) {
                        Column c = columns.get(i);
                        Object actual = c.conversion().pgType().read(dst, i + 1);
                        if (!c.conversion().pgType().same(expected[i], actual, json)) {
                            add(
                                    mismatches,
                                    new TableReport.Mismatch(
                                            key,
                                            c.name(),
                                            c.conversion().pgType().show(expected[i]),
                                            c.conversion().pgType().show(actual)));
                        }
                    }
                }
            }
        }
        return rows;
    }

    private static void add(List<TableReport.Mismatch> list, TableReport.Mismatch m) {
        if (list.size() < MAX_MISMATCHES) {
            list.add(m);
        }
    }

    private String keyText(Object[] values) {
        return spec.key().stream()
                .map(k -> {
                    Column c = spec.column(k);
                    Object v = values[indexOf(k)];
                    return k + "=" + c.conversion().pgType().show(v);
                })
                .collect(Collectors.joining(", "));
    }

    private int indexOf(String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalStateException("key column " + name + " not in source");
    }

    private static OffsetDateTime toTime(Long micros) {
        return micros == null
                ? null
                : Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L)
                        .atOffset(ZoneOffset.UTC);
    }

    private static long scalar(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
