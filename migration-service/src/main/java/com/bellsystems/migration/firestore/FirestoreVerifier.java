package com.bellsystems.migration.firestore;

import com.bellsystems.firestore.FirestoreValues;
import com.bellsystems.migration.engine.TableReport;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.firestore.Firestore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The spec's verification checklist for a Firestore job: the count aggregation against the
 * Postgres count, documents converted again and compared field by field with the row Postgres
 * holds under their id (random rows, or every document), time columns are timestamptz, no JSON
 * array column holds null. Columns that took now() because their field was absent are not compared.
 */
final class FirestoreVerifier {

    private static final int MAX_MISMATCHES = 50;

    private final FirestoreJob job;
    private final ObjectMapper json;

    FirestoreVerifier(FirestoreJob job, ObjectMapper json) {
        this.job = job;
        this.json = json;
    }

    TableReport verify(Firestore db, Connection pg, int sample) throws Exception {
        String target = job.target();
        List<Column> columns = job.columns();
        List<TableReport.Check> checks = new ArrayList<>();
        List<TableReport.Mismatch> mismatches = new ArrayList<>();
        long source = job.countSourceForVerify(db, pg);
        long parked = job.parkedCount(pg);
        long postgres = FirestoreJob.scalar(pg, "SELECT count(*) FROM " + target);
        long bellsysOnly = job.bellsysOnlyRows(db, pg);
        checks.add(new TableReport.Check(
                "row count",
                source == postgres - bellsysOnly,
                String.format("Source: %d rows → Postgres: %d rows", source, postgres)
                        + (bellsysOnly == 0
                                ? ""
                                : String.format(
                                        " (%d of them made in bellsys and never in Firestore, e.g. the seed admin)",
                                        bellsysOnly))));

        String key = columns.get(0).name();
        String lookup = "SELECT " + columns.stream().map(Column::name).collect(Collectors.joining(", ")) + " FROM "
                + target + " WHERE " + key + " = ?";
        int[] compared = {0};
        List<TableReport.Mismatch> documents = new ArrayList<>();
        try (PreparedStatement ps = pg.prepareStatement(lookup)) {
            job.readForVerify(db, pg, sample, json, (path, expected, sourceFields) -> {
                compared[0]++;
                if (expected == null) {
                    add(mismatches, new TableReport.Mismatch(path, "*", "document present", "missing in Firestore"));
                    return;
                }
                ps.setString(1, (String) expected[0]);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        add(mismatches, new TableReport.Mismatch(path, "*", "row present", "missing in Postgres"));
                        return;
                    }
                    Object[] row = new Object[columns.size()];
                    for (int i = 0; i < columns.size(); i++) {
                        row[i] = columns.get(i).conversion().pgType().read(rs, i + 1);
                    }
                    wholeDocument(path, row, sourceFields, documents);
                    for (int i = 0; i < columns.size(); i++) {
                        Column c = columns.get(i);
                        if (expected[i] == Column.NOW) {
                            continue;
                        }
                        Object actual = row[i];
                        if (!c.conversion().pgType().same(expected[i], actual, json)) {
                            add(
                                    mismatches,
                                    new TableReport.Mismatch(
                                            path,
                                            c.name(),
                                            c.conversion().pgType().show(expected[i]),
                                            c.conversion().pgType().show(actual)));
                        }
                    }
                }
            });
        }
        checks.add(new TableReport.Check(
                sample < 0 ? "every document field by field" : "random rows field by field",
                mismatches.isEmpty(),
                compared[0] + " documents compared, " + mismatches.size() + " field(s) differ"));
        checks.add(new TableReport.Check(
                "whole documents (columns + " + Column.EXTRA + " vs the Firestore document, types included)",
                documents.isEmpty(),
                compared[0] + " documents rebuilt from their rows, " + documents.size() + " field(s) differ"));
        for (TableReport.Mismatch m : documents) {
            add(mismatches, m);
        }
        checks.add(new TableReport.Check(
                "parked documents (" + FirestoreJob.PARKED + ")",
                true,
                parked + " document(s) not loaded on purpose, each with its reason"));

        List<String> times = columns.stream()
                .filter(c -> c.conversion() == Conversion.TIME)
                .map(Column::name)
                .toList();
        List<String> notTz = new ArrayList<>();
        try (PreparedStatement ps = pg.prepareStatement("SELECT column_name, data_type FROM information_schema.columns "
                + "WHERE table_schema = current_schema() AND table_name = ?")) {
            ps.setString(1, target);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (times.contains(rs.getString(1)) && !"timestamp with time zone".equals(rs.getString(2))) {
                        notTz.add(rs.getString(1) + " is " + rs.getString(2));
                    }
                }
            }
        }
        checks.add(new TableReport.Check(
                "time columns are timestamptz",
                notTz.isEmpty(),
                notTz.isEmpty() ? String.join(", ", times) : String.join(", ", notTz)));

        List<String> arrays = columns.stream()
                .filter(c -> c.conversion() == Conversion.JSON_ARRAY)
                .map(Column::name)
                .toList();
        if (!arrays.isEmpty()) {
            List<String> bad = new ArrayList<>();
            for (String col : arrays) {
                long n = FirestoreJob.scalar(
                        pg,
                        "SELECT count(*) FROM " + target + " WHERE " + col + " IS NULL OR jsonb_typeof(" + col
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
        return new TableReport(job.name(), target, ok, source, postgres, compared[0], checks, mismatches);
    }

    /**
     * The document as a writer would restore it from the row (columns + firestore_extra) against
     * the Firestore document, field by field with types: nothing missing, nothing changed, nothing
     * added.
     */
    private void wholeDocument(String path, Object[] row, Map<String, Object> source, List<TableReport.Mismatch> out) {
        Map<String, Object> rebuilt;
        try {
            rebuilt = job.rebuild(row, source, json);
        } catch (RuntimeException e) {
            add(out, new TableReport.Mismatch(path, Column.EXTRA, "a document", "cannot rebuild: " + e.getMessage()));
            return;
        }
        for (Map.Entry<String, Object> e : source.entrySet()) {
            if (!rebuilt.containsKey(e.getKey())) {
                add(
                        out,
                        new TableReport.Mismatch(
                                path, "field " + e.getKey(), FirestoreJob.describe(e.getValue()), "lost"));
            } else if (!FirestoreValues.same(rebuilt.get(e.getKey()), e.getValue())) {
                add(
                        out,
                        new TableReport.Mismatch(
                                path,
                                "field " + e.getKey(),
                                FirestoreJob.describe(e.getValue()),
                                FirestoreJob.describe(rebuilt.get(e.getKey()))));
            }
        }
        for (String field : rebuilt.keySet()) {
            if (!source.containsKey(field)) {
                add(out, new TableReport.Mismatch(path, "field " + field, "absent", "present in the row"));
            }
        }
    }

    private static void add(List<TableReport.Mismatch> list, TableReport.Mismatch m) {
        if (list.size() < MAX_MISMATCHES) {
            list.add(m);
        }
    }
}
