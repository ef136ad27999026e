package com.bellsystems.migration.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;

/**
 * Finds the first and last month a legacy time column spans, without loading the table: SQLite
 * aggregates the numeric (epoch) values and the dates of the text values, and only rows within
 * a few days of the earliest and latest dates are parsed (their zone offsets can move them across
 * a day, and so across a month).
 */
final class PartitionRange {

    private static final String DATE_GLOB = "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*'";
    /** Offsets reach at most ±14 h, so rows three days inside the edges cannot be the extremes. */
    private static final int EDGE_DAYS = 2;

    private PartitionRange() {}

    static SqliteTableJob.Range of(Connection lite, String table, String column) throws SQLException {
        String t = SqliteSource.quote(table);
        String c = SqliteSource.quote(column);
        long[] minMax = {Long.MAX_VALUE, Long.MIN_VALUE};
        String numeric = "(typeof(" + c + ") IN ('integer', 'real') OR (typeof(" + c + ") = 'text' AND " + c
                + " <> '' AND " + c + " NOT GLOB '*[^0-9.]*'))";
        // seconds and milliseconds are told apart by magnitude, so aggregate each band on its own
        for (String band : new String[] {"< 1e11", ">= 1e11"}) {
            try (Statement st = lite.createStatement();
                    ResultSet rs =
                            st.executeQuery("SELECT min(CAST(" + c + " AS REAL)), max(CAST(" + c + " AS REAL)) FROM "
                                    + t + " WHERE " + numeric + " AND abs(CAST(" + c + " AS REAL)) " + band)) {
                if (rs.next() && rs.getObject(1) != null) {
                    include(minMax, rs.getDouble(1));
                    include(minMax, rs.getDouble(2));
                }
            }
        }
        String dateRows = "typeof(" + c + ") = 'text' AND " + c + " GLOB " + DATE_GLOB;
        String minDate = null;
        String maxDate = null;
        try (Statement st = lite.createStatement();
                ResultSet rs = st.executeQuery("SELECT min(substr(" + c + ", 1, 10)), max(substr(" + c
                        + ", 1, 10)) FROM " + t + " WHERE " + dateRows)) {
            if (rs.next()) {
                minDate = rs.getString(1);
                maxDate = rs.getString(2);
            }
        }
        if (minDate != null) {
            String lowEdge = minDate;
            String highEdge = maxDate;
            try {
                lowEdge = LocalDate.parse(minDate).plusDays(EDGE_DAYS).toString();
                highEdge = LocalDate.parse(maxDate).minusDays(EDGE_DAYS).toString();
            } catch (RuntimeException ignored) {
                // an impossible date (2025-13-45) fails its row in the load with its key
            }
            try (PreparedStatement ps = lite.prepareStatement("SELECT " + c + " FROM " + t + " WHERE " + dateRows
                    + " AND (substr(" + c + ", 1, 10) <= ? OR substr(" + c + ", 1, 10) >= ?)")) {
                ps.setString(1, lowEdge);
                ps.setString(2, highEdge);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        try {
                            long micros = (Long) Conversion.TIME.convert(rs.getString(1), true, null);
                            minMax[0] = Math.min(minMax[0], micros);
                            minMax[1] = Math.max(minMax[1], micros);
                        } catch (RuntimeException ignored) {
                            // reported with its row key by the load itself
                        }
                    }
                }
            }
        }
        if (minMax[0] == Long.MAX_VALUE) {
            // no readable time at all: every row will fail its conversion and name itself
            long now = System.currentTimeMillis() * 1000;
            return SqliteTableJob.Range.ofMicros(now, now);
        }
        return SqliteTableJob.Range.ofMicros(minMax[0], minMax[1]);
    }

    private static void include(long[] minMax, double epoch) {
        try {
            long micros = (Long) Conversion.TIME.convert(epoch, true, null);
            minMax[0] = Math.min(minMax[0], micros);
            minMax[1] = Math.max(minMax[1], micros);
        } catch (RuntimeException ignored) {
            // out of range: the row's own conversion reports it
        }
    }
}
