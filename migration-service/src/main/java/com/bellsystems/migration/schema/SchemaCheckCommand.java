package com.bellsystems.migration.schema;

import com.bellsystems.common.schema.SchemaAdoption;
import com.bellsystems.common.schema.SchemaCheck;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.PrintStream;

/**
 * The CLI's {@code schema-check}: prints what start-up would do with the database and what differs
 * from the Alembic baseline (or "schema matches"). MigrationMain switches the start-up schema step
 * off for this command, so nothing is changed before the operator has read it. Exit 0 if a
 * service would start on this database, 1 if start-up would refuse.
 */
@ApplicationScoped
public class SchemaCheckCommand {

    public static final String NAME = "schema-check";

    private final SchemaAdoption adoption;

    public SchemaCheckCommand(SchemaAdoption adoption) {
        this.adoption = adoption;
    }

    public int run(PrintStream out) {
        SchemaCheck check = adoption.check();
        out.println(check.text());
        out.println(check.canStart() ? "start-up: would proceed" : "start-up: would refuse");
        return check.canStart() ? 0 : 1;
    }
}
