package com.bellsystems.migration.sqlite;

import com.bellsystems.migration.engine.JobContext;
import com.bellsystems.migration.engine.JobResult;
import com.bellsystems.migration.engine.MigrationException;
import com.bellsystems.migration.engine.MigrationJob;
import com.bellsystems.migration.engine.Progress;
import com.bellsystems.migration.verify.TableReport;
import com.bellsystems.migration.verify.TableVerifier;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
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
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The Phase 1 engine: moves one legacy table, described by a {@link TableSpec}, into Postgres.
 * <p>
 * Rows stream from SQLite (never all in memory) through the column conversions into a
 * {@code COPY ... FROM STDIN} in text format. When the target may already hold some of the rows
 * they are copied into a temporary staging table and moved with
 * {@code INSERT ... SELECT ... ON CONFLICT DO NOTHING}; for device_logs whose time range is still
 * empty in Postgres the rows are copied straight into the partitioned table (no conflict is
 * possible, and it is the fast path the benchmark measures). Everything happens in one
 * transaction, which the count check closes: any bad row, mismatch, cancel or lost connection
 * rolls the whole table back.
 */
public final class SqliteTableJob implements MigrationJob {

    /** Bytes of COPY text sent per write; also how often progress and cancellation are looked at. */
    private static final int FLUSH_BYTES = 512 * 1024;

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
            List<String> warnings = new ArrayList<>();
            List<Column> columns = matchColumns(lite, warnings);
            warnings.forEach(ctx.out());
            long sourceRows = count(lite);
            progress.start(sourceRows);
            try (Connection pg = ctx.postgres().getConnection()) {
                pg.setAutoCommit(false);
                try {
                    long destRows = load(lite, pg, columns, sourceRows, ctx);
                    String summary = String.format("Source: %d rows → Postgres: %d rows ✓", sourceRows, destRows);
                    progress.stage("committing");
                    pg.commit();
                    ctx.out().accept(spec.target() + ": " + summary);
                    return new JobResult(sourceRows, destRows, summary, warnings);
                } catch (Throwable t) {
                    rollbackQuietly(pg);
                    throw t;
                } finally {
                    restoreAutoCommit(pg);
                }
            }
        }
    }

    @Override
    public TableReport verify(JobContext ctx, int sample) throws Exception {
        try (Connection lite = SqliteSource.open(ctx.sqlitePath());
                Connection pg = ctx.postgres().getConnection()) {
            List<Column> columns = matchColumns(lite, new ArrayList<>());
            return new TableVerifier(spec, columns, ctx.json()).verify(lite, pg, sample);
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

    private long load(Connection lite, Connection pg, List<Column> columns, long sourceRows, JobContext ctx)
            throws Exception {
        Progress progress = ctx.progress();
        try (Statement st = pg.createStatement()) {
            st.execute("SET LOCAL application_name = 'bellsys-migration:" + spec.job() + "'");
            st.execute("SET LOCAL TIME ZONE 'UTC'");
            for (String sql : spec.before()) {
                st.execute(sql);
            }
        }
        String cols = columns.stream().map(Column::name).collect(Collectors.joining(", "));
        Range range = null;
        boolean direct = false;
        if (spec.partitionTime() != null && sourceRows > 0) {
            progress.stage("creating partitions");
            range = PartitionRange.of(lite, spec.source(), spec.partitionTime());
            ensurePartitions(pg, range);
            direct = rangeIsEmpty(pg, range);
        }
        String into = direct ? spec.target() : "_migration_stage";
        if (!direct) {
            try (Statement st = pg.createStatement()) {
                st.execute("CREATE TEMP TABLE _migration_stage (LIKE " + spec.target()
                        + " INCLUDING DEFAULTS) ON COMMIT DROP");
            }
        }
        // On the very first load of an empty partitioned table, build the secondary indexes once after
        // the copy instead of maintaining them row by row (about 1.5x faster; see bench/migration).
        // DROP INDEX is transactional: a failure restores them with the rollback. It holds an
        // exclusive lock on the table until commit, which is fine before the live cutover.
        List<String> rebuild = direct && tableIsEmpty(pg) ? dropSecondaryIndexes(pg) : List.of();
        progress.stage(direct ? "copying into " + spec.target() : "copying");
        copyRows(lite, pg, columns, into, cols, ctx);
        if (!rebuild.isEmpty()) {
            progress.stage("building indexes");
            try (Statement st = pg.createStatement()) {
                for (String ddl : rebuild) {
                    st.execute(ddl);
                }
            }
        }
        long destRows;
        try (Statement st = pg.createStatement()) {
            if (!direct) {
                progress.stage("inserting");
                st.executeUpdate("INSERT INTO " + spec.target() + " (" + cols + ") SELECT " + cols
                        + " FROM _migration_stage ON CONFLICT DO NOTHING");
            }
            for (String sql : spec.after()) {
                st.execute(sql);
            }
            if (spec.serialColumn() != null) {
                moveSequence(pg);
            }
            progress.stage("verifying counts");
            destRows = direct ? countRange(pg, range) : countStagedPresent(pg);
        }
        if (destRows != sourceRows) {
            String line = String.format("Source: %d rows → Postgres: %d rows ✗", sourceRows, destRows);
            ctx.out().accept(spec.target() + ": " + line);
            throw new MigrationException(spec.target() + ": count mismatch, " + line + "; rolled back");
        }
        return destRows;
    }

    private void copyRows(
            Connection lite, Connection pg, List<Column> columns, String into, String cols, JobContext ctx)
            throws Exception {
        Progress progress = ctx.progress();
        ObjectMapper json = ctx.json();
        String select = "SELECT "
                + columns.stream().map(c -> SqliteSource.quote(c.name())).collect(Collectors.joining(", ")) + " FROM "
                + SqliteSource.quote(spec.source());
        int[] keyIdx = spec.key().stream().mapToInt(k -> indexOf(columns, k)).toArray();
        int n = columns.size();
        Column[] cs = columns.toArray(new Column[0]);
        CopyIn copy = pg.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + into + " (" + cols + ") FROM STDIN");
        try (Statement st = lite.createStatement()) {
            st.setFetchSize(SQLITE_FETCH);
            try (ResultSet rs = st.executeQuery(select)) {
                StringBuilder buf = new StringBuilder(FLUSH_BYTES + 64 * 1024);
                Object[] raw = new Object[n];
                long rowsInBuf = 0;
                while (rs.next()) {
                    for (int i = 0; i < n; i++) {
                        raw[i] = rs.getObject(i + 1);
                    }
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
                        if (i > 0) {
                            buf.append('\t');
                        }
                        appendCopyValue(buf, c.conversion(), v);
                    }
                    buf.append('\n');
                    rowsInBuf++;
                    if (buf.length() >= FLUSH_BYTES) {
                        flush(copy, buf);
                        progress.add(rowsInBuf);
                        rowsInBuf = 0;
                        checkCancelled(progress);
                    }
                }
                flush(copy, buf);
                progress.add(rowsInBuf);
                checkCancelled(progress);
            }
            copy.endCopy();
        } catch (SQLException e) {
            cancelQuietly(copy);
            throw new MigrationException(spec.target() + ": Postgres refused the rows: " + e.getMessage(), e);
        } catch (Throwable t) {
            cancelQuietly(copy);
            throw t;
        }
    }

    private void checkCancelled(Progress progress) {
        if (progress.cancelRequested() || Thread.currentThread().isInterrupted()) {
            throw new MigrationException(
                    spec.target() + ": cancelled after " + progress.done() + " rows; rolled back, nothing written");
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

    private static void flush(CopyIn copy, StringBuilder buf) throws SQLException {
        if (buf.length() == 0) {
            return;
        }
        byte[] bytes = buf.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        buf.setLength(0);
    }

    /** COPY text format: NULL is \N; backslash, tab, newline and carriage return are escaped. */
    static void appendCopyValue(StringBuilder buf, Conversion conversion, Object v) {
        if (v == null) {
            buf.append("\\N");
        } else if (conversion == Conversion.TIME) {
            LegacyTime.appendPg(buf, (Long) v);
        } else if (v instanceof String s) {
            for (int i = 0, len = s.length(); i < len; i++) {
                char ch = s.charAt(i);
                switch (ch) {
                    case '\\' -> buf.append("\\\\");
                    case '\t' -> buf.append("\\t");
                    case '\n' -> buf.append("\\n");
                    case '\r' -> buf.append("\\r");
                    default -> buf.append(ch);
                }
            }
        } else if (v instanceof Boolean b) {
            buf.append(b ? 't' : 'f');
        } else if (v instanceof BigDecimal d) {
            buf.append(d.toPlainString());
        } else {
            buf.append(v);
        }
    }

    private static void cancelQuietly(CopyIn copy) {
        try {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        } catch (SQLException | RuntimeException ignored) {
            // the connection may already be gone; the rollback that follows is what matters
        }
    }

    private static void restoreAutoCommit(Connection pg) {
        try {
            pg.setAutoCommit(true);
        } catch (SQLException ignored) {
            // a killed connection: the pool discards it; the job's own error is what gets reported
        }
    }

    private static void rollbackQuietly(Connection pg) {
        try {
            pg.rollback();
        } catch (SQLException ignored) {
            // a dead connection has rolled back on the server already
        }
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

    /** Drops the target's indexes other than its primary key; returns the DDL that recreates them. */
    private List<String> dropSecondaryIndexes(Connection pg) throws SQLException {
        List<String> names = new ArrayList<>();
        List<String> ddl = new ArrayList<>();
        try (PreparedStatement ps = pg.prepareStatement("SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
                + "JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = ?::regclass AND NOT x.indisprimary "
                + "AND NOT x.indisunique")) {
            ps.setString(1, spec.target());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                    ddl.add(rs.getString(2));
                }
            }
        }
        try (Statement st = pg.createStatement()) {
            for (String name : names) {
                st.execute("DROP INDEX \"" + name.replace("\"", "\"\"") + "\"");
            }
        }
        return ddl;
    }

    private boolean rangeIsEmpty(Connection pg, Range range) throws SQLException {
        try (PreparedStatement ps = pg.prepareStatement("SELECT NOT EXISTS (SELECT 1 FROM " + spec.target() + " WHERE "
                + spec.partitionTime() + " >= ? AND " + spec.partitionTime() + " < ?)")) {
            ps.setObject(1, range.lower());
            ps.setObject(2, range.upper());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private long countRange(Connection pg, Range range) throws SQLException {
        try (PreparedStatement ps = pg.prepareStatement("SELECT count(*) FROM " + spec.target() + " WHERE "
                + spec.partitionTime() + " >= ? AND " + spec.partitionTime() + " < ?")) {
            ps.setObject(1, range.lower());
            ps.setObject(2, range.upper());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private long countStagedPresent(Connection pg) throws SQLException {
        String join = spec.key().stream().map(k -> "t." + k + " = s." + k).collect(Collectors.joining(" AND "));
        try (Statement st = pg.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM _migration_stage s WHERE EXISTS (SELECT 1 FROM "
                        + spec.target() + " t WHERE " + join + ")")) {
            rs.next();
            return rs.getLong(1);
        }
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
