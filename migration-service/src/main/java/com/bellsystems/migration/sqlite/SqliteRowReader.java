package com.bellsystems.migration.sqlite;

import com.bellsystems.migration.engine.MigrationException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads a query's rows on a thread of its own and hands them over in batches. SQLite's JNI calls
 * are most of a row's cost in Java; on their own thread they overlap with the conversion,
 * encoding and sending on the caller's thread (measured: the job was one busy Java thread and a
 * half-busy Postgres backend). The queue is short, so the rows in memory stay bounded whatever
 * the table's size. The connection is the caller's (one read transaction): the caller must not
 * use it until {@link #close()}.
 */
final class SqliteRowReader implements AutoCloseable {

    private static final int BATCH_ROWS = 2048;
    private static final int BATCHES_QUEUED = 4;
    private static final Object[][] END = new Object[0][];

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(BATCHES_QUEUED);
    private final Thread thread;
    private volatile boolean stopped;
    private boolean ended;

    private SqliteRowReader(Connection lite, String select, int columns, int fetchSize) {
        thread = new Thread(() -> read(lite, select, columns, fetchSize), "sqlite-reader");
        thread.setDaemon(true);
    }

    static SqliteRowReader start(Connection lite, String select, int columns, int fetchSize) {
        SqliteRowReader reader = new SqliteRowReader(lite, select, columns, fetchSize);
        reader.thread.start();
        return reader;
    }

    /** The next batch of raw rows (each an Object[] of the columns), or null after the last. */
    Object[][] next() throws Exception {
        if (ended) {
            return null;
        }
        Object item = queue.take();
        if (item instanceof Throwable t) {
            ended = true;
            if (t instanceof Exception e) {
                throw e;
            }
            throw new MigrationException("reading the legacy file failed: " + t, t);
        }
        Object[][] batch = (Object[][]) item;
        if (batch == END) {
            ended = true;
            return null;
        }
        return batch;
    }

    private void read(Connection lite, String select, int columns, int fetchSize) {
        try (Statement st = lite.createStatement()) {
            st.setFetchSize(fetchSize);
            try (ResultSet rs = st.executeQuery(select)) {
                Object[][] batch = new Object[BATCH_ROWS][];
                int size = 0;
                while (!stopped && rs.next()) {
                    Object[] raw = new Object[columns];
                    for (int i = 0; i < columns; i++) {
                        raw[i] = rs.getObject(i + 1);
                    }
                    batch[size++] = raw;
                    if (size == BATCH_ROWS) {
                        put(batch);
                        batch = new Object[BATCH_ROWS][];
                        size = 0;
                    }
                }
                if (size > 0) {
                    put(java.util.Arrays.copyOf(batch, size));
                }
            }
            put(END);
        } catch (Throwable t) {
            try {
                put(t);
            } catch (InterruptedException ignored) {
                // the caller stopped reading: nobody waits for the error
            }
        }
    }

    private void put(Object item) throws InterruptedException {
        while (!stopped) {
            if (queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
                return;
            }
        }
        throw new InterruptedException("reader stopped");
    }

    /** Stops the reader (when the caller failed early) and waits until it has closed its statement. */
    @Override
    public void close() throws InterruptedException {
        stopped = true;
        queue.clear();
        thread.join(TimeUnit.SECONDS.toMillis(30));
    }
}
