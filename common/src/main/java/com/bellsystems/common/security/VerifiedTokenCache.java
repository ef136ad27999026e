package com.bellsystems.common.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.json.JsonNumber;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import javax.crypto.SecretKey;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The JWT parser every service authenticates with: smallrye-jwt's own verification, remembered per
 * token string until the token expires (at most {@code max-age}). Staff tokens are stateless (only
 * refresh tokens are revoked), so a token that verified once stays valid until its {@code exp}; the
 * Console sends the same token with every request, and verifying it (RS256 plus claim parsing) was
 * about a fifth of a list request's CPU. {@code max-age} bounds how long a rotated-out key's tokens
 * are still accepted. Failed verifications are never remembered.
 * <p>
 * On top of smallrye-jwt's checks, a token may not live longer than staff-auth-service issues them
 * for ({@code bellsys.auth.access-token-ttl}, plus {@code bellsys.jwt.lifetime-skew} for clocks):
 * neither {@code exp - iat} nor {@code exp - now} may exceed it. A validly signed token with a far
 * {@code exp} (a leaked signing key, a misconfigured issuer) is refused, not trusted for years; the
 * second bound also covers a future {@code iat} (smallrye-jwt already refuses a missing one).
 * <p>
 * During the cut-over's rollback window a token that fails that check is tried once more against
 * the old backend's key ({@link LegacyTokens}, its own pinned algorithm and lifetime bound); a
 * cached legacy token is refused as soon as the window closes.
 * Metrics: {@code cache_gets_total{cache="jwt_verified"}} and friends.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokenCache implements JWTParser {

    private final DefaultJWTParser verifier;
    private final LegacyTokens legacy;
    private final Cache<String, JsonWebToken> verified;
    /** The longest lifetime a token may claim: the configured access-token TTL plus the skew. */
    private final Duration maxLifetime;

    public VerifiedTokenCache(
            DefaultJWTParser verifier,
            LegacyTokens legacy,
            MeterRegistry registry,
            @ConfigProperty(name = "bellsys.jwt.verified-cache.max-size", defaultValue = "10000") long maxSize,
            @ConfigProperty(name = "bellsys.jwt.verified-cache.max-age", defaultValue = "PT5M") Duration maxAge,
            @ConfigProperty(name = "bellsys.auth.access-token-ttl", defaultValue = "PT15M") Duration accessTokenTtl,
            @ConfigProperty(name = "bellsys.jwt.lifetime-skew", defaultValue = "PT1M") Duration lifetimeSkew) {
        this.verifier = verifier;
        this.legacy = legacy;
        this.maxLifetime = accessTokenTtl.plus(lifetimeSkew);
        this.verified = Caffeine.newBuilder()
                .maximumSize(maxSize)
                .expireAfter(untilExpiry(maxAge))
                .recordStats()
                .build();
        CaffeineCacheMetrics.monitor(registry, verified, "jwt_verified");
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        JsonWebToken jwt = verified.getIfPresent(token);
        if (jwt instanceof LegacyTokens.LegacyToken && !legacy.accepting()) {
            verified.invalidate(token);
            jwt = null;
        }
        if (jwt == null) {
            jwt = verifyFresh(token);
            verified.put(token, jwt);
        }
        return jwt;
    }

    /** Ours (RS256) first; only if that fails and the rollback window is open, the old backend's key. */
    private JsonWebToken verifyFresh(String token) throws ParseException {
        try {
            JsonWebToken jwt = verifier.parse(token);
            requireLifetimeWithinLimit(jwt);
            return jwt;
        } catch (ParseException ours) {
            if (!legacy.accepting()) {
                throw ours;
            }
            try {
                return legacy.verify(token);
            } catch (ParseException old) {
                ours.addSuppressed(old);
                throw ours;
            }
        }
    }

    /** Refuses a token whose {@code exp - iat} or {@code exp - now} exceeds the configured lifetime. */
    void requireLifetimeWithinLimit(JsonWebToken jwt) throws ParseException {
        long limit = maxLifetime.toSeconds();
        long exp = jwt.getExpirationTime();
        // read as an object: the interface's getIssuedAtTime() unboxes a missing claim into an NPE
        Object iatClaim = jwt.getClaim(Claims.iat.name());
        long iat = iatClaim instanceof Number n ? n.longValue() : iatClaim instanceof JsonNumber j ? j.longValue() : 0;
        long now = Instant.now().getEpochSecond();
        if (exp - now > limit || (iat > 0 && exp - iat > limit)) {
            throw new ParseException("Token lifetime exceeds " + maxLifetime + " (iat " + iat + ", exp " + exp + ")");
        }
    }

    /** Each entry lives until its token's {@code exp}, never longer than {@code maxAge}. */
    private static Expiry<String, JsonWebToken> untilExpiry(Duration maxAge) {
        return new Expiry<>() {
            @Override
            public long expireAfterCreate(String token, JsonWebToken jwt, long currentTime) {
                long untilExp = Duration.between(Instant.now(), Instant.ofEpochSecond(jwt.getExpirationTime()))
                        .toNanos();
                return Math.max(0, Math.min(untilExp, maxAge.toNanos()));
            }

            @Override
            public long expireAfterUpdate(String token, JsonWebToken jwt, long currentTime, long currentDuration) {
                return expireAfterCreate(token, jwt, currentTime);
            }

            @Override
            public long expireAfterRead(String token, JsonWebToken jwt, long currentTime, long currentDuration) {
                return currentDuration;
            }
        };
    }

    // The rest of the interface (explicit keys, decryption, parse without verification) is not what
    // request authentication uses: it goes straight to smallrye-jwt.

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return verifier.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return verifier.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return verifier.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return verifier.parseOnly(token);
    }
}
