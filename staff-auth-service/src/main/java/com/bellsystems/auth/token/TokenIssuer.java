package com.bellsystems.auth.token;

import com.bellsystems.auth.staff.Staff;
import com.bellsystems.common.security.LegacyTokens;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;

/**
 * Signs the RS256 access tokens every service accepts. The claims are the contract with the rest
 * of the system (docs/auth.md): iss, sub = staff id, name, email, role, groups = [role],
 * permissions = the effective map, iat, exp, jti. The private key is read from
 * {@code smallrye.jwt.sign.key.location}. Signing reads the key file: call on a worker thread.
 * <p>
 * With {@code bellsys.auth.issue-legacy-compatible=true}, during the rollback window
 * ({@link LegacyTokens#accepting()}) the same claims are signed with the old backend's algorithm and
 * secret instead, so the old backend accepts them (it reads sub, role, permissions, exp) and every
 * bellsys service accepts them through the legacy key it holds for the window. Such a token expires
 * no later than the end of the window; afterwards this issues RS256 tokens again, by itself.
 */
@ApplicationScoped
public class TokenIssuer {

    private final String issuer;
    private final Duration ttl;
    private final boolean legacyCompatible;
    private final LegacyTokens legacy;

    public TokenIssuer(
            @ConfigProperty(name = "mp.jwt.verify.issuer") String issuer,
            @ConfigProperty(name = "bellsys.auth.access-token-ttl", defaultValue = "PT15M") Duration ttl,
            @ConfigProperty(name = "bellsys.auth.issue-legacy-compatible", defaultValue = "false")
                    boolean legacyCompatible,
            LegacyTokens legacy) {
        this.issuer = issuer;
        this.ttl = ttl;
        this.legacyCompatible = legacyCompatible;
        this.legacy = legacy;
    }

    /** Legacy-compatible issuing without a legacy HMAC secret is a configuration error: refuse to start. */
    void onStart(@Observes StartupEvent event) {
        if (legacyCompatible && !legacy.canSign()) {
            throw new IllegalStateException("bellsys.auth.issue-legacy-compatible=true needs"
                    + " bellsys.auth.legacy-tokens.enabled=true with an HMAC algorithm and its secret as key");
        }
        if (legacyCompatible) {
            Log.infof("Issuing legacy-compatible %s tokens until %s", legacy.algorithm(), legacy.acceptUntil());
        }
    }

    public record AccessToken(String token, long expiresInSeconds) {}

    public AccessToken issue(Staff staff) {
        Instant now = Instant.now();
        if (legacyCompatible && legacy.accepting()) {
            return issueLegacy(staff, now);
        }
        String token = Jwt.issuer(issuer)
                .subject(staff.id())
                .claim("name", staff.name())
                .claim("email", staff.email())
                .claim("role", staff.role())
                .groups(Set.of(staff.role()))
                .claim("permissions", staff.effectivePermissions())
                .issuedAt(now)
                .expiresAt(now.plus(ttl))
                .claim("jti", UUID.randomUUID().toString())
                .jws()
                .header("typ", "JWT")
                .sign();
        return new AccessToken(token, ttl.toSeconds());
    }

    /** The same claims, signed as the old backend signs; {@code exp} no later than the window's end. */
    private AccessToken issueLegacy(Staff staff, Instant now) {
        Instant exp = now.plus(ttl);
        if (exp.isAfter(legacy.acceptUntil())) {
            exp = legacy.acceptUntil();
        }
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(legacy.issuer().orElse(issuer));
        claims.setSubject(staff.id());
        claims.setClaim("name", staff.name());
        claims.setClaim("email", staff.email());
        claims.setClaim("role", staff.role());
        claims.setStringListClaim("groups", List.of(staff.role()));
        claims.setClaim("permissions", staff.effectivePermissions());
        claims.setClaim("type", "access");
        claims.setIssuedAt(NumericDate.fromSeconds(now.getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(exp.getEpochSecond()));
        claims.setJwtId(UUID.randomUUID().toString());
        return new AccessToken(legacy.sign(claims), Math.max(0, exp.getEpochSecond() - now.getEpochSecond()));
    }

    public Duration ttl() {
        return ttl;
    }
}
