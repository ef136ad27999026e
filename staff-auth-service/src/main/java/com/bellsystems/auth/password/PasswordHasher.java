package com.bellsystems.auth.password;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * bcrypt through a maintained library (at.favre.lib:bcrypt). Verifies the hashes the Python backend
 * wrote ($2b$ and $2a$, also $2y$, any cost) unchanged; new hashes are $2b$ at the configured cost.
 * bcrypt is deliberately slow, so the Uni methods run it on a worker thread, never the event loop.
 * Every check is counted ({@code bellsys_auth_password_checks_total}): the number of passwords
 * actually tried, which the login throttle bounds.
 */
@ApplicationScoped
public class PasswordHasher {

    /** bcrypt reads at most 72 bytes; new passwords longer than this are refused, not silently cut. */
    public static final int MAX_PASSWORD_BYTES = 72;

    // Python's bcrypt (before 5.0) truncated long passwords at 72 bytes; verify the same way.
    private static final BCrypt.Verifyer VERIFYER =
            BCrypt.verifyer(BCrypt.Version.VERSION_2B, LongPasswordStrategies.truncate(BCrypt.Version.VERSION_2B));
    private static final BCrypt.Hasher HASHER =
            BCrypt.with(BCrypt.Version.VERSION_2B, LongPasswordStrategies.truncate(BCrypt.Version.VERSION_2B));

    private final int cost;
    /** Checked when the email is unknown, so both failures cost one bcrypt at our cost. */
    private final String dummyHash;

    private final AtomicLong checks = new AtomicLong();

    @Inject
    public PasswordHasher(
            @ConfigProperty(name = "bellsys.auth.bcrypt-cost", defaultValue = "12") int cost, MeterRegistry registry) {
        this(cost);
        FunctionCounter.builder("bellsys_auth_password_checks", checks, AtomicLong::get)
                .description("Passwords checked against a bcrypt hash (logins, password changes)")
                .register(registry);
    }

    public PasswordHasher(int cost) {
        if (cost < 4 || cost > 31) {
            throw new IllegalArgumentException("bellsys.auth.bcrypt-cost must be 4..31, was " + cost);
        }
        this.cost = cost;
        this.dummyHash = hash("not-a-real-password-" + System.nanoTime());
    }

    /** True when {@code password} matches {@code hash}; false for a wrong password or a malformed hash. Blocking. */
    public boolean verify(String password, String hash) {
        if (password == null || hash == null) {
            return false;
        }
        checks.incrementAndGet();
        try {
            return VERIFYER.verify(password.getBytes(StandardCharsets.UTF_8), hash.getBytes(StandardCharsets.UTF_8))
                    .verified;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Verifies against the real hash, or a dummy one when there is none, so the time taken is the same. Blocking. */
    public boolean verifyOrDummy(String password, String hashOrNull) {
        boolean ok = verify(password, hashOrNull != null ? hashOrNull : dummyHash);
        return hashOrNull != null && ok;
    }

    /** How many passwords were checked since start. */
    public long checks() {
        return checks.get();
    }

    /** A new $2b$ hash at the configured cost. Blocking. */
    public String hash(String password) {
        return new String(HASHER.hash(cost, password.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    public Uni<String> hashAsync(String password) {
        return Uni.createFrom().item(() -> hash(password)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    public Uni<Boolean> verifyAsync(String password, String hash) {
        return Uni.createFrom()
                .item(() -> verify(password, hash))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    public static boolean fitsBcrypt(String password) {
        return password != null && password.getBytes(StandardCharsets.UTF_8).length <= MAX_PASSWORD_BYTES;
    }
}
