package com.bellsystems.migration.sqlite;

import com.bellsystems.migration.engine.JobContext;
import com.bellsystems.migration.engine.JobResult;
import com.bellsystems.migration.engine.MigrationException;
import com.bellsystems.migration.engine.MigrationJob;
import com.bellsystems.migration.engine.PgType;
import com.bellsystems.migration.engine.Progress;
import com.bellsystems.migration.engine.TableLoad;
import com.bellsystems.migration.engine.TableReport;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A Phase 1 job: moves one legacy table, described by a {@link TableSpec}, into Postgres through
 * the engine's {@link TableLoad} pipeline.
 * <p>
 * Rows stream from SQLite (never all in memory) through the column conversions into the load's
 * COPY. When the target may already hold some of the rows (a catch-up run after live writes
 * began) they go through the staging table, and the load's closing check proves every legacy row
 * is in Postgres under its key with the same content; when the partitioned device_logs is still
 * empty the rows are copied straight into it (no conflict is possible, and it is the fast path
 * the benchmark measures). What is specific to SQLite and to
 * Phase 1 stays here: column matching, partitions, the index rebuild, sequences.
 */
public final class SqliteTableJob implements MigrationJob {

    private static final int SQLITE_FETCH = 10_000;

    private final TableSpec spec;

    public SqliteTableJob(TableSpec spec) {
        this.spec = spec;
    }

    public TableSpec spec() {
        return spec;
    }

    @Override
    public String name() {
        return spec.job();
    }

    @Override
    public int phase() {
        return 1;
    }

    @Override
    public String step() {
        return spec.step();
    }

    @Override
    public JobResult run(JobContext ctx) throws Exception {
        Progress progress = ctx.progress();
        progress.stage("checking source");
        try (Connection lite = SqliteSource.open(ctx.sqlitePath())) {
            // One read transaction: the count and the copy see the same snapshot while the old
            // backend keeps writing (a row added between them would fail the count check).
            lite.setAutoCommit(false);
            List<String> warnings = new ArrayList<>();
            List<Column> columns = matchColumns(lite, warnings);
            warnings.forEach(ctx.out());
            checkKeysBelowLiveRange(lite);
            long sourceRows = count(lite);
            progress.start(sourceRows);
            List<TableLoad.LoadColumn> load = columns.stream()
                    .map(c -> new TableLoad.LoadColumn(c.name(), c.conversion().pgType()))
                    .toList();
            long[] newRows = {0};
            long destRows = TableLoad.inTransaction(
                    ctx,
                    spec.job(),
                    spec.target(),
                    load,
                    spec.key(),
                    l -> load(lite, l, columns, sourceRows, ctx, newRows));
            String summary = String.format("Source: %d rows → Postgres: %d rows ✓", sourceRows, destRows);
            ctx.out().accept(spec.target() + ": " + summary);
            ctx.out().accept(TableLoad.newRowsLine(spec.target(), newRows[0], destRows));
            return new JobResult(sourceRows, destRows, newRows[0], summary, warnings);
        }
    }

    @Override
    public TableReport verify(JobContext ctx, int sample) throws Exception {
        try (Connection lite = SqliteSource.open(ctx.sqlitePath());
                Connection pg = ctx.postgres().getConnection()) {
            List<Column> columns = matchColumns(lite, new ArrayList<>());
            return new SqliteVerifier(spec, columns, ctx.json()).verify(lite, pg, sample);
        }
    }

    /**
     * Keys at or above {@link TableSpec#liveIdFloor()} belong to rows bellsys writes itself (V61
     * moves its sequences there); a legacy id in that range could collide with one of them.
     */
    private void checkKeysBelowLiveRange(Connection lite) throws SQLException {
        if (spec.serialColumn() == null) {
            return;
        }
        try (Statement st = lite.createStatement();
                ResultSet rs = st.executeQuery("SELECT max(" + SqliteSource.quote(spec.serialColumn()) + ") FROM "
                        + SqliteSource.quote(spec.source()))) {
            if (rs.next() && rs.getObject(1) != null && rs.getLong(1) >= spec.liveIdFloor()) {
                throw new MigrationException(spec.source() + ": legacy " + spec.serialColumn() + " " + rs.getLong(1)
                        + " reaches the range reserved for rows written by bellsys (from " + spec.liveIdFloor()
                        + "); nothing was written");
            }
        }
    }

    /** The spec's columns present in the source; fails before anything is written if a required one is missing. */
    public List<Column> matchColumns(Connection lite, List<String> warnings) throws SQLException {
        Set<String> present = SqliteSource.columns(lite, spec.source());
        if (present.isEmpty()) {
            throw new MigrationException(spec.source() + ": the legacy file has no table " + spec.source());
        }
        List<String> missing = spec.columns().stream()
                .filter(c -> c.required() && !present.contains(c.name()))
                .map(Column::name)
                .toList();
        if (!missing.isEmpty()) {
            throw new MigrationException(spec.source() + ": the legacy table lacks required column(s) "
                    + String.join(", ", missing) + "; nothing was written");
        }
        Set<String> known = spec.columns().stream().map(Column::name).collect(Collectors.toSet());
        List<String> extra = present.stream().filter(n -> !known.contains(n)).toList();
        if (!extra.isEmpty()) {
            warnings.add(spec.source() + ": ignoring extra legacy column(s) " + String.join(", ", extra));
        }
        List<String> skipped = spec.columns().stream()
                .filter(c -> !c.required() && !present.contains(c.name()))
                .map(Column::name)
                .toList();
        if (!skipped.isEmpty()) {
            warnings.add(spec.source() + ": optional column(s) " + String.join(", ", skipped)
                    + " absent, target defaults used");
        }
        return spec.columns().stream().filter(c -> present.contains(c.name())).toList();
    }

    private long count(Connection lite) throws SQLException {
        try (Statement st = lite.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM " + SqliteSource.quote(spec.source()))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private long load(
            Connection lite, TableLoad load, List<Column> columns, long sourceRows, JobContext ctx, long[] newRows)
            throws Exception {
        Connection pg = load.connection();
        Progress progress = ctx.progress();
        for (String sql : spec.before()) {
            load.execute(sql);
        }
        // The first load of an empty partitioned table goes straight into it, nothing read twice:
        // no scan for the time range first (partitions are made as the rows reach new months),
        // the indexes built once after the copy instead of row by row, and the rows Postgres
        // reports stored counted against the source. The lock keeps live writers out until
        // commit; any failure restores the indexes with the rollback.
        boolean direct = spec.partitionTime() != null && sourceRows > 0 && tableIsEmpty(pg);
        if (direct) {
            load.execute("LOCK TABLE " + spec.target() + " IN ACCESS EXCLUSIVE MODE");
            direct = tableIsEmpty(pg);
        }
        long destRows;
        long inserted;
        if (direct) {
            List<String> rebuild = dropIndexes(pg);
            progress.stage("copying into " + spec.target());
            PartitionRouter router = new PartitionRouter(indexOf(columns, spec.partitionTime()), pg);
            destRows = load.copy(spec.target(), false, rows -> copyRows(lite, rows, columns, ctx, router));
            progress.stage("building indexes");
            // sorts in memory where they fit: Postgres' memory, not the job's heap
            load.execute("SET LOCAL maintenance_work_mem = '256MB'");
            for (String ddl : rebuild) {
                load.execute(ddl);
            }
            inserted = destRows;
        } else {
            if (spec.partitionTime() != null && sourceRows > 0) {
                progress.stage("creating partitions");
                ensurePartitions(pg, PartitionRange.of(lite, spec.source(), spec.partitionTime()));
            }
            load.createStage(false);
            progress.stage("copying");
            load.copy(TableLoad.STAGE, false, rows -> copyRows(lite, rows, columns, ctx, null));
            progress.stage("inserting");
            inserted = load.insertStaged();
            destRows = -1;
        }
        for (String sql : spec.after()) {
            load.execute(sql);
        }
        if (spec.serialColumn() != null) {
            moveSequence(pg);
        }
        progress.stage("verifying keys and content");
        if (direct) {
            if (destRows != sourceRows) {
                String line = String.format("Source: %d rows → Postgres: %d rows ✗", sourceRows, destRows);
                ctx.out().accept(spec.target() + ": " + line);
                throw new MigrationException(spec.target() + ": count mismatch, " + line + "; rolled back");
            }
        } else {
            destRows = load.checkStaged(sourceRows, Set.of());
        }
        newRows[0] = inserted;
        return destRows;
    }

    /**
     * Makes the month partitions of the rows as a direct load reaches them: before a row of a
     * month outside the partitions made so far, the COPY pauses, the range is extended to that
     * month (keeping it contiguous, as the old backend's were) and the COPY goes on.
     */
    private final class PartitionRouter {
        private final int timeColumn;
        private final Connection pg;
        private LocalDate fromMonth;
        private LocalDate toMonth;
        private long lowMicros = Long.MAX_VALUE;
        private long highMicros = Long.MIN_VALUE;

        PartitionRouter(int timeColumn, Connection pg) {
            this.timeColumn = timeColumn;
            this.pg = pg;
        }

        void route(Object[] converted, TableLoad.RowWriter rows) throws SQLException {
            if (!(converted[timeColumn] instanceof Long micros) || (micros >= lowMicros && micros < highMicros)) {
                return; // a NULL time is refused by Postgres with its row
            }
            Range month = Range.ofMicros(micros, micros);
            LocalDate from = fromMonth == null || month.fromMonth().isBefore(fromMonth) ? month.fromMonth() : fromMonth;
            LocalDate to = toMonth == null || month.toMonth().isAfter(toMonth) ? month.toMonth() : toMonth;
            Range range = new Range(from, to);
            rows.between(() -> ensurePartitions(pg, range));
            fromMonth = from;
            toMonth = to;
            lowMicros = toMicros(range.lower());
            highMicros = toMicros(range.upper());
        }

        private static long toMicros(OffsetDateTime t) {
            return t.toEpochSecond() * 1_000_000L;
        }
    }

    private void copyRows(
            Connection lite, TableLoad.RowWriter rows, List<Column> columns, JobContext ctx, PartitionRouter router)
            throws Exception {
        ObjectMapper json = ctx.json();
        String select = "SELECT "
                + columns.stream().map(c -> SqliteSource.quote(c.name())).collect(Collectors.joining(", ")) + " FROM "
                + SqliteSource.quote(spec.source());
        int[] keyIdx = spec.key().stream().mapToInt(k -> indexOf(columns, k)).toArray();
        int n = columns.size();
        Column[] cs = columns.toArray(new Column[0]);
        PgType[] types = columns.stream().map(c -> c.conversion().pgType()).toArray(PgType[]::new);
        try (SqliteRowReader reader = SqliteRowReader.start(lite, select, n, SQLITE_FETCH)) {
            Object[] converted = new Object[n];
            Object[][] batch;
            while ((batch = reader.next()) != null) {
                for (Object[] raw : batch) {
                    for (int i = 0; i < n; i++) {
                        Column c = cs[i];
                        Object v;
                        try {
                            v = c.conversion().convert(raw[i], c.notNull(), json);
                        } catch (IllegalArgumentException | ArithmeticException e) {
                            throw rowError(raw, keyIdx, c, e.getMessage());
                        }
                        if (v == null && c.notNull()) {
                            throw rowError(
                                    raw,
                                    keyIdx,
                                    c,
                                    "is NULL but " + spec.target() + "." + c.name() + " requires a value");
                        }
                        converted[i] = v;
                    }
                    if (router != null) {
                        router.route(converted, rows);
                    }
                    for (int i = 0; i < n; i++) {
                        rows.value(types[i], converted[i]);
                    }
                    rows.endRow();
                }
            }
        }
    }

    private MigrationException rowError(Object[] raw, int[] keyIdx, Column c, String reason) {
        StringBuilder key = new StringBuilder();
        for (int k = 0; k < keyIdx.length; k++) {
            if (k > 0) {
                key.append(", ");
            }
            key.append(spec.key().get(k)).append('=').append(keyIdx[k] >= 0 ? raw[keyIdx[k]] : "?");
        }
        return new MigrationException(spec.source() + " row " + key + " column " + c.name() + ": " + reason
                + "; the whole table was rolled back");
    }

    private static int indexOf(List<Column> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private void ensurePartitions(Connection pg, Range range) throws SQLException {
        try (PreparedStatement ps = pg.prepareStatement("SELECT ensure_device_logs_partitions(?, ?)")) {
            ps.setObject(1, range.fromMonth());
            ps.setObject(2, range.toMonth());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // drain: the function returns the names of the partitions it created
                }
            }
        }
    }

    private boolean tableIsEmpty(Connection pg) throws SQLException {
        try (Statement st = pg.createStatement();
                ResultSet rs = st.executeQuery("SELECT NOT EXISTS (SELECT 1 FROM " + spec.target() + ")")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /**
     * Drops the target's primary key and its other non-unique indexes; returns the DDL that
     * recreates them (the key first: it is the one a duplicate legacy row fails).
     */
    private List<String> dropIndexes(Connection pg) throws SQLException {
        List<String> drops = new ArrayList<>();
        List<String> ddl = new ArrayList<>();
        String table = spec.target();
        try (PreparedStatement ps = pg.prepareStatement(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = ?::regclass AND contype = 'p'")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = "\"" + rs.getString(1).replace("\"", "\"\"") + "\"";
                    drops.add("ALTER TABLE " + table + " DROP CONSTRAINT " + name);
                    ddl.add("ALTER TABLE " + table + " ADD CONSTRAINT " + name + " " + rs.getString(2));
                }
            }
        }
        try (PreparedStatement ps = pg.prepareStatement("SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
                + "JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = ?::regclass AND NOT x.indisprimary "
                + "AND NOT x.indisunique")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    drops.add("DROP INDEX \"" + rs.getString(1).replace("\"", "\"\"") + "\"");
                    ddl.add(rs.getString(2));
                }
            }
        }
        try (Statement st = pg.createStatement()) {
            for (String drop : drops) {
                st.execute(drop);
            }
        }
        return ddl;
    }

    private void moveSequence(Connection pg) throws SQLException {
        // setval past the highest migrated id, never backwards (live rows may already be ahead)
        String col = spec.serialColumn();
        try (Statement st = pg.createStatement();
                ResultSet rs = st.executeQuery("SELECT pg_get_serial_sequence('" + spec.target() + "', '" + col + "'), "
                        + "(SELECT max(" + col + ") FROM " + spec.target() + ")")) {
            rs.next();
            String seq = rs.getString(1);
            long max = rs.getLong(2);
            if (seq == null || rs.wasNull()) {
                return;
            }
            try (PreparedStatement ps = pg.prepareStatement(
                    "SELECT setval(?::regclass, GREATEST(?, COALESCE(pg_sequence_last_value(?::regclass), 0)))")) {
                ps.setString(1, seq);
                ps.setLong(2, max);
                ps.setString(3, seq);
                ps.execute();
            }
        }
    }

    /** The month partitions a load needs, and the exact UTC interval they cover. */
    record Range(LocalDate fromMonth, LocalDate toMonth) {
        OffsetDateTime lower() {
            return fromMonth.atStartOfDay().atOffset(ZoneOffset.UTC);
        }

        OffsetDateTime upper() {
            return toMonth.plusMonths(1).atStartOfDay().atOffset(ZoneOffset.UTC);
        }

        static Range ofMicros(long min, long max) {
            LocalDate a = LocalDate.ofInstant(Instant.ofEpochSecond(Math.floorDiv(min, 1_000_000L)), ZoneOffset.UTC);
            LocalDate b = LocalDate.ofInstant(Instant.ofEpochSecond(Math.floorDiv(max, 1_000_000L)), ZoneOffset.UTC);
            return new Range(a.withDayOfMonth(1), b.withDayOfMonth(1));
        }
    }
}
