package com.bellsystems.migration.firestore;

import com.bellsystems.migration.engine.JobContext;
import com.bellsystems.migration.engine.JobResult;
import com.bellsystems.migration.engine.MigrationException;
import com.bellsystems.migration.engine.MigrationJob;
import com.bellsystems.migration.engine.Progress;
import com.bellsystems.migration.verify.TableReport;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.firestore.Firestore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The Phase 2 / staff engine: reads Firestore (through firebase-admin, read calls only) and loads
 * one Postgres table in one transaction, with the same rules as Phase 1's SqliteTableJob.
 * <p>
 * Documents are read in pages ordered by document id and streamed through the column conversions
 * into {@code COPY} of a temporary staging table (so memory holds one page, never a collection);
 * rows then move with {@code INSERT ... SELECT ... ON CONFLICT DO NOTHING}, which keeps Firestore
 * ids and makes a second run a no-op. Before commit the staged keys are counted in the target
 * ({@code Source: N rows → Postgres: N rows ✓}); any bad document, mismatch, cancel or lost
 * connection rolls the whole job back. Subclasses say where documents come from and how they
 * become rows; a few table-specific checks hook in before and after the insert.
 */
public abstract class FirestoreJob implements MigrationJob {

    /** Bytes of COPY text sent per write. */
    private static final int FLUSH_BYTES = 512 * 1024;

    private static final int MAX_LISTED = 5;

    private final String name;
    private final int phase;
    private final String step;
    protected final String target;
    protected final List<FsColumn> columns;

    protected FirestoreJob(String name, int phase, String step, String target, List<FsColumn> columns) {
        this.name = name;
        this.phase = phase;
        this.step = step;
        this.target = target;
        this.columns = List.copyOf(columns);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int phase() {
        return phase;
    }

    @Override
    public String step() {
        return step;
    }

    public String target() {
        return target;
    }

    public List<FsColumn> columns() {
        return columns;
    }

    /** The key column (the first column). */
    protected String key() {
        return columns.get(0).name();
    }

    // ------------------------------------------------------------------ what subclasses provide

    /** Receives the rows a job reads, in column order, with the document path that names them in errors. */
    @FunctionalInterface
    public interface RowSink {
        void accept(String path, Object[] values) throws Exception;
    }

    /** What one read pass produced besides rows: documents deliberately skipped and warnings. */
    public static final class ReadState {
        final Object now;
        final ObjectMapper json;
        final Progress progress;
        final Map<String, Long> extraFields = new TreeMap<>();
        final List<String> warnings = new ArrayList<>();
        long skipped;

        ReadState(Object now, ObjectMapper json, Progress progress) {
            this.now = now;
            this.json = json;
            this.progress = progress;
        }

        void extraField(String field) {
            if (extraFields.size() < 100 || extraFields.containsKey(field)) {
                extraFields.merge(field, 1L, Long::sum);
            }
        }
    }

    /** The number of source rows, from a count aggregation where the source is a collection. */
    protected abstract long countSource(Firestore db) throws Exception;

    /** Reads every source row (page by page) into the sink. */
    protected abstract void read(Firestore db, ReadState state, RowSink sink) throws Exception;

    /**
     * Source rows for {@code sample} random Postgres rows (compared by the verifier); the default
     * reads everything, which suits the single-document jobs.
     */
    protected void readSample(Firestore db, Connection pg, int sample, ReadState state, RowSink sink) throws Exception {
        read(db, state, sink);
    }

    /**
     * Source documents the job deliberately does not migrate (counted by the aggregation but
     * skipped), for the verifier's count check; the load learns them while reading.
     */
    protected long notMigrated(Firestore db) throws Exception {
        return 0;
    }

    /** Checks run in the transaction before anything is read (e.g. the job order). */
    protected void precondition(Connection pg) throws SQLException {}

    /** Checks on the staged rows before they are inserted. */
    protected void beforeInsert(Connection pg) throws SQLException {}

    /** Work after the insert, in the same transaction (e.g. validating a constraint). */
    protected void afterInsert(Connection pg, JobContext ctx) throws SQLException {}

    // ------------------------------------------------------------------ the run

    @Override
    public JobResult run(JobContext ctx) throws Exception {
        Progress progress = ctx.progress();
        progress.stage("checking");
        try (Connection pg = ctx.postgres().getConnection()) {
            pg.setAutoCommit(false);
            try {
                JobResult result = load(pg, ctx);
                progress.stage("committing");
                pg.commit();
                ctx.out().accept(target + ": " + result.summary());
                return result;
            } catch (Throwable t) {
                try {
                    pg.rollback();
                } catch (SQLException ignored) {
                    // a dead connection has rolled back on the server already
                }
                throw t;
            } finally {
                pg.setAutoCommit(true);
            }
        }
    }

    private JobResult load(Connection pg, JobContext ctx) throws Exception {
        Progress progress = ctx.progress();
        long now;
        try (Statement st = pg.createStatement()) {
            st.execute("SET LOCAL application_name = 'bellsys-migration:" + name + "'");
            st.execute("SET LOCAL TIME ZONE 'UTC'");
            try (ResultSet rs = st.executeQuery("SELECT (extract(epoch FROM now()) * 1000000)::bigint")) {
                rs.next();
                now = rs.getLong(1);
            }
        }
        precondition(pg);
        Firestore db = FirestoreSource.firestore();
        progress.stage("counting source");
        long counted = firestore(() -> countSource(db));
        progress.start(counted);
        try (Statement st = pg.createStatement()) {
            st.execute("CREATE TEMP TABLE _fs_stage (LIKE " + target
                    + " INCLUDING DEFAULTS, _fs_path TEXT) ON COMMIT DROP");
        }
        progress.stage("reading Firestore");
        ReadState state = new ReadState(now, ctx.json(), progress);
        long staged = copy(pg, db, state);
        long sourceRows = counted - state.skipped;
        List<String> warnings = new ArrayList<>(state.warnings);
        if (!state.extraFields.isEmpty()) {
            warnings.add(name + ": ignoring field(s) with no column in " + target + ": "
                    + state.extraFields.entrySet().stream()
                            .map(e -> e.getKey() + " (" + e.getValue() + " documents)")
                            .collect(Collectors.joining(", ")));
        }
        warnings.forEach(ctx.out());
        if (staged != sourceRows) {
            throw new MigrationException(String.format(
                    "%s: the count aggregation gave %d documents but %d were read "
                            + "(Firestore changed during the run?); rolled back, run it again",
                    name, sourceRows, staged));
        }
        progress.stage("checking staged rows");
        duplicates(pg);
        beforeInsert(pg);
        progress.stage("inserting");
        String cols = columns.stream().map(FsColumn::name).collect(Collectors.joining(", "));
        long inserted;
        try (Statement st = pg.createStatement()) {
            inserted = st.executeUpdate("INSERT INTO " + target + " (" + cols + ") SELECT " + cols
                    + " FROM _fs_stage ORDER BY " + key() + " ON CONFLICT DO NOTHING");
        } catch (SQLException e) {
            throw new MigrationException(
                    target + ": Postgres refused the rows: " + e.getMessage() + "; rolled back", e);
        }
        afterInsert(pg, ctx);
        progress.stage("verifying counts");
        long destRows = scalar(
                pg,
                "SELECT count(*) FROM _fs_stage s WHERE EXISTS (SELECT 1 FROM " + target + " t WHERE t." + key()
                        + " = s." + key() + ")");
        if (destRows != sourceRows) {
            String line = String.format("Source: %d rows → Postgres: %d rows ✗", sourceRows, destRows);
            ctx.out().accept(target + ": " + line);
            throw new MigrationException(target + ": count mismatch, " + line + "; not written: "
                    + String.join(
                            ", ",
                            listed(
                                    pg,
                                    "SELECT _fs_path FROM _fs_stage s WHERE NOT EXISTS (SELECT 1 FROM " + target
                                            + " t WHERE t." + key() + " = s." + key() + ") ORDER BY 1"))
                    + " (a unique column colliding with another row?); rolled back");
        }
        ctx.out().accept(String.format("%s: %d new row(s), %d already present", target, inserted, destRows - inserted));
        String summary = String.format("Source: %d rows → Postgres: %d rows ✓", sourceRows, destRows);
        return new JobResult(sourceRows, destRows, summary, warnings);
    }

    private long copy(Connection pg, Firestore db, ReadState state) throws Exception {
        String cols = columns.stream().map(FsColumn::name).collect(Collectors.joining(", "));
        CopyIn copy =
                pg.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY _fs_stage (" + cols + ", _fs_path) FROM STDIN");
        StringBuilder buf = new StringBuilder(FLUSH_BYTES + 64 * 1024);
        long[] rows = {0, 0};
        try {
            firestore(() -> {
                read(db, state, (path, values) -> {
                    for (int i = 0; i < values.length; i++) {
                        CopyText.append(buf, columns.get(i).type(), values[i]);
                        buf.append('\t');
                    }
                    CopyText.append(buf, FsType.TEXT, path);
                    buf.append('\n');
                    rows[0]++;
                    rows[1]++;
                    if (buf.length() >= FLUSH_BYTES) {
                        flush(copy, buf);
                        state.progress.add(rows[1]);
                        rows[1] = 0;
                        checkCancelled(state.progress);
                    }
                });
                return null;
            });
            flush(copy, buf);
            state.progress.add(rows[1]);
            checkCancelled(state.progress);
            copy.endCopy();
        } catch (SQLException e) {
            cancelQuietly(copy);
            throw new MigrationException(
                    target + ": Postgres refused the rows: " + e.getMessage() + "; rolled back", e);
        } catch (Throwable t) {
            cancelQuietly(copy);
            throw t;
        }
        return rows[0];
    }

    /** Two source documents with one key (possible across a collection group) would silently lose one. */
    private void duplicates(Connection pg) throws SQLException {
        List<String> dups = listed(
                pg,
                "SELECT " + key() + " || ' (' || string_agg(_fs_path, ', ') || ')' FROM _fs_stage GROUP BY " + key()
                        + " HAVING count(*) > 1 ORDER BY 1");
        if (!dups.isEmpty()) {
            throw new MigrationException(target + ": several documents share the key " + key() + ": "
                    + String.join("; ", dups) + "; rolled back");
        }
    }

    private void checkCancelled(Progress progress) {
        if (progress.cancelRequested() || Thread.currentThread().isInterrupted()) {
            throw new MigrationException(
                    target + ": cancelled after " + progress.done() + " rows; rolled back, nothing written");
        }
    }

    private static void flush(CopyIn copy, StringBuilder buf) throws SQLException {
        if (buf.length() == 0) {
            return;
        }
        byte[] bytes = buf.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        buf.setLength(0);
    }

    private static void cancelQuietly(CopyIn copy) {
        try {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        } catch (SQLException | RuntimeException ignored) {
            // the rollback that follows is what matters
        }
    }

    // ------------------------------------------------------------------ document to row

    /**
     * The row for one document: DOC_ID / PARENT_ID from the path, every other column from its
     * field; fields without a column are counted for the warning. {@code dropped} fields are
     * legacy fields the plan removes, ignored without a warning.
     */
    protected Object[] mapDocument(
            String path, String id, String parentId, Map<String, Object> data, ReadState state, List<String> dropped) {
        Object[] values = new Object[columns.size()];
        for (int i = 0; i < values.length; i++) {
            FsColumn c = columns.get(i);
            if (c.type() == FsType.DOC_ID) {
                values[i] = id;
                continue;
            }
            if (c.type() == FsType.PARENT_ID) {
                if (parentId == null) {
                    throw new MigrationException(name + ": document " + path + " has no parent document for " + target
                            + "." + c.name() + "; rolled back");
                }
                values[i] = parentId;
                continue;
            }
            boolean present = data.containsKey(c.field());
            Object raw = data.get(c.field());
            if (raw == null) {
                values[i] = missing(c, present, path, state);
                continue;
            }
            try {
                values[i] = FsConvert.convert(c.type(), raw, state.json);
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw fieldError(path, c.field(), e.getMessage());
            }
        }
        for (String field : data.keySet()) {
            if (!dropped.contains(field) && columns.stream().noneMatch(c -> field.equals(c.field()))) {
                state.extraField(field);
            }
        }
        return values;
    }

    private Object missing(FsColumn c, boolean present, String path, ReadState state) {
        switch (c.missing()) {
            case NULL:
                return null;
            case DEFAULT_KEEP_NULL:
                if (present) {
                    return null;
                }
                return fallback(c, state);
            case DEFAULT:
                return fallback(c, state);
            default:
                throw fieldError(
                        path,
                        c.field(),
                        (present ? "is null" : "is missing") + " and " + target + "." + c.name()
                                + " requires a value (no schema default)");
        }
    }

    private static Object fallback(FsColumn c, ReadState state) {
        return c.fallback() == FsColumn.NOW ? state.now : c.fallback();
    }

    protected MigrationException fieldError(String path, String field, String reason) {
        return new MigrationException(
                name + ": document " + path + " field " + field + ": " + reason + "; the whole job was rolled back");
    }

    // ------------------------------------------------------------------ verification

    @Override
    public TableReport verify(JobContext ctx, int sample) throws Exception {
        Firestore db = FirestoreSource.firestore();
        try (Connection pg = ctx.postgres().getConnection()) {
            return new FirestoreVerifier(this, ctx.json()).verify(db, pg, sample);
        }
    }

    long countSourceForVerify(Firestore db) throws Exception {
        return firestore(() -> countSource(db) - notMigrated(db));
    }

    void readForVerify(Firestore db, Connection pg, int sample, ObjectMapper json, RowSink sink) throws Exception {
        ReadState state = new ReadState(FsColumn.NOW, json, new Progress());
        firestore(() -> {
            if (sample < 0) {
                read(db, state, sink);
            } else {
                readSample(db, pg, sample, state, sink);
            }
            return null;
        });
    }

    // ------------------------------------------------------------------ helpers

    /** A blocking firebase-admin call; ExecutionException unwrapped into an operator-readable failure. */
    @FunctionalInterface
    protected interface FirestoreCall<T> {
        T call() throws Exception;
    }

    protected <T> T firestore(FirestoreCall<T> call) throws Exception {
        try {
            return call.call();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new MigrationException(
                    name + ": reading Firestore failed: " + cause.getMessage() + "; rolled back", cause);
        }
    }

    protected static long scalar(Connection pg, String sql) throws SQLException {
        try (Statement st = pg.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The first few values of a one-column query, for naming rows in errors. */
    protected static List<String> listed(Connection pg, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = pg.prepareStatement(sql + " LIMIT " + MAX_LISTED);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
