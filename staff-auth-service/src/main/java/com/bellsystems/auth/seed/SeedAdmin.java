package com.bellsystems.auth.seed;

import com.bellsystems.auth.password.PasswordHasher;
import com.bellsystems.auth.staff.Roles;
import com.bellsystems.auth.staff.Staff;
import com.bellsystems.auth.staff.repository.StaffRepository;
import com.bellsystems.common.audit.Actor;
import com.bellsystems.common.audit.AuditAction;
import com.bellsystems.common.audit.AuditEntry;
import com.bellsystems.common.audit.AuditWriter;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The spec's {@code seed_admin}: when the staff table is empty and an email and password are
 * configured, creates the first sysadmin; otherwise changes nothing, so it is safe at every start
 * and as a command ({@code java -jar ... seed-admin}). An advisory lock makes concurrent starts
 * create at most one. The password is never logged.
 * <p>
 * The seed admin is bellsys's bootstrap account and is not mirrored to Firestore's
 * {@code admin_users}: it exists only while {@code staff} is empty, i.e. before Phase 3 brought
 * the legacy staff, and a bellsys-made document in the legacy collection would then meet Phase 3
 * as a legacy member that differs from its own row (and fail the job). The legacy backend keeps
 * its own admins; staff created or changed through the API are mirrored as usual.
 */
@ApplicationScoped
public class SeedAdmin {

    /** Set by {@code AuthMain} when run as the command, so the start-up hook leaves the work to it. */
    public static final String COMMAND_MODE_PROPERTY = "bellsys.seed-admin.command-mode";

    private static final long LOCK_KEY = 0x5EED_AD31L;

    public enum Outcome {
        CREATED,
        STAFF_EXISTS,
        NOT_CONFIGURED,
        INVALID_CONFIG
    }

    private final Pool pool;
    private final StaffRepository staff;
    private final PasswordHasher hasher;
    private final AuditWriter audit;
    private final Optional<String> email;
    private final Optional<String> password;
    private final String name;

    public SeedAdmin(
            Pool pool,
            StaffRepository staff,
            PasswordHasher hasher,
            AuditWriter audit,
            @ConfigProperty(name = "bellsys.seed-admin.email") Optional<String> email,
            @ConfigProperty(name = "bellsys.seed-admin.password") Optional<String> password,
            @ConfigProperty(name = "bellsys.seed-admin.name", defaultValue = "System Administrator") String name) {
        this.pool = pool;
        this.staff = staff;
        this.hasher = hasher;
        this.audit = audit;
        this.email = email.map(String::trim).filter(s -> !s.isEmpty());
        this.password = password.filter(s -> !s.isEmpty());
        this.name = name;
    }

    void onStart(@Observes StartupEvent event) {
        if (Boolean.getBoolean(COMMAND_MODE_PROPERTY) || email.isEmpty() || password.isEmpty()) {
            return;
        }
        seedFromConfig().await().atMost(Duration.ofMinutes(1));
    }

    public Uni<Outcome> seedFromConfig() {
        if (email.isEmpty() || password.isEmpty()) {
            Log.info("Seed admin: BELLSYS_SEED_ADMIN_EMAIL / BELLSYS_SEED_ADMIN_PASSWORD not set, nothing to do");
            return Uni.createFrom().item(Outcome.NOT_CONFIGURED);
        }
        return seed(email.get(), password.get(), name);
    }

    /** Creates the sysadmin if (and only if) no staff exist. */
    public Uni<Outcome> seed(String rawEmail, String rawPassword, String displayName) {
        String address = rawEmail.trim().toLowerCase(Locale.ROOT);
        if (!address.matches("[^@\\s]+@[^@\\s]+")
                || rawPassword.length() < 8
                || !PasswordHasher.fitsBcrypt(rawPassword)) {
            Log.errorf(
                    "Seed admin: refusing the configured values (email %s; the password must be 8-72 bytes)", address);
            return Uni.createFrom().item(Outcome.INVALID_CONFIG);
        }
        return hasher.hashAsync(rawPassword)
                .flatMap(hash -> pool.withTransaction(tx -> staff.lockUntilCommit(tx, LOCK_KEY)
                        .flatMap(v -> staff.count(tx))
                        .flatMap(count -> {
                            if (count > 0) {
                                return Uni.createFrom().item(Outcome.STAFF_EXISTS);
                            }
                            Staff admin = new Staff(
                                    UUID.randomUUID().toString(),
                                    address,
                                    displayName,
                                    Roles.SYSADMIN,
                                    null,
                                    hash,
                                    true,
                                    null,
                                    null,
                                    null);
                            return staff.insert(tx, admin)
                                    .call(s -> audit.log(
                                            tx,
                                            new AuditEntry(
                                                    Actor.SYSTEM,
                                                    AuditAction.CREATE,
                                                    "staff",
                                                    s.id(),
                                                    s.email(),
                                                    null,
                                                    Map.of("source", "seed-admin"))))
                                    .map(s -> Outcome.CREATED);
                        })))
                .invoke(outcome -> {
                    if (outcome == Outcome.CREATED) {
                        Log.infof("Seed admin: created sysadmin %s", address);
                    } else {
                        Log.infof("Seed admin: staff already exist, nothing changed");
                    }
                });
    }
}
