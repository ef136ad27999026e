package com.bellsystems.migration;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/** Builds legacy SQLite files for tests from the contract in legacy/legacy-schema.sql. */
public final class LegacyDb implements AutoCloseable {

    private final Connection connection;

    private LegacyDb(Connection connection) {
        this.connection = connection;
    }

    /** An existing legacy file, to add rows as the old backend would. */
    public static LegacyDb open(Path file) throws SQLException {
        return new LegacyDb(DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath()));
    }

    /** A fresh file at {@code file} holding the twelve legacy tables, empty. */
    public static LegacyDb create(Path file) throws IOException, SQLException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.deleteIfExists(file);
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (InputStream in = LegacyDb.class.getClassLoader().getResourceAsStream("legacy/legacy-schema.sql");
                Statement st = c.createStatement()) {
            String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            StringBuilder clean = new StringBuilder();
            for (String line : sql.split("\n")) {
                int comment = line.indexOf("--");
                clean.append(comment >= 0 ? line.substring(0, comment) : line).append('\n');
            }
            for (String stmt : clean.toString().split(";")) {
                if (!stmt.isBlank()) {
                    st.execute(stmt);
                }
            }
        }
        return new LegacyDb(c);
    }

    public LegacyDb exec(String sql) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute(sql);
        }
        return this;
    }

    /** Inserts one row; values are bound as given (String, Long, Integer, Double or null). */
    public LegacyDb insert(String table, String columns, Object... values) throws SQLException {
        String marks = String.join(", ", java.util.Collections.nCopies(values.length, "?"));
        try (PreparedStatement ps =
                connection.prepareStatement("INSERT INTO " + table + " (" + columns + ") VALUES (" + marks + ")")) {
            for (int i = 0; i < values.length; i++) {
                ps.setObject(i + 1, values[i]);
            }
            ps.executeUpdate();
        }
        return this;
    }

    /** {@code rows} device_logs rows spread over three months, in one SQLite transaction. */
    public LegacyDb deviceLogs(int rows, long firstId) throws SQLException {
        return deviceLogs(rows, firstId, 1_754_006_400L); // 2025-08-01T00:00:00Z
    }

    /** {@code rows} device_logs rows spread over 90 days from {@code startEpochSecond}. */
    public LegacyDb deviceLogs(int rows, long firstId, long startEpochSecond) throws SQLException {
        connection.setAutoCommit(false);
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO device_logs "
                + "(id, device_serial, level, message, device_timestamp, received_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            long start = startEpochSecond;
            for (int i = 0; i < rows; i++) {
                long t = start + (long) i * 86_400L * 90 / Math.max(rows, 1);
                ps.setLong(1, firstId + i);
                ps.setString(2, "BS-" + (i % 500));
                ps.setString(3, i % 10 == 0 ? "ERROR" : "INFO");
                ps.setString(4, "ring " + i + " ok");
                ps.setLong(5, t * 1000);
                ps.setString(
                        6,
                        java.time.Instant.ofEpochSecond(t)
                                .toString()
                                .replace('T', ' ')
                                .replace("Z", ""));
                ps.addBatch();
                if (i % 10_000 == 9_999) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
        connection.commit();
        connection.setAutoCommit(true);
        return this;
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
