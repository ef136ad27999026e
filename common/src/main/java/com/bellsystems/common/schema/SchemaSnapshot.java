package com.bellsystems.common.schema;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The schema of one database as read from its catalogs, normalized to one line per object
 * ({@code kind name | definition}) so two databases (or a database and the stored baseline) can be
 * compared line by line: tables, columns (type, nullability, default, generation), column order,
 * constraints, indexes, sequences, functions, triggers, views, enum and domain types, extensions.
 * <p>
 * Left out on purpose: the two history tables ({@code flyway_schema_history}, {@code alembic_version}),
 * objects owned by extensions, and partitions (monthly {@code device_logs} partitions are data:
 * they are listed in {@link #partitions()} and checked on their own). Constraint validity
 * ({@code NOT VALID}) is state the migration jobs change, not schema, so it is not compared.
 * Everything is read in one read-only repeatable-read transaction with {@code TimeZone=UTC}, so a
 * concurrent migration is seen either wholly or not at all and partition bounds read the same on
 * any server.
 */
public record SchemaSnapshot(SortedMap<String, String> objects, List<Partition> partitions) {

    /** Tables whose contents are bookkeeping of a migration tool, not schema. */
    public static final List<String> HISTORY_TABLES = List.of("flyway_schema_history", "alembic_version");

    /** Prefix of the per-table column order lines (compared, but a difference there is only a note). */
    public static final String COLUMN_ORDER = "column order ";

    /** One partition: its parent, name and bound as Postgres prints it (in UTC). */
    public record Partition(String parent, String name, String bound) {}

    private static final String OWN_RELATION =
            """
            \n n.nspname = current_schema()
              AND NOT c.relispartition
              AND c.relname <> ALL (?::text[])
              AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass
                              AND e.objid = c.oid AND e.deptype = 'e')""";

    /** Reads the schema of the connection's current schema. Leaves the connection as it found it. */
    public static SchemaSnapshot read(Connection c) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            s.execute("SET LOCAL TimeZone = 'UTC'");
            String schema = one(c, "SELECT current_schema()");
            SortedMap<String, String> objects = new TreeMap<>();
            Map<String, List<String>> order = new TreeMap<>();
            String history = "{" + String.join(",", HISTORY_TABLES) + "}";

            rows(
                    c,
                    """
                    SELECT c.relname,
                           CASE c.relkind WHEN 'r' THEN 'table' WHEN 'p' THEN 'partitioned table by '
                                || pg_get_partkeydef(c.oid) WHEN 'f' THEN 'foreign table' END
                    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE c.relkind IN ('r', 'p', 'f') AND """
                            + OWN_RELATION,
                    history,
                    r -> objects.put("table " + r.get(0), r.get(1)));
            rows(
                    c,
                    """
                    SELECT c.relname, CASE c.relkind WHEN 'v' THEN 'view ' ELSE 'materialized view ' END
                           || regexp_replace(pg_get_viewdef(c.oid), '\\s+', ' ', 'g')
                    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE c.relkind IN ('v', 'm') AND """
                            + OWN_RELATION,
                    history,
                    r -> objects.put("view " + r.get(0), r.get(1)));
            rows(
                    c,
                    """
                    SELECT c.relname, a.attname,
                           format_type(a.atttypid, a.atttypmod)
                           || CASE WHEN a.attnotnull THEN ' not null' ELSE ' null' END
                           || CASE WHEN a.attgenerated = 's'
                                   THEN ' generated always as (' || pg_get_expr(d.adbin, d.adrelid) || ') stored'
                                   WHEN d.adbin IS NOT NULL THEN ' default ' || pg_get_expr(d.adbin, d.adrelid)
                                   ELSE '' END
                           || CASE a.attidentity WHEN 'a' THEN ' generated always as identity'
                                                 WHEN 'd' THEN ' generated by default as identity' ELSE '' END
                    FROM pg_attribute a
                    JOIN pg_class c ON c.oid = a.attrelid
                    JOIN pg_namespace n ON n.oid = c.relnamespace
                    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                    WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'f', 'v', 'm') AND """
                            + OWN_RELATION + " ORDER BY c.relname, a.attnum",
                    history,
                    r -> {
                        objects.put("column " + r.get(0) + "." + r.get(1), r.get(2));
                        order.computeIfAbsent(r.get(0), k -> new ArrayList<>()).add(r.get(1));
                    });
            order.forEach((table, columns) -> objects.put(COLUMN_ORDER + table, String.join(", ", columns)));
            rows(
                    c,
                    """
                    SELECT c.relname, k.conname,
                           regexp_replace(pg_get_constraintdef(k.oid), ' NOT VALID$', '')
                    FROM pg_constraint k
                    JOIN pg_class c ON c.oid = k.conrelid
                    JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE k.contype IN ('p', 'u', 'f', 'c', 'x') AND """
                            + OWN_RELATION,
                    history,
                    r -> objects.put("constraint " + r.get(0) + "." + r.get(1), r.get(2)));
            rows(
                    c,
                    """
                    SELECT c.relname, i.relname, pg_get_indexdef(i.oid)
                    FROM pg_index x
                    JOIN pg_class i ON i.oid = x.indexrelid
                    JOIN pg_class c ON c.oid = x.indrelid
                    JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE """
                            + OWN_RELATION,
                    history,
                    r -> objects.put(
                            "index " + r.get(0) + "." + r.get(1), r.get(2).replace(" " + schema + ".", " ")));
            rows(
                    c,
                    """
                    SELECT c.relname,
                           format_type(s.seqtypid, NULL) || ' increment ' || s.seqincrement
                           || coalesce(' owned by ' || t.relname || '.' || a.attname, '')
                    FROM pg_sequence s
                    JOIN pg_class c ON c.oid = s.seqrelid
                    JOIN pg_namespace n ON n.oid = c.relnamespace
                    LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid
                         AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
                    LEFT JOIN pg_class t ON t.oid = d.refobjid
                    LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                    WHERE """
                            + OWN_RELATION,
                    history,
                    r -> objects.put("sequence " + r.get(0), r.get(1)));
            rows(
                    c,
                    """
                    SELECT p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',
                           'returns ' || pg_get_function_result(p.oid) || ', definition md5 '
                           || md5(pg_get_functiondef(p.oid))
                    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                    WHERE n.nspname = current_schema() AND p.prokind IN ('f', 'p')
                      AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_proc'::regclass
                                      AND e.objid = p.oid AND e.deptype = 'e')""",
                    history,
                    r -> objects.put("function " + r.get(0), r.get(1)));
            rows(
                    c,
                    """
                    SELECT c.relname, t.tgname, pg_get_triggerdef(t.oid)
                    FROM pg_trigger t
                    JOIN pg_class c ON c.oid = t.tgrelid
                    JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE NOT t.tgisinternal AND t.tgparentid = 0 AND """
                            + OWN_RELATION,
                    history,
                    r -> objects.put(
                            "trigger " + r.get(0) + "." + r.get(1), r.get(2).replace(" " + schema + ".", " ")));
            rows(
                    c,
                    """
                    SELECT t.typname,
                           CASE t.typtype WHEN 'e' THEN 'enum (' || (SELECT string_agg(quote_literal(l.enumlabel),
                                ', ' ORDER BY l.enumsortorder) FROM pg_enum l WHERE l.enumtypid = t.oid) || ')'
                                ELSE 'domain ' || format_type(t.typbasetype, t.typtypmod) END
                    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                    WHERE n.nspname = current_schema() AND t.typtype IN ('e', 'd')
                      AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_type'::regclass
                                      AND e.objid = t.oid AND e.deptype = 'e')""",
                    history,
                    r -> objects.put("type " + r.get(0), r.get(1)));
            rows(
                    c,
                    "SELECT extname, 'installed' FROM pg_extension WHERE extname <> 'plpgsql'",
                    history,
                    r -> objects.put("extension " + r.get(0), r.get(1)));

            List<Partition> partitions = new ArrayList<>();
            rows(
                    c,
                    """
                    SELECT p.relname, c.relname, pg_get_expr(c.relpartbound, c.oid)
                    FROM pg_inherits i
                    JOIN pg_class c ON c.oid = i.inhrelid
                    JOIN pg_class p ON p.oid = i.inhparent
                    JOIN pg_namespace n ON n.oid = p.relnamespace
                    WHERE c.relispartition AND c.relkind IN ('r', 'p', 'f') AND n.nspname = current_schema()
                    ORDER BY p.relname, c.relname""",
                    history,
                    r -> partitions.add(new Partition(r.get(0), r.get(1), r.get(2))));
            c.commit();
            return new SchemaSnapshot(
                    Collections.unmodifiableSortedMap(objects), Collections.unmodifiableList(partitions));
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /** Reads a snapshot stored with {@link #text()} (lines {@code key | definition}; '#' starts a comment). */
    public static SchemaSnapshot parse(InputStream in) {
        SortedMap<String, String> objects = new TreeMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int bar = line.indexOf(" | ");
                if (bar < 0) {
                    throw new IllegalArgumentException("not a schema line: " + line);
                }
                objects.put(line.substring(0, bar), line.substring(bar + 3));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SchemaSnapshot(Collections.unmodifiableSortedMap(objects), List.of());
    }

    /** One line per object, sorted: the stored form of a baseline. Partitions are not part of it. */
    public String text() {
        StringBuilder out = new StringBuilder();
        objects.forEach((k, v) -> out.append(k).append(" | ").append(v).append('\n'));
        return out.toString();
    }

    /** Whether the schema holds nothing at all (no relation, function, type; history tables aside). */
    public boolean isEmpty() {
        return objects.keySet().stream().noneMatch(k -> !k.startsWith("extension ")) && partitions.isEmpty();
    }

    private interface RowHandler {
        void accept(List<String> row);
    }

    private static void rows(Connection c, String sql, String history, RowHandler handler) throws SQLException {
        try (var ps = c.prepareStatement(sql)) {
            if (sql.contains("?")) {
                ps.setString(1, history);
            }
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> row = new ArrayList<>(n);
                    for (int i = 1; i <= n; i++) {
                        row.add(rs.getString(i));
                    }
                    handler.accept(row);
                }
            }
        }
    }

    private static String one(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
