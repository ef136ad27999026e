package com.bellsystems.migration.firestore;

import com.bellsystems.migration.engine.JobContext;
import com.bellsystems.migration.engine.JobResult;
import com.bellsystems.migration.engine.MigrationException;
import com.bellsystems.migration.engine.MigrationJob;
import com.bellsystems.migration.engine.PgType;
import com.bellsystems.migration.engine.Progress;
import com.bellsystems.migration.engine.TableLoad;
import com.bellsystems.migration.engine.TableReport;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.firestore.Firestore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

/**
 * A Phase 2 / staff job: reads Firestore (through firebase-admin, read calls only) and loads one
 * Postgres table through the engine's {@link TableLoad}, the pipeline Phase 1 uses too.
 * <p>
 * Documents are read in pages ordered by document id and streamed through the column conversions
 * into the load's staging table (so memory holds one page, never a collection); rows then move
 * with {@code ON CONFLICT DO NOTHING}, which keeps Firestore ids and makes a second run a no-op
 * that catches up new documents. Before commit every staged document must be in the target under
 * its id with the same content ({@code Source: N rows → Postgres: N rows ✓}); any bad document,
 * mismatch, cancel or lost connection rolls the whole job back. Subclasses say where documents
 * come from and how they become rows; a few table-specific checks hook in before and after the
 * insert.
 */
public abstract class FirestoreJob implements MigrationJob {

    private final String name;
    private final int phase;
    private final String step;
    protected final String target;
    protected final List<Column> columns;

    protected FirestoreJob(String name, int phase, String step, String target, List<Column> columns) {
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

    public List<Column> columns() {
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

    /** Checks on the staged rows before they are inserted. */
    protected void beforeInsert(Connection pg) throws SQLException {}

    /** Work after the insert, in the same transaction (e.g. validating a constraint). */
    protected void afterInsert(Connection pg, JobContext ctx) throws SQLException {}

    // ------------------------------------------------------------------ the run

    @Override
    public JobResult run(JobContext ctx) throws Exception {
        ctx.progress().stage("checking");
        List<TableLoad.LoadColumn> load = columns.stream()
                .map(c -> new TableLoad.LoadColumn(c.name(), c.conversion().pgType()))
                .toList();
        JobResult result = TableLoad.inTransaction(ctx, name, target, load, List.of(key()), l -> load(l, ctx));
        ctx.out().accept(target + ": " + result.summary());
        return result;
    }

    private JobResult load(TableLoad load, JobContext ctx) throws Exception {
        Connection pg = load.connection();
        Progress progress = ctx.progress();
        long now = load.nowMicros();
        Firestore db = FirestoreSource.firestore();
        progress.stage("counting source");
        long counted = firestore(() -> countSource(db));
        progress.start(counted);
        load.createStage(true);
        progress.stage("reading Firestore");
        ReadState state = new ReadState(now, ctx.json(), progress);
        PgType[] types = columns.stream().map(c -> c.conversion().pgType()).toArray(PgType[]::new);
        long staged = load.copy(
                TableLoad.STAGE,
                true,
                rows -> firestore(() -> {
                    read(db, state, (path, values) -> {
                        for (int i = 0; i < values.length; i++) {
                            rows.value(types[i], values[i]);
                        }
                        rows.value(PgType.TEXT, path);
                        rows.endRow();
                    });
                    return null;
                }));
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
        long inserted = load.insertStaged();
        afterInsert(pg, ctx);
        progress.stage("verifying keys and content");
        Set<String> nowDefaulted = columns.stream()
                .filter(c -> c.fallback() == Column.NOW)
                .map(Column::name)
                .collect(Collectors.toSet());
        long destRows = load.checkStaged(sourceRows, nowDefaulted);
        ctx.out().accept(TableLoad.newRowsLine(target, inserted, destRows));
        String summary = String.format("Source: %d rows → Postgres: %d rows ✓", sourceRows, destRows);
        return new JobResult(sourceRows, destRows, inserted, summary, warnings);
    }

    /** Two source documents with one key (possible across a collection group) would silently lose one. */
    private void duplicates(Connection pg) throws SQLException {
        List<String> dups = listed(
                pg,
                "SELECT " + key() + " || ' (' || string_agg(" + TableLoad.SOURCE_ROW + ", ', ') || ')' FROM "
                        + TableLoad.STAGE + " GROUP BY " + key() + " HAVING count(*) > 1 ORDER BY 1");
        if (!dups.isEmpty()) {
            throw new MigrationException(target + ": several documents share the key " + key() + ": "
                    + String.join("; ", dups) + "; rolled back");
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
            Column c = columns.get(i);
            if (c.conversion() == Conversion.DOC_ID) {
                values[i] = id;
                continue;
            }
            if (c.conversion() == Conversion.PARENT_ID) {
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
                values[i] = c.conversion().convert(raw, state.json);
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

    private Object missing(Column c, boolean present, String path, ReadState state) {
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

    private static Object fallback(Column c, ReadState state) {
        return c.fallback() == Column.NOW ? state.now : c.fallback();
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
        ReadState state = new ReadState(Column.NOW, json, new Progress());
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
        return TableLoad.scalar(pg, sql);
    }

    /** The first few values of a one-column query, for naming rows in errors. */
    protected static List<String> listed(Connection pg, String sql) throws SQLException {
        return TableLoad.listed(pg, sql);
    }
}
