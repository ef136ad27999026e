package com.bellsystems.auth.login.service;

import com.bellsystems.auth.login.repository.RefreshTokenRepository;
import com.bellsystems.auth.login.repository.RefreshTokenRepository.StoredToken;
import com.bellsystems.auth.password.PasswordHasher;
import com.bellsystems.auth.staff.Staff;
import com.bellsystems.auth.staff.StaffView;
import com.bellsystems.auth.staff.repository.StaffRepository;
import com.bellsystems.auth.throttle.service.LoginThrottle;
import com.bellsystems.auth.token.TokenIssuer;
import com.bellsystems.common.audit.Actor;
import com.bellsystems.common.audit.AuditAction;
import com.bellsystems.common.audit.AuditEntry;
import com.bellsystems.common.audit.AuditWriter;
import com.bellsystems.common.problem.ProblemException;
import io.quarkus.logging.Log;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Login, refresh and logout. Unknown email, wrong password and inactive account all answer the
 * same 401 after the same bcrypt work, and every attempt is counted by {@link LoginThrottle} before
 * that work; refresh tokens rotate on every use and a replayed (already rotated) token revokes its
 * whole family, because it can only mean the token was copied. A family (one login's session)
 * ends at {@code refresh-session-max-age} after the login, however often it was refreshed.
 */
@ApplicationScoped
public class AuthService {

    private static final String BAD_CREDENTIALS = "Invalid email or password";
    private static final String BAD_REFRESH = "The refresh token is invalid, expired or revoked";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Pool pool;
    private final StaffRepository staff;
    private final RefreshTokenRepository refreshTokens;
    private final PasswordHasher hasher;
    private final TokenIssuer issuer;
    private final LoginThrottle throttle;
    private final AuditWriter audit;
    private final Duration refreshTtl;
    private final Duration sessionMaxAge;

    public AuthService(
            Pool pool,
            StaffRepository staff,
            RefreshTokenRepository refreshTokens,
            PasswordHasher hasher,
            TokenIssuer issuer,
            LoginThrottle throttle,
            AuditWriter audit,
            @ConfigProperty(name = "bellsys.auth.refresh-token-ttl", defaultValue = "P14D") Duration refreshTtl,
            @ConfigProperty(name = "bellsys.auth.refresh-session-max-age", defaultValue = "P30D")
                    Duration sessionMaxAge) {
        if (refreshTtl.isNegative() || refreshTtl.isZero() || sessionMaxAge.isNegative() || sessionMaxAge.isZero()) {
            throw new IllegalArgumentException(
                    "bellsys.auth.refresh-token-ttl and refresh-session-max-age must be positive");
        }
        this.pool = pool;
        this.staff = staff;
        this.refreshTokens = refreshTokens;
        this.hasher = hasher;
        this.issuer = issuer;
        this.throttle = throttle;
        this.audit = audit;
        this.refreshTtl = refreshTtl;
        this.sessionMaxAge = sessionMaxAge;
    }

    /** What login and refresh answer. */
    @RegisterForReflection
    public record TokenResponse(
            String accessToken,
            String tokenType,
            long expiresIn,
            String refreshToken,
            long refreshExpiresIn,
            StaffView staff) {}

    public Uni<TokenResponse> login(String email, String password, String clientAddress, Map<String, Object> meta) {
        String account = email.trim().toLowerCase(Locale.ROOT);
        // Counted before the password is checked, so concurrent guesses cannot all get through.
        return throttle.beforeLogin(account, clientAddress)
                .flatMap(v -> staff.findByEmail(pool, account))
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(found -> {
                    // Always one bcrypt, also for unknown emails and inactive staff: same answer, same time.
                    boolean ok = hasher.verifyOrDummy(password, found == null ? null : found.hashedPassword());
                    if (!ok || !found.active()) {
                        Log.infof(
                                "Login refused for %s from %s (%s)",
                                account,
                                clientAddress,
                                found == null ? "unknown email" : ok ? "inactive" : "wrong password");
                        throw ProblemException.unauthorized(BAD_CREDENTIALS);
                    }
                    return found;
                })
                .call(s -> throttle.loginSucceeded(account, clientAddress))
                .flatMap(s -> {
                    String refresh = newRefreshToken();
                    String family = UUID.randomUUID().toString();
                    OffsetDateTime started = OffsetDateTime.now(ZoneOffset.UTC);
                    OffsetDateTime expires = refreshExpiry(started);
                    return pool.withTransaction(tx -> refreshTokens
                                    .insert(tx, hash(refresh), family, s.id(), started, expires)
                                    .flatMap(v -> audit.log(
                                            tx,
                                            new AuditEntry(
                                                    new Actor(s.id(), s.name()),
                                                    AuditAction.LOGIN,
                                                    "staff",
                                                    s.id(),
                                                    s.email(),
                                                    null,
                                                    meta))))
                            .emitOn(Infrastructure.getDefaultWorkerPool())
                            .map(v -> {
                                Log.infof("Staff %s logged in from %s", s.id(), clientAddress);
                                return respond(s, refresh, expires);
                            });
                });
    }

    private sealed interface RefreshOutcome permits Refreshed, Refused {}

    private record Refreshed(Staff staff, String token, OffsetDateTime expiresAt) implements RefreshOutcome {}

    private record Refused(String why) implements RefreshOutcome {}

    public Uni<TokenResponse> refresh(String presented) {
        String presentedHash = hash(presented);
        // Refusals that revoke must commit, so the transaction returns an outcome and the 401 is thrown after it.
        return pool.withTransaction(
                        tx -> refreshTokens.findForUpdate(tx, presentedHash).flatMap(t -> {
                            if (t == null) {
                                return refused("unknown");
                            }
                            if (t.revokedAt() != null) {
                                return refused("revoked");
                            }
                            if (t.rotatedAt() != null) {
                                Log.warnf(
                                        "Refresh token reuse for staff %s (family %s): revoking the family",
                                        t.staffId(), t.familyId());
                                return refreshTokens
                                        .revokeFamily(tx, t.familyId(), "reuse")
                                        .map(n -> (RefreshOutcome) new Refused("reused"));
                            }
                            OffsetDateTime now = OffsetDateTime.now();
                            if (t.expiresAt().isBefore(now)) {
                                return refused("expired");
                            }
                            if (!t.sessionStartedAt().plus(sessionMaxAge).isAfter(now)) {
                                return refused("session past its maximum age");
                            }
                            return staff.findById(tx, t.staffId()).flatMap(s -> {
                                if (s == null || !s.active()) {
                                    return refreshTokens
                                            .revokeFamily(tx, t.familyId(), "inactive")
                                            .map(n -> (RefreshOutcome) new Refused("inactive"));
                                }
                                return rotate(tx, t, s);
                            });
                        }))
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(outcome -> {
                    if (outcome instanceof Refreshed r) {
                        return respond(r.staff(), r.token(), r.expiresAt());
                    }
                    Log.infof("Refresh refused: %s", ((Refused) outcome).why());
                    throw ProblemException.unauthorized(BAD_REFRESH);
                });
    }

    private Uni<RefreshOutcome> rotate(SqlClient tx, StoredToken old, Staff s) {
        String next = newRefreshToken();
        OffsetDateTime expires = refreshExpiry(old.sessionStartedAt());
        return refreshTokens
                .markRotated(tx, old.tokenHash())
                .flatMap(v ->
                        refreshTokens.insert(tx, hash(next), old.familyId(), s.id(), old.sessionStartedAt(), expires))
                .map(v -> (RefreshOutcome) new Refreshed(s, next, expires));
    }

    private static Uni<RefreshOutcome> refused(String why) {
        return Uni.createFrom().item(new Refused(why));
    }

    /** Revokes the token's family (the whole session). Unknown or already revoked tokens are a no-op. */
    public Uni<Void> logout(String presented, Map<String, Object> meta) {
        String presentedHash = hash(presented);
        return pool.withTransaction(
                tx -> refreshTokens.findForUpdate(tx, presentedHash).flatMap(t -> {
                    if (t == null || t.revokedAt() != null) {
                        return Uni.createFrom().voidItem();
                    }
                    return staff.findById(tx, t.staffId()).flatMap(s -> refreshTokens
                            .revokeFamily(tx, t.familyId(), "logout")
                            .flatMap(n -> audit.log(
                                    tx,
                                    new AuditEntry(
                                            new Actor(s.id(), s.name()),
                                            AuditAction.LOGOUT,
                                            "staff",
                                            s.id(),
                                            s.email(),
                                            null,
                                            meta)))
                            .replaceWithVoid());
                }));
    }

    public Uni<StaffView> me(String staffId) {
        return staff.findById(pool, staffId).map(s -> {
            if (s == null || !s.active()) {
                throw ProblemException.unauthorized("The account no longer exists or is inactive");
            }
            return StaffView.of(s);
        });
    }

    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purgeExpiredRefreshTokens() {
        return refreshTokens
                .deleteExpired(pool)
                .invoke(n -> Log.debugf("Purged %d expired refresh tokens", n))
                .replaceWithVoid();
    }

    private TokenResponse respond(Staff s, String refresh, OffsetDateTime refreshExpiresAt) {
        TokenIssuer.AccessToken access = issuer.issue(s);
        long refreshSeconds = Math.max(
                0, Duration.between(OffsetDateTime.now(), refreshExpiresAt).toSeconds());
        return new TokenResponse(
                access.token(), "Bearer", access.expiresInSeconds(), refresh, refreshSeconds, StaffView.of(s));
    }

    /** A new refresh token's expiry: the sliding TTL, but never past its session's absolute end. */
    private OffsetDateTime refreshExpiry(OffsetDateTime sessionStartedAt) {
        OffsetDateTime sliding = OffsetDateTime.now(ZoneOffset.UTC).plus(refreshTtl);
        OffsetDateTime end = sessionStartedAt.plus(sessionMaxAge);
        return sliding.isBefore(end) ? sliding : end;
    }

    static String newRefreshToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
