package com.bellsystems.common.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The Alembic-made production database of the plan's Phases 0-3, as a fixture ({@value #FIXTURE},
 * whose header says what it represents and what is assumed), and the row fingerprints that show
 * adoption kept every row: each row's key and the md5 of its text, over the columns it had before.
 */
public final class AlembicDatabase {

    public static final String FIXTURE = "alembic/phase3.sql";

    /** The revision the fixture's alembic_version holds (bellsys.schema.alembic-revisions' default). */
    public static final String REVISION = "c2d3e4f5a6b7";

    private AlembicDatabase() {}

    /** Loads the fixture into the (empty) database. */
    public static void load(String database) {
        try (Connection c = TestDatabaseResource.connect(database);
                Statement s = c.createStatement()) {
            s.execute(fixtureSql());
        } catch (SQLException e) {
            throw new IllegalStateException("loading " + FIXTURE + " failed: " + e.getMessage(), e);
        }
    }

    public static String fixtureSql() {
        try (InputStream in = AlembicDatabase.class.getClassLoader().getResourceAsStream(FIXTURE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every table of the current schema (partitions and Flyway's history aside) with its columns in order. */
    public static SortedMap<String, List<String>> tableColumns(Connection c) throws SQLException {
        SortedMap<String, List<String>> out = new TreeMap<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        """
                        SELECT t.relname, a.attname
                        FROM pg_class t
                        JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
                        WHERE t.relnamespace = current_schema()::regnamespace AND t.relkind IN ('r', 'p')
                          AND NOT t.relispartition AND t.relname <> 'flyway_schema_history'
                        ORDER BY t.relname, a.attnum""")) {
            while (rs.next()) {
                out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
            }
        }
        return out;
    }

    /**
     * {@code table key -> md5(row text)} for every row of the given tables, over the given columns
     * (those a table had before the migrations, so added columns do not count). The key is the
     * primary key's text.
     */
    public static SortedMap<String, String> fingerprints(Connection c, Map<String, List<String>> tableColumns)
            throws SQLException {
        SortedMap<String, String> out = new TreeMap<>();
        for (Map.Entry<String, List<String>> table : tableColumns.entrySet()) {
            String key = primaryKey(c, table.getKey());
            String row = "ROW("
                    + String.join(
                            ", ",
                            table.getValue().stream()
                                    .map(AlembicDatabase::quote)
                                    .toList()) + ")::text";
            try (Statement s = c.createStatement();
                    ResultSet rs =
                            s.executeQuery("SELECT " + key + ", md5(" + row + ") FROM " + quote(table.getKey()))) {
                while (rs.next()) {
                    String previous = out.put(table.getKey() + " " + rs.getString(1), rs.getString(2));
                    if (previous != null) {
                        throw new IllegalStateException("duplicate key in " + table.getKey() + ": " + rs.getString(1));
                    }
                }
            }
        }
        return out;
    }

    private static String primaryKey(Connection c, String table) throws SQLException {
        try (var ps = c.prepareStatement(
                """
                SELECT string_agg(quote_ident(a.attname), ' || ''/'' || ' ORDER BY k.ord)
                FROM pg_constraint p
                CROSS JOIN LATERAL unnest(p.conkey) WITH ORDINALITY k(attnum, ord)
                JOIN pg_attribute a ON a.attrelid = p.conrelid AND a.attnum = k.attnum
                WHERE p.contype = 'p' AND p.conrelid = format('%I.%I', current_schema(), ?::text)::regclass""")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                String key = rs.getString(1);
                if (key == null) {
                    throw new IllegalStateException("table " + table + " has no primary key");
                }
                return "(" + key.replace(" || '/' || ", "::text || '/' || ") + "::text)";
            }
        }
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
