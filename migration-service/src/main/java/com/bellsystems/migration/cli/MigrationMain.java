package com.bellsystems.migration.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;

/**
 * One jar, two modes: with no arguments it is the HTTP service; with arguments it is the
 * operator's CLI ({@code migrate <job>}, {@code migrate phase1}, {@code verify [job]}), which runs
 * the command and exits 0 or 1. Flyway applies the schema at start in both modes.
 */
@QuarkusMain
public class MigrationMain implements QuarkusApplication {

    @Inject
    MigrationCli cli;

    public static void main(String... args) {
        if (args.length > 0 && System.getProperty("quarkus.http.port") == null) {
            // the CLI may run beside the service on the same box: never fight it for port 8085
            System.setProperty("quarkus.http.port", "0");
        }
        Quarkus.run(MigrationMain.class, args);
    }

    @Override
    public int run(String... args) {
        if (args.length == 0) {
            Quarkus.waitForExit();
            return 0;
        }
        return cli.run(args, System.out);
    }
}
