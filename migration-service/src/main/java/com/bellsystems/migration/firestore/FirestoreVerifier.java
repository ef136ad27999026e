package com.bellsystems.migration.firestore;

import com.bellsystems.migration.sqlite.LegacyTime;
import com.bellsystems.migration.verify.TableReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.firestore.Firestore;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
        List<FsColumn> columns = job.columns();
        List<TableReport.Check> checks = new ArrayList<>();
        List<TableReport.Mismatch> mismatches = new ArrayList<>();
        long source = job.countSourceForVerify(db);
        long postgres = FirestoreJob.scalar(pg, "SELECT count(*) FROM " + target);
        checks.add(new TableReport.Check(
                "row count",
                source == postgres,
                String.format("Source: %d rows → Postgres: %d rows", source, postgres)));

        String key = columns.get(0).name();
        String lookup = "SELECT " + columns.stream().map(FsColumn::name).collect(Collectors.joining(", ")) + " FROM "
                + target + " WHERE " + key + " = ?";
        int[] compared = {0};
        try (PreparedStatement ps = pg.prepareStatement(lookup)) {
            job.readForVerify(db, pg, sample, json, (path, expected) -> {
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
                    for (int i = 0; i < columns.size(); i++) {
                        FsColumn c = columns.get(i);
                        if (expected[i] == FsColumn.NOW) {
                            continue;
                        }
                        Object actual = read(rs, i + 1, c.type());
                        if (!same(c.type(), expected[i], actual)) {
                            add(
                                    mismatches,
                                    new TableReport.Mismatch(
                                            path, c.name(), show(c.type(), expected[i]), show(c.type(), actual)));
                        }
                    }
                }
            });
        }
        checks.add(new TableReport.Check(
                sample < 0 ? "every document field by field" : "random rows field by field",
                mismatches.isEmpty(),
                compared[0] + " documents compared, " + mismatches.size() + " field(s) differ"));

        List<String> times = columns.stream()
                .filter(c -> c.type() == FsType.TIME)
                .map(FsColumn::name)
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
                .filter(c -> c.type() == FsType.JSON_ARRAY)
                .map(FsColumn::name)
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

    private static void add(List<TableReport.Mismatch> list, TableReport.Mismatch m) {
        if (list.size() < MAX_MISMATCHES) {
            list.add(m);
        }
    }

    static Object read(ResultSet rs, int i, FsType type) throws SQLException {
        switch (type) {
            case TIME: {
                OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
                return t == null ? null : t.toEpochSecond() * 1_000_000L + t.getNano() / 1000;
            }
            case INT, BIGINT: {
                long v = rs.getLong(i);
                return rs.wasNull() ? null : v;
            }
            case BOOL: {
                boolean v = rs.getBoolean(i);
                return rs.wasNull() ? null : v;
            }
            case NUMERIC_12_2, NUMERIC_5_2:
                return rs.getBigDecimal(i);
            case TEXT_ARRAY: {
                Array a = rs.getArray(i);
                return a == null ? null : Arrays.asList((Object[]) a.getArray());
            }
            default:
                return rs.getString(i);
        }
    }

    boolean same(FsType type, Object expected, Object actual) {
        if (expected == null || actual == null) {
            return expected == null && actual == null;
        }
        switch (type) {
            case JSON, JSON_ARRAY, JSON_OBJECT:
                try {
                    return sameJson(json.readTree((String) expected), json.readTree((String) actual));
                } catch (Exception e) {
                    return false;
                }
            case NUMERIC_12_2, NUMERIC_5_2: {
                BigDecimal a = (BigDecimal) actual;
                return ((BigDecimal) expected)
                                .setScale(a.scale(), RoundingMode.HALF_UP)
                                .compareTo(a)
                        == 0;
            }
            default:
                return Objects.equals(expected, actual);
        }
    }

    /** JSON equality where numbers compare by value (jsonb prints 1e20 as 100000000000000000000). */
    static boolean sameJson(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            Iterator<Map.Entry<String, JsonNode>> it = a.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode other = b.get(e.getKey());
                if (other == null || !sameJson(e.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!sameJson(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    private static String show(FsType type, Object v) {
        if (v == null) {
            return "NULL";
        }
        if (type == FsType.TIME && v instanceof Long micros) {
            return LegacyTime.toPg(micros);
        }
        return v instanceof BigDecimal d ? d.toPlainString() : String.valueOf(v);
    }
}
