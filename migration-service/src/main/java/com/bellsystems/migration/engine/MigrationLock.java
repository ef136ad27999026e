package com.bellsystems.migration.engine;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * "At most one migration at a time, across replicas": a session-level Postgres advisory lock held
 * on a dedicated connection for as long as a job or phase runs. If the process dies, Postgres ends
 * the session and the lock goes with it.
 */
@ApplicationScoped
public class MigrationLock {

    /** 'bellsmig' as a bigint: the one key every replica and the CLI contend for. */
    static final long KEY = 0x62656c6c736d6967L;

    private final AgroalDataSource dataSource;

    public MigrationLock(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The lock, or empty when another run (here, in another replica or in a CLI) holds it. */
    public Optional<Lease> tryAcquire() {
        Connection c = null;
        try {
            c = dataSource.getConnection();
            c.setAutoCommit(true);
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                ps.setLong(1, KEY);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        return Optional.of(new Lease(c));
                    }
                }
            }
            c.close();
            return Optional.empty();
        } catch (SQLException e) {
            closeQuietly(c);
            throw new MigrationException("cannot take the migration lock: " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // nothing to do
            }
        }
    }

    /** The held lock; closing it unlocks and returns the connection. */
    public static final class Lease implements AutoCloseable {
        private final Connection connection;

        Lease(Connection connection) {
            this.connection = connection;
        }

        @Override
        public void close() {
            try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                ps.setLong(1, KEY);
                ps.execute();
            } catch (SQLException ignored) {
                // a broken session has released the lock already
            } finally {
                closeQuietly(connection);
            }
        }
    }
}
