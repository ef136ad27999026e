package com.bellsystems.common.schema;

/** Start-up refused to touch the database; the message is the whole report, nothing was changed. */
public class SchemaRefusedException extends RuntimeException {

    public SchemaRefusedException(String message) {
        super(message);
    }
}
