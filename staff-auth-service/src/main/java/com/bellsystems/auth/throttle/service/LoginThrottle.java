package com.bellsystems.auth.throttle.service;

import com.bellsystems.auth.support.TooManyRequestsException;
import com.bellsystems.auth.throttle.repository.ThrottleRepository;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Slows password guessing without letting anyone lock an account's owner out. Every login attempt
 * is counted in Postgres (one transaction, row locks) BEFORE its password is checked, per account
 * and client address and per client address; password changes per staff member. The first
 * {@code limit} attempts of a key pass at once; after that each attempt must wait a delay that
 * starts at {@code first-delay} and doubles up to {@code max-delay}; attempts during a delay get
 * 429 with Retry-After and are not counted. A correct password clears its account key and takes
 * its attempt back from the address. A key quiet for a whole {@code window} starts again.
 * Because the account key includes the address, guessing from one address never delays the owner
 * signing in from another. The state is shared by every instance and survives restarts.
 */
@ApplicationScoped
public class LoginThrottle {

    /** One throttled key and how many attempts it may make before delays start. */
    record Key(String name, int limit) {}

    private final Pool pool;
    private final ThrottleRepository repo;
    private final Duration window;
    private final int accountAddressLimit;
    private final int addressLimit;
    private final int passwordChangeLimit;
    private final Duration firstDelay;
    private final Duration maxDelay;
    private final Clock clock;

    @Inject
    public LoginThrottle(
            Pool pool,
            ThrottleRepository repo,
            @ConfigProperty(name = "bellsys.auth.throttle.window", defaultValue = "PT15M") Duration window,
            @ConfigProperty(name = "bellsys.auth.throttle.account-address-limit", defaultValue = "5")
                    int accountAddressLimit,
            @ConfigProperty(name = "bellsys.auth.throttle.address-limit", defaultValue = "20") int addressLimit,
            @ConfigProperty(name = "bellsys.auth.throttle.password-change-limit", defaultValue = "5")
                    int passwordChangeLimit,
            @ConfigProperty(name = "bellsys.auth.throttle.first-delay", defaultValue = "PT30S") Duration firstDelay,
            @ConfigProperty(name = "bellsys.auth.throttle.max-delay", defaultValue = "PT15M") Duration maxDelay) {
        this(
                pool,
                repo,
                window,
                accountAddressLimit,
                addressLimit,
                passwordChangeLimit,
                firstDelay,
                maxDelay,
                Clock.systemUTC());
    }

    LoginThrottle(
            Pool pool,
            ThrottleRepository repo,
            Duration window,
            int accountAddressLimit,
            int addressLimit,
            int passwordChangeLimit,
            Duration firstDelay,
            Duration maxDelay,
            Clock clock) {
        if (window.isNegative()
                || window.isZero()
                || firstDelay.isNegative()
                || firstDelay.isZero()
                || maxDelay.compareTo(firstDelay) < 0) {
            throw new IllegalArgumentException(
                    "bellsys.auth.throttle: window and first-delay must be positive, max-delay at least first-delay");
        }
        if (maxDelay.compareTo(window) > 0) {
            // a key is forgotten after a quiet window; a longer block would outlive its count
            throw new IllegalArgumentException("bellsys.auth.throttle: max-delay must not exceed window");
        }
        if (accountAddressLimit < 1 || addressLimit < 1 || passwordChangeLimit < 1) {
            throw new IllegalArgumentException("bellsys.auth.throttle: limits must be at least 1");
        }
        this.pool = pool;
        this.repo = repo;
        this.window = window;
        this.accountAddressLimit = accountAddressLimit;
        this.addressLimit = addressLimit;
        this.passwordChangeLimit = passwordChangeLimit;
        this.firstDelay = firstDelay;
        this.maxDelay = maxDelay;
        this.clock = clock;
    }

    /** Counts a login attempt; fails with {@link TooManyRequestsException} when the account+address or the address must wait. */
    public Uni<Void> beforeLogin(String account, String address) {
        return acquire(List.of(addressKey(address), loginKey(account, address)), "sign-in");
    }

    /** The password was right: the account+address starts afresh and the address gets its attempt back. */
    public Uni<Void> loginSucceeded(String account, String address) {
        return pool.withTransaction(tx -> repo.refund(tx, addressKey(address).name(), addressLimit)
                .flatMap(v -> repo.clear(tx, loginKey(account, address).name())));
    }

    /** Counts a check of a signed-in member's current password (password change). */
    public Uni<Void> beforePasswordCheck(String staffId) {
        return acquire(List.of(passwordKey(staffId)), "password");
    }

    public Uni<Void> passwordCheckSucceeded(String staffId) {
        return repo.clear(pool, passwordKey(staffId).name());
    }

    /** The wait after the {@code n}-th attempt past the limit (0-based): first-delay doubled n times, at most max-delay. */
    Duration delayAfter(int n) {
        Duration d = firstDelay;
        for (int i = 0; i < n && d.compareTo(maxDelay) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxDelay) > 0 ? maxDelay : d;
    }

    /** Counts one attempt on every key in order (the same order everywhere, so locks never deadlock), all or none. */
    private Uni<Void> acquire(List<Key> keys, String what) {
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        return pool.withTransaction(tx -> acquire(tx, keys, 0, now, what));
    }

    private Uni<Void> acquire(SqlClient tx, List<Key> keys, int i, OffsetDateTime now, String what) {
        if (i == keys.size()) {
            return Uni.createFrom().voidItem();
        }
        Key key = keys.get(i);
        return repo.countAttempt(tx, key.name(), now, now.minus(window)).flatMap(attempts -> {
            if (attempts == null) {
                // blocked: fail the transaction, so the attempts counted on earlier keys roll back
                return repo.blockedUntil(tx, key.name()).map(until -> {
                    // measured from the clock now, not from `now`: this attempt may have waited for the row lock
                    long millis = until == null
                            ? 0
                            : Duration.between(OffsetDateTime.now(clock), until).toMillis();
                    long seconds = Math.max(1, (millis + 999) / 1000);
                    Log.infof("Throttled %s attempt (%s): retry after %d s", what, key.name(), seconds);
                    throw new TooManyRequestsException(
                            seconds, "Too many failed " + what + " attempts; try again in " + seconds + " s");
                });
            }
            Uni<Void> block = attempts >= key.limit()
                    ? repo.blockUntil(tx, key.name(), now.plus(delayAfter(attempts - key.limit())))
                    : Uni.createFrom().voidItem();
            return block.flatMap(v -> acquire(tx, keys, i + 1, now, what));
        });
    }

    private Key addressKey(String address) {
        return new Key("address:" + orUnknown(address), addressLimit);
    }

    private Key loginKey(String account, String address) {
        return new Key("login:" + account + "|" + orUnknown(address), accountAddressLimit);
    }

    private Key passwordKey(String staffId) {
        return new Key("password:" + staffId, passwordChangeLimit);
    }

    private static String orUnknown(String address) {
        return address == null || address.isBlank() ? "unknown" : address;
    }

    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purgeQuietKeys() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        return repo.deleteQuiet(pool, now.minus(window), now)
                .invoke(n -> Log.debugf("Purged %d quiet throttle keys", n))
                .replaceWithVoid();
    }
}
