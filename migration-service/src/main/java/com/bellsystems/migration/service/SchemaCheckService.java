package com.bellsystems.migration.service;

import com.bellsystems.migration.engine.MigrationException;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;

/**
 * {@code schema-check} (issue 17): what differs between the live database's schema and the one
 * bellsys expects, before anything is changed. The expected schema is built, not kept in a file
 * that could drift: our Flyway migrations are applied to a scratch database (created and dropped
 * here, so the role needs CREATEDB), then both catalogs are described the same way (relations,
 * columns with type, NOT NULL and default, indexes, constraints, triggers, functions; month
 * partitions and Flyway's history table left out, they are made at run time) and compared. Read
 * only on the live database.
 */
@ApplicationScoped
public class SchemaCheckService {

    private static final Pattern JDBC_URL = Pattern.compile("^(jdbc:postgresql://[^/]+/)([^?]*)(.*)$");

    private final AgroalDataSource dataSource;
    private final Flyway flyway;
    private final String jdbcUrl;
    private final String user;
    private final String password;

    public SchemaCheckService(
            AgroalDataSource dataSource,
            Flyway flyway,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") String jdbcUrl,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.dataSource = dataSource;
        this.flyway = flyway;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password.orElse(null);
    }

    /** The comparison: {@code same} when nothing differs; one line per difference otherwise. */
    @RegisterForReflection
    public record SchemaReport(boolean same, String live, List<String> differences) {

        public String text() {
            StringBuilder sb = new StringBuilder("Schema check of ")
                    .append(live)
                    .append(": ")
                    .append(same ? "SAME as the expected schema" : differences.size() + " difference(s)")
                    .append('\n');
            differences.forEach(d -> sb.append("  ").append(d).append('\n'));
            return sb.toString();
        }
    }

    public SchemaReport check() {
        Matcher m = JDBC_URL.matcher(jdbcUrl);
        if (!m.matches()) {
            throw new MigrationException("schema-check: cannot read the database name from " + jdbcUrl);
        }
        String scratch = "bellsys_schema_check_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + scratch);
        } catch (SQLException e) {
            throw new MigrationException(
                    "schema-check builds the expected schema in a scratch database and could "
                            + "not create one (the role needs CREATEDB): " + e.getMessage(),
                    e);
        }
        try {
            String scratchUrl = m.group(1) + scratch + m.group(3);
            // Quarkus' own Flyway configuration (locations, resource provider), pointed at the scratch database
            Flyway.configure()
                    .configuration(flyway.getConfiguration())
                    .dataSource(scratchUrl, user, password)
                    .load()
                    .migrate();
            Map<String, String> expected;
            try (Connection c = DriverManager.getConnection(scratchUrl, user, password)) {
                expected = describe(c);
            }
            Map<String, String> live;
            String liveName;
            try (Connection c = dataSource.getConnection()) {
                live = describe(c);
                liveName = m.group(2) + " (" + version(c) + ")";
            }
            List<String> differences = diff(expected, live);
            return new SchemaReport(differences.isEmpty(), liveName, differences);
        } catch (SQLException e) {
            throw new MigrationException("schema-check: " + e.getMessage(), e);
        } finally {
            try (Connection c = dataSource.getConnection();
                    Statement st = c.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + scratch + " WITH (FORCE)");
            } catch (SQLException ignored) {
                // a scratch database left behind is named bellsys_schema_check_*, harmless
            }
        }
    }

    /** Every schema object of the current schema as "kind name" → its definition. */
    static Map<String, String> describe(Connection c) throws SQLException {
        Map<String, String> out = new TreeMap<>();
        String inSchema = " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() "
                + "AND NOT c.relispartition AND c.relname <> 'flyway_schema_history'";
        query(
                c,
                "SELECT 'relation ' || c.relname, CASE c.relkind WHEN 'r' THEN 'table' WHEN 'p' THEN "
                        + "'partitioned table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' ELSE 'sequence' "
                        + "END FROM pg_class c" + inSchema + " AND c.relkind IN ('r', 'p', 'v', 'm', 'S')",
                out);
        query(
                c,
                "SELECT 'column ' || c.relname || '.' || a.attname, format_type(a.atttypid, a.atttypmod) || "
                        + "CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END || coalesce(' DEFAULT ' || "
                        + "pg_get_expr(d.adbin, d.adrelid), '') FROM pg_attribute a JOIN pg_class c ON c.oid = "
                        + "a.attrelid LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                        + inSchema + " AND c.relkind IN ('r', 'p', 'v', 'm') AND a.attnum > 0 AND NOT a.attisdropped",
                out);
        query(
                c,
                "SELECT 'index ' || c.relname || '.' || i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
                        + "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class c ON c.oid = x.indrelid" + inSchema,
                out);
        query(
                c,
                "SELECT 'constraint ' || c.relname || '.' || con.conname, pg_get_constraintdef(con.oid) "
                        + "FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid" + inSchema,
                out);
        query(
                c,
                "SELECT 'trigger ' || c.relname || '.' || t.tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t "
                        + "JOIN pg_class c ON c.oid = t.tgrelid" + inSchema + " AND NOT t.tgisinternal",
                out);
        query(
                c,
                "SELECT 'function ' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')', "
                        + "'body md5 ' || md5(pg_get_functiondef(p.oid)) FROM pg_proc p JOIN pg_namespace n "
                        + "ON n.oid = p.pronamespace WHERE n.nspname = current_schema() AND p.prokind IN ('f', 'p')",
                out);
        return out;
    }

    /** The live database's migration state: Flyway's version, or Alembic's revision when it has one. */
    private static String version(Connection c) throws SQLException {
        List<String> parts = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT to_regclass('flyway_schema_history') IS NOT NULL, "
                        + "to_regclass('alembic_version') IS NOT NULL")) {
            rs.next();
            if (rs.getBoolean(1)) {
                parts.add("Flyway V" + one(c, "SELECT max(version::int) FROM flyway_schema_history WHERE success"));
            }
            if (rs.getBoolean(2)) {
                parts.add("Alembic " + one(c, "SELECT string_agg(version_num, ',') FROM alembic_version"));
            }
        }
        return parts.isEmpty() ? "no migration history" : String.join(", ", parts);
    }

    private static String one(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void query(Connection c, String sql, Map<String, String> out) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
    }

    static List<String> diff(Map<String, String> expected, Map<String, String> live) {
        Set<String> keys = new TreeSet<>(expected.keySet());
        keys.addAll(live.keySet());
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            String e = expected.get(k);
            String l = live.get(k);
            if (l == null) {
                out.add("missing " + k + ": " + e);
            } else if (e == null) {
                out.add("extra   " + k + ": " + l);
            } else if (!e.equals(l)) {
                out.add("differs " + k + ": expected " + e + ", found " + l);
            }
        }
        return out;
    }
}
