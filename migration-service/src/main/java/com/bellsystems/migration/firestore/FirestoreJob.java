package com.bellsystems.migration.firestore;

import com.bellsystems.firestore.FirestoreValues;
import com.bellsystems.migration.engine.JobContext;
import com.bellsystems.migration.engine.JobResult;
import com.bellsystems.migration.engine.MigrationException;
import com.bellsystems.migration.engine.MigrationJob;
import com.bellsystems.migration.engine.PgType;
import com.bellsystems.migration.engine.Progress;
import com.bellsystems.migration.engine.TableLoad;
import com.bellsystems.migration.engine.TableReport;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.firestore.Firestore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * A Phase 2 / staff job: reads Firestore (through firebase-admin, read calls only) and loads one
 * Postgres table through the engine's {@link TableLoad}, the pipeline Phase 1 uses too.
 * <p>
 * Documents are read in pages ordered by document id and streamed through the column conversions
 * into the load's page table (so memory holds one page, never a collection); each page moves into
 * the target with {@code ON CONFLICT DO NOTHING} while the next page is fetched (which keeps
 * Firestore ids and makes a second run a no-op that catches up new documents), and into the
 * staging table that the closing checks read. Before commit every staged document must be in the target under
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
        List<Column> all = new ArrayList<>(columns);
        all.add(Column.extra()); // every target keeps what no column holds exactly
        this.columns = List.copyOf(all);
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
        /**
         * @param source the Firestore fields the row stands for (a document's data; for the single
         *               documents, the one field the row is), compared whole by the verifier
         */
        void accept(String path, Object[] values, Map<String, Object> source) throws Exception;

        /**
         * The rows of one page have all been given; called while the next page is being fetched,
         * so that what the sink does with them overlaps the wait.
         */
        default void pageDone() throws Exception {}
    }

    /** A source document a job deliberately did not load, kept whole with the reason. */
    public record Parked(String collection, String documentId, String path, String reason, Map<String, Object> data) {}

    /** A field value that its column does not hold exactly; the original is in firestore_extra. */
    @io.quarkus.runtime.annotations.RegisterForReflection
    record Inexact(String path, String field, String column, String original, String stored) {
        Inexact {
            // a report line, not a copy: the whole original is in firestore_extra
            original = shortened(original);
            stored = shortened(stored);
        }

        private static String shortened(String s) {
            return s != null && s.length() > 200 ? s.substring(0, 200) + "…" : s;
        }
    }

    /** What one read pass produced besides rows: skipped and parked documents, kept fields, warnings. */
    public static final class ReadState {
        private static final int LISTED = 100;

        final Object now;
        final ObjectMapper json;
        final Progress progress;
        final Connection pg;
        final Map<String, Long> extraFields = new TreeMap<>();
        final Map<String, Long> legacyFields = new TreeMap<>();
        final Map<String, Long> inexactByColumn = new TreeMap<>();
        final Map<String, Inexact> firstInexact = new TreeMap<>();
        final List<Inexact> inexact = new ArrayList<>();
        final List<Parked> parked = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        final Map<String, Object> extraReport = new LinkedHashMap<>();
        long inexactCount;
        long typedOriginals;
        long skipped;
        long parkedCounted;
        /** What {@link #prepare} loaded for this pass. */
        Object prepared;

        ReadState(Object now, ObjectMapper json, Progress progress, Connection pg) {
            this.now = now;
            this.json = json;
            this.progress = progress;
            this.pg = pg;
        }

        void extraField(String field) {
            count(extraFields, field);
        }

        void legacyField(String field) {
            count(legacyFields, field);
        }

        void inexact(Inexact i) {
            inexactCount++;
            inexactByColumn.merge(i.column(), 1L, Long::sum);
            firstInexact.putIfAbsent(i.column(), i);
            if (inexact.size() < LISTED) {
                inexact.add(i);
            }
        }

        /** Parks a document the source count includes. */
        void park(Parked p) {
            parked.add(p);
            parkedCounted++;
        }

        /** Parks a document outside the source count (a settings document beside the configured one). */
        void parkUncounted(Parked p) {
            parked.add(p);
        }

        private static void count(Map<String, Long> counts, String field) {
            if (counts.size() < LISTED || counts.containsKey(field)) {
                counts.merge(field, 1L, Long::sum);
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

    /**
     * Work before reading, in the job's transaction (or the verifier's connection): e.g. loading
     * what parking decisions need into {@link ReadState#prepared}.
     */
    protected void prepare(ReadState state) throws SQLException {}

    /** Checks on rows about to be inserted, held in the temporary table {@code staged}. */
    protected void beforeInsert(Connection pg, String staged) throws SQLException {}

    /** Work after the insert, in the same transaction (e.g. validating a constraint). */
    protected void afterInsert(Connection pg, JobContext ctx) throws SQLException {}

    /** Job-specific lines of the run report, added after the common ones. */
    protected void report(ReadState state, Map<String, Object> report) {}

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

    /** Whether the operator allowed this job's source to be empty (bellsys.migration.firestore.allow-empty). */
    protected boolean emptyAllowed() {
        return FirestoreSource.allowEmpty().contains(name);
    }

    /** Fails the job when its source is empty (or missing) and the operator has not allowed that. */
    protected void requireSource(long sourceRows, String what) {
        if (sourceRows == 0 && !emptyAllowed()) {
            throw new MigrationException(name + ": " + what + "; nothing was written. A source that is empty on "
                    + "purpose is allowed with bellsys.migration.firestore.allow-empty=" + name);
        }
    }

    private JobResult load(TableLoad load, JobContext ctx) throws Exception {
        Connection pg = load.connection();
        Progress progress = ctx.progress();
        long now = load.nowMicros();
        Firestore db = FirestoreSource.firestore();
        ReadState state = new ReadState(now, ctx.json(), progress, pg);
        prepare(state);
        // the count aggregation runs beside the first pages; it is needed only to check the read
        ExecutorService counter = Executors.newSingleThreadExecutor(r -> new Thread(r, "firestore-count-" + name));
        Future<Long> counting = counter.submit(() -> {
            long n = countSource(db);
            progress.total(n);
            return n;
        });
        counter.shutdown();
        progress.start(-1);
        load.createStage(true);
        load.createPageStage();
        progress.stage("reading Firestore, inserting page by page");
        PgType[] types = columns.stream().map(c -> c.conversion().pgType()).toArray(PgType[]::new);
        long[] inserted = {0};
        long staged;
        try {
            staged = load.copy(
                    TableLoad.PAGE,
                    true,
                    rows -> firestore(() -> {
                        read(db, state, new RowSink() {
                            @Override
                            public void accept(String path, Object[] values, Map<String, Object> source)
                                    throws Exception {
                                for (int i = 0; i < values.length; i++) {
                                    rows.value(types[i], values[i]);
                                }
                                rows.value(PgType.TEXT, path);
                                rows.endRow();
                            }

                            @Override
                            public void pageDone() throws Exception {
                                rows.between(() -> {
                                    beforeInsert(pg, TableLoad.PAGE);
                                    inserted[0] += load.movePage();
                                });
                            }
                        });
                        return null;
                    }));
        } catch (Throwable t) {
            counting.cancel(true);
            throw t;
        }
        progress.stage("inserting");
        // what the last page left (a single-document job has no pages)
        beforeInsert(pg, TableLoad.PAGE);
        inserted[0] += load.movePage();
        progress.stage("counting source");
        long counted = firestore(counting::get);
        long sourceRows = counted - state.skipped - state.parkedCounted;
        List<String> warnings = new ArrayList<>(state.warnings);
        if (!state.extraFields.isEmpty()) {
            warnings.add(name + ": field(s) with no column in " + target + ", kept in " + Column.EXTRA + ": "
                    + counts(state.extraFields));
        }
        state.inexactByColumn.forEach((column, n) -> {
            Inexact e = state.firstInexact.get(column);
            warnings.add(String.format(
                    "%s: %d value(s) do not fit %s.%s exactly; the originals are kept in %s (e.g. %s field %s: %s → %s)",
                    name, n, target, column, Column.EXTRA, e.path(), e.field(), e.original(), e.stored()));
        });
        for (Parked p : state.parked) {
            warnings.add(name + ": parked " + p.path() + " in " + PARKED + ": " + p.reason());
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
        afterInsert(pg, ctx);
        park(pg, state, ctx.runId());
        progress.stage("verifying keys and content");
        Set<String> nowDefaulted = columns.stream()
                .filter(c -> c.fallback() == Column.NOW)
                .map(Column::name)
                .collect(Collectors.toSet());
        long destRows = load.checkStaged(sourceRows, nowDefaulted);
        ctx.out().accept(TableLoad.newRowsLine(target, inserted[0], destRows));
        String summary = String.format("Source: %d rows → Postgres: %d rows ✓", sourceRows, destRows);
        return new JobResult(
                sourceRows, destRows, inserted[0], summary, warnings, report(state, counted, destRows, inserted[0]));
    }

    /** The run report stored with the run (the warnings are added by the run log). */
    private Map<String, Object> report(ReadState state, long counted, long destRows, long inserted) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("job", name);
        r.put("target", target);
        r.put("source_documents", counted);
        r.put("rows", destRows);
        r.put("new_rows", inserted);
        r.put("skipped", state.skipped);
        r.put("extra_fields", state.extraFields);
        r.put("legacy_fields_kept", state.legacyFields);
        Map<String, Object> inexact = new LinkedHashMap<>();
        inexact.put("count", state.inexactCount);
        inexact.put("by_column", state.inexactByColumn);
        inexact.put("values", state.inexact);
        r.put("inexact", inexact);
        r.put("typed_originals_kept", state.typedOriginals);
        Map<String, Object> parked = new LinkedHashMap<>();
        parked.put("count", state.parked.size());
        parked.put(
                "documents",
                state.parked.stream()
                        .limit(ReadState.LISTED)
                        .map(p -> Map.of(
                                "collection", p.collection(),
                                "document_id", p.documentId(),
                                "path", p.path(),
                                "reason", p.reason()))
                        .toList());
        r.put("parked", parked);
        r.putAll(state.extraReport);
        report(state, r);
        return r;
    }

    /** The parking table. */
    public static final String PARKED = "_migration_parked";

    /**
     * Replaces this job's parked documents with this run's, in the job's transaction: the table
     * says what the last successful run did not load (a document loaded since is no longer there).
     */
    private void park(Connection pg, ReadState state, Long runId) throws SQLException {
        try (PreparedStatement del = pg.prepareStatement("DELETE FROM " + PARKED + " WHERE job = ?")) {
            del.setString(1, name);
            del.executeUpdate();
        }
        if (state.parked.isEmpty()) {
            return;
        }
        try (PreparedStatement ins = pg.prepareStatement(
                "INSERT INTO " + PARKED
                        + " (job, collection, document_id, path, reason, document, run_id) VALUES (?, ?, ?, ?, ?, ?::jsonb, ?)")) {
            for (Parked p : state.parked) {
                ins.setString(1, name);
                ins.setString(2, p.collection());
                ins.setString(3, p.documentId());
                ins.setString(4, p.path());
                ins.setString(5, p.reason());
                try {
                    ins.setString(6, Conversion.typed(p.data(), state.json));
                } catch (IllegalArgumentException e) {
                    throw new MigrationException(
                            name + ": cannot park " + p.path() + ": " + e.getMessage() + "; rolled back");
                }
                ins.setObject(7, runId);
                ins.addBatch();
            }
            ins.executeBatch();
        }
    }

    private static String counts(Map<String, Long> counts) {
        return counts.entrySet().stream()
                .map(e -> e.getKey() + " (" + e.getValue() + " documents)")
                .collect(Collectors.joining(", "));
    }

    /** Two source documents with one key (possible across a collection group) would silently lose one. */
    private void duplicates(Connection pg) throws SQLException {
        List<String> dups = listed(
                pg,
                "SELECT " + key() + " || ' (' || string_agg(" + TableLoad.SOURCE_ROW + ", ', ' ORDER BY "
                        + TableLoad.SOURCE_ROW + ") || ')' FROM " + TableLoad.STAGE + " GROUP BY " + key()
                        + " HAVING count(*) > 1 ORDER BY 1");
        if (!dups.isEmpty()) {
            throw new MigrationException(target + ": several documents share the key " + key() + ": "
                    + String.join("; ", dups) + "; rolled back");
        }
    }

    // ------------------------------------------------------------------ document to row

    /**
     * The row for one document: DOC_ID / PARENT_ID from the path, every other column from its
     * field, and firestore_extra with every field no column holds exactly: fields without a
     * column (counted for the report; {@code legacy} fields, which the plan drops from the
     * columns, without a warning) and originals that their column changed (rounded money, text in
     * a number field, a timestamp inside JSON, a value of the wrong type where the column may take
     * its default: each one reported). A required column without a usable value fails the job.
     */
    protected Object[] mapDocument(
            String path, String id, String parentId, Map<String, Object> data, ReadState state, List<String> legacy) {
        Object[] values = new Object[columns.size()];
        Map<String, Object> extra = new LinkedHashMap<>();
        Set<String> columnFields = new HashSet<>();
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
            if (c.conversion() == Conversion.EXTRA) {
                continue;
            }
            columnFields.add(c.field());
            boolean present = data.containsKey(c.field());
            Object raw = data.get(c.field());
            if (raw == null) {
                values[i] = missing(c, present, path, state);
                if (present && values[i] != null) {
                    // an explicit null where the column takes its default: the null is kept
                    extra.put(c.field(), null);
                    state.inexact(new Inexact(
                            path,
                            c.field(),
                            c.name(),
                            "null",
                            c.conversion().pgType().show(values[i])));
                }
                continue;
            }
            try {
                values[i] = c.conversion().convert(raw, state.json);
            } catch (IllegalArgumentException | ArithmeticException e) {
                if (c.missing() == Column.Missing.REQUIRED) {
                    throw fieldError(path, c.field(), e.getMessage());
                }
                values[i] = missing(c, false, path, state);
                extra.put(c.field(), raw);
                state.inexact(new Inexact(
                        path,
                        c.field(),
                        c.name(),
                        describe(raw) + " (" + e.getMessage() + ")",
                        c.conversion().pgType().show(values[i])));
                continue;
            }
            if (!FirestoreValues.same(c.conversion().back(values[i], state.json), raw)) {
                extra.put(c.field(), raw);
                state.inexact(new Inexact(
                        path,
                        c.field(),
                        c.name(),
                        describe(raw),
                        c.conversion().pgType().show(values[i])));
            }
        }
        for (Map.Entry<String, Object> e : data.entrySet()) {
            String field = e.getKey();
            if (columnFields.contains(field)) {
                continue;
            }
            extra.put(field, e.getValue());
            if (legacy.contains(field)) {
                state.legacyField(field);
            } else {
                state.extraField(field);
            }
        }
        values[extraIndex()] = extra(path, extra, state);
        return values;
    }

    /** The firestore_extra value of a row: the typed JSON of its kept fields, or NULL when none. */
    protected String extra(String path, Map<String, Object> extra, ReadState state) {
        if (extra.isEmpty()) {
            return null;
        }
        try {
            return Conversion.typed(extra, state.json);
        } catch (IllegalArgumentException e) {
            throw new MigrationException(name + ": document " + path + ": a field kept in " + Column.EXTRA + " "
                    + e.getMessage() + "; the whole job was rolled back");
        }
    }

    /** The index of the firestore_extra column (the last). */
    protected int extraIndex() {
        return columns.size() - 1;
    }

    /** A Firestore value as reports show it: its type and a short rendering. */
    static String describe(Object raw) {
        Object shown = raw instanceof com.google.cloud.Timestamp t
                ? FirestoreValues.iso(t)
                : raw instanceof FirestoreValues.Reference r ? r.path() : FirestoreValues.toJson(raw);
        String type =
                switch (Conversion.kind(raw)) {
                    case "a number" -> raw instanceof Double ? "double" : "integer";
                    case "text" -> "string";
                    default -> Conversion.kind(raw).replaceFirst("^an? ", "");
                };
        String s = raw instanceof String str ? "'" + str + "'" : String.valueOf(shown);
        return type + " " + (s.length() > 60 ? s.substring(0, 60) + "…" : s);
    }

    /**
     * The Firestore fields a writer would restore from a Postgres row: each column's value as
     * Firestore would store it ({@link Conversion#back}), overridden by what firestore_extra keeps,
     * plus every field only firestore_extra has. Fields whose column took a default because the
     * document lacks them are left out (they were not in the document).
     */
    protected Map<String, Object> rebuild(Object[] row, Map<String, Object> source, ObjectMapper json) {
        Map<String, Object> doc = new LinkedHashMap<>();
        Map<String, Object> extra = extraFields(row[extraIndex()], json);
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            if (c.field() == null || c.conversion() == Conversion.EXTRA || !source.containsKey(c.field())) {
                continue;
            }
            doc.put(c.field(), c.conversion().back(row[i], json));
        }
        doc.putAll(extra);
        return doc;
    }

    /** firestore_extra (JSON text) as Firestore values; references as {@link FirestoreValues.Reference}. */
    static Map<String, Object> extraFields(Object extraJson, ObjectMapper json) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (extraJson == null) {
            return out;
        }
        try {
            Map<?, ?> typed = json.readValue((String) extraJson, Map.class);
            typed.forEach((k, v) -> out.put(String.valueOf(k), FirestoreValues.fromTyped(v, null)));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("firestore_extra is not JSON: " + e.getOriginalMessage());
        }
        return out;
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

    long countSourceForVerify(Firestore db, Connection pg) throws Exception {
        return firestore(() -> countSource(db) - notMigrated(db) - parkedCount(pg));
    }

    /**
     * Rows bellsys created itself that have no Firestore document (e.g. the seed admin, made before
     * Phase 3 and never mirrored): they are no source row's copy, so verification leaves them out
     * of the row count. Only tables with a {@code firestore_id} column can tell (NULL there: not
     * loaded from Firestore); the default is none.
     */
    long bellsysOnlyRows(Firestore db, Connection pg) throws Exception {
        return 0;
    }

    /** The documents this job's last successful run parked. */
    long parkedCount(Connection pg) throws SQLException {
        try (PreparedStatement ps = pg.prepareStatement("SELECT count(*) FROM " + PARKED + " WHERE job = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    void readForVerify(Firestore db, Connection pg, int sample, ObjectMapper json, RowSink sink) throws Exception {
        ReadState state = new ReadState(Column.NOW, json, new Progress(), pg);
        prepare(state);
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
