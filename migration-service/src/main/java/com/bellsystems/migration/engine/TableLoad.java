package com.bellsystems.migration.engine;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The one load pipeline of every job, whatever its source (SQLite in Phase 1, Firestore in Phases
 * 2-3): one Postgres transaction with the session settings (UTC, an application name per job),
 * rows streamed as {@code COPY ... FROM STDIN} text (escaping, flushing, progress and the
 * operator's cancel in one place), an optional staging table moved with
 * {@code INSERT ... SELECT ... ON CONFLICT DO NOTHING}, and the check that closes the transaction:
 * every staged source row must be in the target under its key <em>with the same content</em>
 * (not a total: a legacy row skipped by ON CONFLICT because another row took its key, or one that
 * differs from what Postgres holds, fails the job naming its key). Any failure, cancel or lost
 * connection rolls the whole table back. Jobs say where rows come from and add their
 * table-specific steps around these calls.
 */
public final class TableLoad {

    /** The staging table (temporary, dropped at commit). */
    public static final String STAGE = "_migration_stage";
    /**
     * The page table of a load that moves rows page by page ({@link #createPageStage},
     * {@link #movePage}): one page's rows, copied on into {@link #STAGE} for the closing checks.
     */
    public static final String PAGE = "_migration_page";
    /** The staging column naming each row's source (a document path) for error messages. */
    public static final String SOURCE_ROW = "_source_row";

    /** Bytes of COPY text sent per write; also how often progress and cancellation are looked at. */
    private static final int FLUSH_BYTES = 512 * 1024;

    private static final int MAX_LISTED = 5;

    /** A loaded column: its name in the target and its Postgres type. */
    public record LoadColumn(String name, PgType type) {}

    /** A job's work inside the load's transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(TableLoad load) throws Exception;
    }

    /** Writes the rows of one COPY through the {@link RowWriter}. */
    @FunctionalInterface
    public interface CopyBody {
        void write(RowWriter rows) throws Exception;
    }

    private final Connection pg;
    private final String target;
    private final List<LoadColumn> columns;
    private final List<String> key;
    private final Progress progress;
    private final String columnList;
    private boolean stagedWithSourceRow;

    private TableLoad(Connection pg, String target, List<LoadColumn> columns, List<String> key, Progress progress) {
        this.pg = pg;
        this.target = target;
        this.columns = List.copyOf(columns);
        this.key = List.copyOf(key);
        this.progress = progress;
        this.columnList = columns.stream().map(LoadColumn::name).collect(Collectors.joining(", "));
    }

    /**
     * Runs {@code work} in one transaction on its own connection: session settings first, commit
     * when it returns, rollback when it throws (a dead connection has rolled back on the server).
     */
    public static <T> T inTransaction(
            JobContext ctx, String job, String target, List<LoadColumn> columns, List<String> key, Work<T> work)
            throws Exception {
        try (Connection pg = ctx.postgres().getConnection()) {
            pg.setAutoCommit(false);
            try {
                try (Statement st = pg.createStatement()) {
                    st.execute("SET LOCAL application_name = 'bellsys-migration:" + job + "'");
                    st.execute("SET LOCAL TIME ZONE 'UTC'");
                }
                T result = work.run(new TableLoad(pg, target, columns, key, ctx.progress()));
                ctx.progress().stage("committing");
                pg.commit();
                return result;
            } catch (Throwable t) {
                rollbackQuietly(pg);
                throw t;
            } finally {
                restoreAutoCommit(pg);
            }
        }
    }

    /** The transaction's connection, for the job's own table-specific statements. */
    public Connection connection() {
        return pg;
    }

    public String target() {
        return target;
    }

    /** The transaction's now() in epoch microseconds (what a column's DEFAULT now() would give). */
    public long nowMicros() throws SQLException {
        return scalar("SELECT (extract(epoch FROM now()) * 1000000)::bigint");
    }

    /** A temporary staging table shaped like the target, with a source-row column when asked. */
    public void createStage(boolean withSourceRow) throws SQLException {
        stagedWithSourceRow = withSourceRow;
        execute("CREATE TEMP TABLE " + STAGE + " (LIKE " + target + " INCLUDING DEFAULTS"
                + (withSourceRow ? ", " + SOURCE_ROW + " TEXT" : "") + ") ON COMMIT DROP");
    }

    /**
     * One COPY into {@code into} (the target itself, or {@link #STAGE}); returns the rows Postgres
     * reports stored, which must equal the rows written. The rows go in COPY's binary format when
     * every column's real Postgres type has a binary form here (Postgres then parses no text:
     * about a third of its work for a narrow table), else in text format. A refusal by Postgres
     * becomes a MigrationException naming the table; any failure cancels the COPY before it is
     * rethrown.
     */
    public long copy(String into, boolean withSourceRow, CopyBody body) throws Exception {
        String sql = "COPY " + into + " (" + columnList + (withSourceRow ? ", " + SOURCE_ROW : "") + ") FROM STDIN";
        CopyBinary.Column[] binary = binaryColumns(withSourceRow);
        RowWriter writer = new RowWriter(sql, binary);
        try {
            body.write(writer);
            writer.finish();
            if (writer.stored != writer.rows) {
                throw new MigrationException(String.format(
                        "%s: %d rows sent but Postgres reports %d stored; rolled back",
                        target, writer.rows, writer.stored));
            }
            return writer.stored;
        } catch (SQLException e) {
            writer.cancelQuietly();
            throw new MigrationException(
                    target + ": Postgres refused the rows: " + e.getMessage() + "; rolled back", e);
        } catch (Throwable t) {
            writer.cancelQuietly();
            throw t;
        }
    }

    /** The binary encoders of the loaded columns, or null when one of them has no binary form here. */
    private CopyBinary.Column[] binaryColumns(boolean withSourceRow) throws SQLException {
        List<CopyBinary.Column> out = new ArrayList<>();
        try (PreparedStatement ps = pg.prepareStatement("SELECT attname, format_type(atttypid, NULL) FROM pg_attribute "
                + "WHERE attrelid = ?::regclass AND attnum > 0 AND NOT attisdropped")) {
            ps.setString(1, target);
            java.util.Map<String, String> types = new java.util.HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    types.put(rs.getString(1), rs.getString(2));
                }
            }
            for (LoadColumn c : columns) {
                CopyBinary.Column b = CopyBinary.column(c.type(), types.get(c.name()));
                if (b == null) {
                    return null;
                }
                out.add(b);
            }
        }
        if (withSourceRow) {
            out.add(CopyBinary.column(PgType.TEXT, "text"));
        }
        return out.toArray(new CopyBinary.Column[0]);
    }

    /**
     * A temporary page table shaped like {@link #STAGE} (call {@link #createStage} first), for a
     * load whose source arrives in pages: each page is moved into the target while the next one is
     * still being fetched, instead of all rows after the last page.
     */
    public void createPageStage() throws SQLException {
        execute("CREATE TEMP TABLE " + PAGE + " (LIKE " + STAGE + " INCLUDING DEFAULTS) ON COMMIT DROP");
    }

    /**
     * Moves the rows of {@link #PAGE} into the target as {@link #insertStaged} does, adds them to
     * {@link #STAGE} (the closing checks look at every row) and empties the page table; returns the
     * rows inserted. A key given twice across pages is not an error here (ON CONFLICT keeps the
     * first): the duplicate check on the stage catches it before commit.
     */
    public long movePage() throws SQLException {
        try (Statement st = pg.createStatement()) {
            st.executeUpdate("INSERT INTO " + STAGE + " SELECT * FROM " + PAGE);
            long inserted = st.executeUpdate("INSERT INTO " + target + " (" + columnList + ") SELECT " + columnList
                    + " FROM " + PAGE + " ORDER BY " + String.join(", ", key) + " ON CONFLICT DO NOTHING");
            // TRUNCATE, not DELETE: nothing vacuums a temporary table, so deleted rows would pile up
            st.execute("TRUNCATE " + PAGE);
            return inserted;
        } catch (SQLException e) {
            throw new MigrationException(
                    target + ": Postgres refused the rows: " + e.getMessage() + "; rolled back", e);
        }
    }

    /** Moves the staged rows into the target, keeping rows already there; returns the rows inserted. */
    public long insertStaged() throws SQLException {
        try (Statement st = pg.createStatement()) {
            return st.executeUpdate("INSERT INTO " + target + " (" + columnList + ") SELECT " + columnList + " FROM "
                    + STAGE + " ORDER BY " + String.join(", ", key) + " ON CONFLICT DO NOTHING");
        } catch (SQLException e) {
            throw new MigrationException(
                    target + ": Postgres refused the rows: " + e.getMessage() + "; rolled back", e);
        }
    }

    /**
     * The closing check of a staged load: every staged row is in the target under its key (else
     * the count line and the rows not written, named), and holds the same values in every loaded
     * column (else the keys and columns that differ). Columns in {@code nowDefaulted} took the
     * transaction's now() for an absent source value and are not compared where they did.
     * Returns the staged rows present, which equals {@code sourceRows}.
     */
    public long checkStaged(long sourceRows, Set<String> nowDefaulted) throws SQLException {
        String join = key.stream().map(k -> "t." + k + " = s." + k).collect(Collectors.joining(" AND "));
        long present = scalar("SELECT count(*) FROM " + STAGE + " s WHERE EXISTS (SELECT 1 FROM " + target + " t WHERE "
                + join + ")");
        if (present != sourceRows) {
            String line = String.format("Source: %d rows → Postgres: %d rows ✗", sourceRows, present);
            throw new MigrationException(target + ": count mismatch, " + line + "; not written: "
                    + String.join(
                            ", ",
                            listed("SELECT " + rowLabel("s") + " FROM " + STAGE + " s WHERE NOT EXISTS (SELECT 1 FROM "
                                    + target + " t WHERE " + join + ") ORDER BY 1"))
                    + " (a key or unique column taken by another row?); rolled back");
        }
        List<String> differs = new ArrayList<>();
        for (LoadColumn c : columns) {
            if (key.contains(c.name())) {
                continue;
            }
            String d = "s." + c.name() + " IS DISTINCT FROM t." + c.name();
            if (nowDefaulted.contains(c.name())) {
                d = "(" + d + " AND s." + c.name() + " IS DISTINCT FROM now())";
            }
            differs.add("CASE WHEN " + d + " THEN '" + c.name() + "' END");
        }
        if (differs.isEmpty()) {
            return present;
        }
        String diffCols = "array_to_string(ARRAY[" + String.join(", ", differs) + "], ', ')";
        List<String> changed = listed("SELECT " + rowLabel("x") + " || ' (' || d || ')' FROM (SELECT s.*, " + diffCols
                + " AS d FROM " + STAGE + " s JOIN " + target + " t ON " + join + ") x WHERE d <> '' ORDER BY 1");
        if (!changed.isEmpty()) {
            throw new MigrationException(target + ": source row(s) differ from what Postgres holds under the same key: "
                    + String.join(", ", changed)
                    + "; rolled back (a legacy row changed after an earlier run, or the row was edited in Postgres)");
        }
        return present;
    }

    /** The operator's line for a staged load: how many rows were new. */
    public static String newRowsLine(String target, long inserted, long present) {
        return String.format("%s: %d new row(s), %d already present", target, inserted, present - inserted);
    }

    /** How a staged row is named in messages: its source path when staged with one, else its key. */
    private String rowLabel(String alias) {
        if (stagedWithSourceRow) {
            return alias + "." + SOURCE_ROW;
        }
        return key.stream()
                .map(k -> "'" + k + "=' || " + alias + "." + k + "::text")
                .collect(Collectors.joining(" || ', ' || "));
    }

    public long scalar(String sql) throws SQLException {
        return scalar(pg, sql);
    }

    public static long scalar(Connection pg, String sql) throws SQLException {
        try (Statement st = pg.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public void execute(String sql) throws SQLException {
        try (Statement st = pg.createStatement()) {
            st.execute(sql);
        }
    }

    /** The first few values of a one-column query, for naming rows in errors. */
    public List<String> listed(String sql) throws SQLException {
        return listed(pg, sql);
    }

    /** The first few values of a one-column query, for naming rows in errors. */
    public static List<String> listed(Connection pg, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = pg.prepareStatement(sql + " LIMIT " + MAX_LISTED);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** An action run between two COPY statements of one load (the connection is free then). */
    @FunctionalInterface
    public interface Between {
        void run() throws SQLException;
    }

    /** Appends rows in COPY's binary or text format and sends them in large writes. */
    public final class RowWriter {
        private final String sql;
        private final CopyBinary.Column[] binary;
        private final StringBuilder text;
        private final CopyBinary.Buffer bytes;
        private CopyIn copy;
        private int column;
        private long rowsInBuf;
        private long rows;
        private long stored;

        private RowWriter(String sql, CopyBinary.Column[] binary) throws SQLException {
            this.sql = sql;
            this.binary = binary;
            this.text = binary == null ? new StringBuilder(FLUSH_BYTES + 64 * 1024) : null;
            this.bytes = binary == null ? null : new CopyBinary.Buffer(FLUSH_BYTES + 64 * 1024);
            open();
        }

        private void open() throws SQLException {
            copy = pg.unwrap(PGConnection.class).getCopyAPI().copyIn(binary == null ? sql : sql + " (FORMAT binary)");
            if (binary != null) {
                bytes.header();
            }
        }

        /** The next value of the current row. */
        public void value(PgType type, Object v) {
            if (binary != null) {
                if (column == 0) {
                    bytes.rowStart(binary.length);
                }
                binary[column].write(bytes, v);
            } else {
                if (column > 0) {
                    text.append('\t');
                }
                CopyText.append(text, type, v);
            }
            column++;
        }

        /** Ends the current row; sends the buffer when it is full and looks at the cancel request. */
        public void endRow() throws SQLException {
            if (binary == null) {
                text.append('\n');
            }
            column = 0;
            rowsInBuf++;
            rows++;
            if ((binary == null ? text.length() : bytes.size()) >= FLUSH_BYTES) {
                flush();
            }
        }

        /**
         * Ends the COPY so far (its rows stay in the transaction), runs {@code action} on the
         * connection, and opens the next COPY of the same rows' stream. Only between rows.
         */
        public void between(Between action) throws SQLException {
            end();
            action.run();
            open();
        }

        private void flush() throws SQLException {
            if (binary == null) {
                if (text.length() > 0) {
                    byte[] b = text.toString().getBytes(StandardCharsets.UTF_8);
                    copy.writeToCopy(b, 0, b.length);
                    text.setLength(0);
                }
            } else if (bytes.size() > 0) {
                copy.writeToCopy(bytes.array(), 0, bytes.size());
                bytes.clear();
            }
            progress.add(rowsInBuf);
            rowsInBuf = 0;
            if (progress.cancelRequested() || Thread.currentThread().isInterrupted()) {
                throw new MigrationException(
                        target + ": cancelled after " + progress.done() + " rows; rolled back, nothing written");
            }
        }

        private void end() throws SQLException {
            if (binary != null) {
                bytes.trailer();
            }
            flush();
            stored += copy.endCopy();
        }

        private void finish() throws SQLException {
            end();
        }

        private void cancelQuietly() {
            TableLoad.cancelQuietly(copy);
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
}
