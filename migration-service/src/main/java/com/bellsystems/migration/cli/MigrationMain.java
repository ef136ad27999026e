package com.bellsystems.migration.cli;

import com.bellsystems.migration.schema.SchemaCheckCommand;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;

/**
 * One jar, two modes: with no arguments it is the HTTP service; with arguments it is the
 * operator's CLI ({@code migrate <job>}, {@code migrate phase1}, {@code verify [job]}), which runs
 * the command and exits 0 or 1. The schema step (common's SchemaStartup) runs at start in both
 * modes, except for {@code schema-check}, which must look before anything changes.
 */
@QuarkusMain
public class MigrationMain implements QuarkusApplication {

    @Inject
    MigrationCli cli;

    @Inject
    SchemaCheckCommand schemaCheck;

    public static void main(String... args) {
        if (args.length > 0 && System.getProperty("quarkus.http.port") == null) {
            // the CLI may run beside the service on the same box: never fight it for port 8085
            System.setProperty("quarkus.http.port", "0");
        }
        if (args.length > 0 && args[0].equals(SchemaCheckCommand.NAME)) {
            // look before anything changes: no start-up migration or adoption for schema-check
            System.setProperty("bellsys.schema.migrate-at-start", "false");
        }
        Quarkus.run(MigrationMain.class, args);
    }

    @Override
    public int run(String... args) {
        if (args.length == 0) {
            Quarkus.waitForExit();
            return 0;
        }
        if (args[0].equals(SchemaCheckCommand.NAME)) {
            return schemaCheck.run(System.out);
        }
        return cli.run(args, System.out);
    }
}
