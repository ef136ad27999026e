package com.bellsystems.common.schema;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What differs between an expected schema and a live one. {@link #differences()} block adoption
 * (something bellsys relies on is missing or defined otherwise, or something is there that bellsys
 * does not know and could collide with its migrations); {@link #notes()} are reported but harmless
 * (column order).
 * <p>
 * Partitions are checked by rule, not by list: every partition of {@code device_logs} must be
 * {@code device_logs_YYYY_MM} covering exactly that UTC month, the shape
 * {@code ensure_device_logs_partitions} and {@code drop_device_logs_partitions_before} work with
 * (a partition on local-time bounds would leave hours uncovered next to the ones bellsys creates,
 * and a default partition would block creating months). Any other partition is a difference.
 */
public record SchemaDiff(List<String> differences, List<String> notes) {

    private static final Pattern MONTHLY = Pattern.compile("device_logs_(\\d{4})_(\\d{2})");

    public boolean matches() {
        return differences.isEmpty();
    }

    public static SchemaDiff between(SchemaSnapshot expected, SchemaSnapshot live) {
        List<String> differences = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(expected.objects().keySet());
        keys.addAll(live.objects().keySet());
        for (String key : keys) {
            String want = expected.objects().get(key);
            String found = live.objects().get(key);
            if (want != null && want.equals(found)) {
                continue;
            }
            boolean orderOnly = key.startsWith(SchemaSnapshot.COLUMN_ORDER);
            String line = want == null
                    ? "unexpected " + key + ": " + found
                    : found == null
                            ? "missing " + key + ": " + want
                            : "different " + key + ": expected " + want + ", found " + found;
            if (orderOnly && want != null && found != null && sameSet(want, found)) {
                notes.add(line + " (order only; bellsys names its columns)");
            } else if (!orderOnly) {
                differences.add(line);
            }
        }
        int monthly = 0;
        for (SchemaSnapshot.Partition p : live.partitions()) {
            String problem = partitionProblem(p);
            if (problem == null) {
                monthly++;
            } else {
                differences.add("partition " + p.name() + " of " + p.parent() + " (" + p.bound() + "): " + problem);
            }
        }
        if (monthly > 0) {
            notes.add(monthly + " monthly device_logs partition(s) with UTC month bounds (kept as they are)");
        }
        return new SchemaDiff(List.copyOf(differences), List.copyOf(notes));
    }

    /** Null if the partition is one bellsys's partition functions can live with, else why not. */
    static String partitionProblem(SchemaSnapshot.Partition p) {
        if (!p.parent().equals("device_logs")) {
            return "bellsys partitions no table but device_logs";
        }
        Matcher m = MONTHLY.matcher(p.name());
        if (!m.matches()) {
            return "not named device_logs_YYYY_MM";
        }
        YearMonth month = YearMonth.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        String want = "FOR VALUES FROM ('" + month.atDay(1) + " 00:00:00+00') TO ('"
                + month.plusMonths(1).atDay(1) + " 00:00:00+00')";
        return want.equals(p.bound()) ? null : "bounds are not the UTC month " + month + " (expected " + want + ")";
    }

    private static boolean sameSet(String a, String b) {
        return new TreeSet<>(List.of(a.split(", "))).equals(new TreeSet<>(List.of(b.split(", "))));
    }

    /** The differences then the notes, one per line, or "schema matches". */
    public String text() {
        if (differences.isEmpty() && notes.isEmpty()) {
            return "schema matches";
        }
        StringBuilder out = new StringBuilder();
        out.append(differences.isEmpty() ? "schema matches" : differences.size() + " difference(s)")
                .append('\n');
        differences.forEach(d -> out.append("  ").append(d).append('\n'));
        notes.forEach(n -> out.append("  note: ").append(n).append('\n'));
        return out.toString().stripTrailing();
    }
}
