package com.bellsystems.migration.engine;

/**
 * A job failed for a reason an operator can act on; the message is what the run log keeps
 * (it names the table, the row key and the column where there is one).
 */
public class MigrationException extends RuntimeException {

    public MigrationException(String message) {
        super(message);
    }

    public MigrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
