package com.bellsystems.migration.sqlite;

import com.bellsystems.migration.engine.MigrationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.Set;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * Opens the legacy SQLite file strictly read-only: {@code mode=ro} in the URI and the driver's
 * read-only flag, so neither the migration nor a bug in it can change the source.
 */
public final class SqliteSource {

    private SqliteSource() {}

    public static Connection open(Path file) {
        if (file == null || !Files.isRegularFile(file)) {
            throw new MigrationException("legacy SQLite file not found: " + file
                    + " (set bellsys.migration.sqlite-path / BELLSYS_MIGRATION_SQLITE_PATH)");
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setOpenMode(SQLiteOpenMode.READONLY);
        config.setSharedCache(false);
        try {
            return config.createConnection("jdbc:sqlite:file:" + file.toAbsolutePath() + "?mode=ro");
        } catch (SQLException e) {
            throw new MigrationException("cannot open legacy SQLite file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The table's column names, in order; empty when the table does not exist. */
    public static Set<String> columns(Connection lite, String table) throws SQLException {
        Set<String> names = new LinkedHashSet<>();
        try (Statement st = lite.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA table_info(" + quote(table) + ")")) {
            while (rs.next()) {
                names.add(rs.getString("name"));
            }
        }
        return names;
    }

    public static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
