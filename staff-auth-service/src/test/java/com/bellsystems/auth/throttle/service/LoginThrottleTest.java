package com.bellsystems.auth.throttle.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.bellsystems.auth.Fixtures;
import com.bellsystems.auth.support.TooManyRequestsException;
import com.bellsystems.auth.throttle.repository.ThrottleRepository;
import com.bellsystems.common.testing.TestDatabaseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The throttle's rules against the real table, on a clock the test moves (no sleeping): limits per
 * account+address and per address, growing delays, refunds on success, forgetting after a quiet
 * window. Concurrency is shown over HTTP in AuthFlowTest.
 */
@QuarkusTest
@WithTestResource(TestDatabaseResource.class)
class LoginThrottleTest {

    static final class MovableClock extends Clock {
        Instant now = Instant.now();

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
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

    @Inject
    Pool pool;

    @Inject
    ThrottleRepository repo;

    private final MovableClock clock = new MovableClock();
    private LoginThrottle throttle;

    @BeforeEach
    void setUp() {
        // 3 per account+address, 5 per address, 2 password checks; delays 30 s doubling to 4 min; window 15 min
        throttle = new LoginThrottle(
                pool, repo, Duration.ofMinutes(15), 3, 5, 2, Duration.ofSeconds(30), Duration.ofMinutes(4), clock);
    }

    private static void passes(Uni<Void> attempt) {
        attempt.await().atMost(Duration.ofSeconds(30));
    }

    private static long refused(Uni<Void> attempt) {
        return assertThrows(
                        TooManyRequestsException.class, () -> attempt.await().atMost(Duration.ofSeconds(30)))
                .retryAfterSeconds();
    }

    @Test
    void pastTheLimitEachAttemptWaitsAGrowingDelayAndRefusedOnesAreNotCounted() {
        // an address limit out of the way, so only the account+address key decides here
        LoginThrottle throttle = new LoginThrottle(
                pool, repo, Duration.ofMinutes(15), 3, 100, 2, Duration.ofSeconds(30), Duration.ofMinutes(4), clock);
        String ann = Fixtures.unique("ann") + "@x";
        String from = Fixtures.address();
        for (int i = 0; i < 3; i++) {
            passes(throttle.beforeLogin(ann, from));
        }
        assertEquals(30, refused(throttle.beforeLogin(ann, from)));
        clock.advance(Duration.ofSeconds(10));
        assertEquals(20, refused(throttle.beforeLogin(ann, from)));
        clock.advance(Duration.ofSeconds(20));
        passes(throttle.beforeLogin(ann, from)); // 4th counted: next waits 60 s
        assertEquals(60, refused(throttle.beforeLogin(ann, from)));
        clock.advance(Duration.ofSeconds(60));
        passes(throttle.beforeLogin(ann, from)); // 5th: 120 s
        assertEquals(120, refused(throttle.beforeLogin(ann, from)));
        clock.advance(Duration.ofSeconds(120));
        passes(throttle.beforeLogin(ann, from)); // 6th: 240 s = max-delay
        clock.advance(Duration.ofSeconds(240));
        passes(throttle.beforeLogin(ann, from)); // 7th: still 240 s, not 480
        assertEquals(240, refused(throttle.beforeLogin(ann, from)));
        assertEquals(
                7L,
                Fixtures.count(
                        "SELECT attempts FROM auth_throttle WHERE throttle_key = ?", "login:" + ann + "|" + from));
    }

    @Test
    void anAccountGuessedFromOneAddressIsNotDelayedFromAnother() {
        String bob = Fixtures.unique("bob") + "@x";
        String attacker = Fixtures.address();
        for (int i = 0; i < 3; i++) {
            passes(throttle.beforeLogin(bob, attacker));
        }
        refused(throttle.beforeLogin(bob, attacker));
        passes(throttle.beforeLogin(bob, Fixtures.address()));
    }

    @Test
    void anAddressIsLimitedAcrossAccountsAndABlockedAttemptCountsOnNoKey() {
        String from = Fixtures.address();
        for (int i = 0; i < 5; i++) {
            passes(throttle.beforeLogin(Fixtures.unique("u") + "@x", from));
        }
        String carol = Fixtures.unique("carol") + "@x";
        assertEquals(30, refused(throttle.beforeLogin(carol, from)));
        // the refused attempt rolled back: carol has no count at this address
        assertEquals(
                0L,
                Fixtures.count(
                        "SELECT count(*) FROM auth_throttle WHERE throttle_key = ?", "login:" + carol + "|" + from));
        passes(throttle.beforeLogin(carol, Fixtures.address()));
    }

    @Test
    void aCorrectPasswordClearsTheAccountAndGivesTheAddressItsAttemptBack() {
        String dan = Fixtures.unique("dan") + "@x";
        String from = Fixtures.address();
        for (int i = 0; i < 2; i++) {
            passes(throttle.beforeLogin(Fixtures.unique("u") + "@x", from));
        }
        for (int i = 0; i < 3; i++) {
            passes(throttle.beforeLogin(dan, from));
        }
        // address at 5 (its limit, blocked), dan at 3 (blocked); dan's last attempt was right
        passes(throttle.loginSucceeded(dan, from));
        passes(throttle.beforeLogin(dan, from));
        passes(throttle.loginSucceeded(dan, from));
        passes(throttle.beforeLogin(Fixtures.unique("u") + "@x", from)); // address back at 5
        refused(throttle.beforeLogin(Fixtures.unique("u") + "@x", from));
    }

    @Test
    void aKeyQuietForAWholeWindowStartsAgain() {
        String eve = Fixtures.unique("eve") + "@x";
        String from = Fixtures.address();
        for (int i = 0; i < 3; i++) {
            passes(throttle.beforeLogin(eve, from));
        }
        clock.advance(Duration.ofMinutes(15).plusSeconds(1));
        for (int i = 0; i < 3; i++) {
            passes(throttle.beforeLogin(eve, from));
        }
        refused(throttle.beforeLogin(eve, from));
        clock.advance(Duration.ofMinutes(16));
        passes(throttle.purgeQuietKeys());
        assertEquals(
                0L,
                Fixtures.count(
                        "SELECT count(*) FROM auth_throttle WHERE throttle_key = ?", "login:" + eve + "|" + from));
    }

    @Test
    void passwordChecksArePerStaffMember() {
        String staffId = Fixtures.unique("staff");
        passes(throttle.beforePasswordCheck(staffId));
        passes(throttle.beforePasswordCheck(staffId));
        assertEquals(30, refused(throttle.beforePasswordCheck(staffId)));
        passes(throttle.beforePasswordCheck(Fixtures.unique("staff")));
        clock.advance(Duration.ofSeconds(30));
        passes(throttle.beforePasswordCheck(staffId));
        passes(throttle.passwordCheckSucceeded(staffId));
        passes(throttle.beforePasswordCheck(staffId));
        passes(throttle.beforePasswordCheck(staffId));
    }
}
