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
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import javax.crypto.SecretKey;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The JWT parser every service authenticates with: smallrye-jwt's own verification, remembered per
 * token string until the token expires (at most {@code max-age}). Staff tokens are stateless (only
 * refresh tokens are revoked), so a token that verified once stays valid until its {@code exp}; the
 * Console sends the same token with every request, and verifying it (RS256 plus claim parsing) was
 * about a fifth of a list request's CPU. {@code max-age} bounds how long a rotated-out key's tokens
 * are still accepted. Failed verifications are never remembered.
 * Metrics: {@code cache_gets_total{cache="jwt_verified"}} and friends.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokenCache implements JWTParser {

    private final DefaultJWTParser verifier;
    private final Cache<String, JsonWebToken> verified;

    public VerifiedTokenCache(
            DefaultJWTParser verifier,
            MeterRegistry registry,
            @ConfigProperty(name = "bellsys.jwt.verified-cache.max-size", defaultValue = "10000") long maxSize,
            @ConfigProperty(name = "bellsys.jwt.verified-cache.max-age", defaultValue = "PT5M") Duration maxAge) {
        this.verifier = verifier;
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
        if (jwt == null) {
            jwt = verifier.parse(token);
            verified.put(token, jwt);
        }
        return jwt;
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
