package com.bellsystems.auth;

import com.bellsystems.auth.seed.SeedAdmin;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.time.Duration;

/**
 * Entry point: with no arguments, runs the service; {@code seed-admin} seeds the first sysadmin
 * from configuration and exits (0 when created or already seeded, 1 when not configured or invalid).
 */
@QuarkusMain
public class AuthMain implements QuarkusApplication {

    public static final String SEED_ADMIN = "seed-admin";

    private final SeedAdmin seedAdmin;

    public AuthMain(SeedAdmin seedAdmin) {
        this.seedAdmin = seedAdmin;
    }

    public static void main(String... args) {
        if (args.length > 0 && SEED_ADMIN.equals(args[0])) {
            // The command must not clash with a running service on 8081; it serves nothing anyway.
            System.setProperty("quarkus.http.port", "0");
            System.setProperty(SeedAdmin.COMMAND_MODE_PROPERTY, "true");
        }
        Quarkus.run(AuthMain.class, args);
    }

    @Override
    public int run(String... args) {
        if (args.length == 0) {
            Quarkus.waitForExit();
            return 0;
        }
        if (SEED_ADMIN.equals(args[0])) {
            SeedAdmin.Outcome outcome = seedAdmin.seedFromConfig().await().atMost(Duration.ofMinutes(1));
            return outcome == SeedAdmin.Outcome.CREATED || outcome == SeedAdmin.Outcome.STAFF_EXISTS ? 0 : 1;
        }
        Log.errorf("Unknown command %s (known: %s)", args[0], SEED_ADMIN);
        return 2;
    }
}
