package com.bellsystems.auth.login.service;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.bellsystems.auth.support.TooManyRequestsException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The sliding window, on a clock the test moves (no sleeping, no timing assertions). */
class LoginThrottleTest {

    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    private final MovableClock clock = new MovableClock();
    private final LoginThrottle throttle = new LoginThrottle(Duration.ofMinutes(15), 3, 5, clock);

    @Test
    void accountIsBlockedAfterTheLimitUntilTheOldestFailureLeavesTheWindow() {
        for (int i = 0; i < 3; i++) {
            assertDoesNotThrow(() -> throttle.check("ann@x", "10.0.0.1"));
            throttle.recordFailure("ann@x", "10.0.0." + i);
            clock.advance(Duration.ofMinutes(1));
        }
        TooManyRequestsException e =
                assertThrows(TooManyRequestsException.class, () -> throttle.check("ann@x", "10.9.9.9"));
        // first failure at t=0, now t=3 min: 12 minutes to go
        assertEquals(12 * 60, e.retryAfterSeconds());
        assertDoesNotThrow(() -> throttle.check("bob@x", "10.9.9.9"));

        clock.advance(Duration.ofMinutes(12));
        assertDoesNotThrow(() -> throttle.check("ann@x", "10.9.9.9"));
    }

    @Test
    void addressIsBlockedAcrossAccountsAndSuccessClearsOnlyTheAccount() {
        for (int i = 0; i < 5; i++) {
            throttle.recordFailure("user" + i + "@x", "10.0.0.7");
        }
        assertThrows(TooManyRequestsException.class, () -> throttle.check("someone@x", "10.0.0.7"));
        assertDoesNotThrow(() -> throttle.check("someone@x", "10.0.0.8"));

        throttle.recordFailure("carol@x", "10.1.0.1");
        throttle.recordFailure("carol@x", "10.1.0.2");
        throttle.recordFailure("carol@x", "10.1.0.3");
        assertThrows(TooManyRequestsException.class, () -> throttle.check("carol@x", "10.1.0.4"));
        throttle.recordSuccess("carol@x");
        assertDoesNotThrow(() -> throttle.check("carol@x", "10.1.0.4"));
    }

    @Test
    void evictionForgetsExpiredEntries() {
        throttle.recordFailure("dan@x", "10.2.0.1");
        clock.advance(Duration.ofMinutes(16));
        throttle.evictExpired();
        for (int i = 0; i < 2; i++) {
            throttle.recordFailure("dan@x", "10.2.0.1");
        }
        assertDoesNotThrow(() -> throttle.check("dan@x", "10.2.0.1"));
    }
}
