package com.bellsystems.auth.login.service;

import com.bellsystems.auth.support.TooManyRequestsException;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Slows password guessing: after N failed logins within a sliding window for one account, or M
 * for one client address, further attempts get 429 with Retry-After until the oldest failure leaves
 * the window. State is in memory, per instance (a restart forgets it; several instances each count
 * on their own), which is enough for one instance behind the gateway.
 */
@ApplicationScoped
public class LoginThrottle {

    private static final int MAX_TRACKED_KEYS = 100_000;

    private final Duration window;
    private final int maxPerAccount;
    private final int maxPerAddress;
    private final Clock clock;
    private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();

    @jakarta.inject.Inject
    public LoginThrottle(
            @ConfigProperty(name = "bellsys.auth.throttle.window", defaultValue = "PT15M") Duration window,
            @ConfigProperty(name = "bellsys.auth.throttle.max-failures-per-account", defaultValue = "5")
                    int maxPerAccount,
            @ConfigProperty(name = "bellsys.auth.throttle.max-failures-per-address", defaultValue = "20")
                    int maxPerAddress) {
        this(window, maxPerAccount, maxPerAddress, Clock.systemUTC());
    }

    LoginThrottle(Duration window, int maxPerAccount, int maxPerAddress, Clock clock) {
        if (window.isNegative() || window.isZero() || maxPerAccount < 1 || maxPerAddress < 1) {
            throw new IllegalArgumentException("bellsys.auth.throttle: window must be positive and limits at least 1");
        }
        this.window = window;
        this.maxPerAccount = maxPerAccount;
        this.maxPerAddress = maxPerAddress;
        this.clock = clock;
    }

    /** Throws {@link TooManyRequestsException} when either the account or the address is over its limit. */
    public void check(String account, String address) {
        long now = clock.millis();
        long wait = Math.max(
                waitMillis("acct:" + account, maxPerAccount, now),
                address == null ? 0 : waitMillis("addr:" + address, maxPerAddress, now));
        if (wait > 0) {
            throw new TooManyRequestsException(Math.max(1, (wait + 999) / 1000));
        }
    }

    public void recordFailure(String account, String address) {
        long now = clock.millis();
        if (failures.size() >= MAX_TRACKED_KEYS) {
            evictExpired();
        }
        add("acct:" + account, now);
        if (address != null) {
            add("addr:" + address, now);
        }
    }

    /** A correct password clears the account's count (not the address's: one good account must not hide guessing at others). */
    public void recordSuccess(String account) {
        failures.remove("acct:" + account);
    }

    @Scheduled(every = "60s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void evictExpired() {
        long cutoff = clock.millis() - window.toMillis();
        failures.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                prune(e.getValue(), cutoff);
                return e.getValue().isEmpty();
            }
        });
    }

    private void add(String key, long now) {
        Deque<Long> q = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (q) {
            prune(q, now - window.toMillis());
            q.addLast(now);
        }
    }

    private long waitMillis(String key, int max, long now) {
        Deque<Long> q = failures.get(key);
        if (q == null) {
            return 0;
        }
        synchronized (q) {
            prune(q, now - window.toMillis());
            if (q.size() < max) {
                return 0;
            }
            // blocked until enough failures age out to drop below the limit
            Long[] times = q.toArray(new Long[0]);
            long releaseAt = times[q.size() - max] + window.toMillis();
            return Math.max(0, releaseAt - now);
        }
    }

    private static void prune(Deque<Long> q, long cutoff) {
        while (!q.isEmpty() && q.peekFirst() <= cutoff) {
            q.pollFirst();
        }
    }
}
