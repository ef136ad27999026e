package com.bellsystems.auth.token;

import com.bellsystems.auth.staff.Staff;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Signs the RS256 access tokens every service accepts. The claims are the contract with the rest
 * of the system (docs/auth.md): iss, sub = staff id, name, email, role, groups = [role],
 * permissions = the effective map, iat, exp, jti. The private key is read from
 * {@code smallrye.jwt.sign.key.location}. Signing reads the key file: call on a worker thread.
 */
@ApplicationScoped
public class TokenIssuer {

    private final String issuer;
    private final Duration ttl;

    public TokenIssuer(
            @ConfigProperty(name = "mp.jwt.verify.issuer") String issuer,
            @ConfigProperty(name = "bellsys.auth.access-token-ttl", defaultValue = "PT15M") Duration ttl) {
        this.issuer = issuer;
        this.ttl = ttl;
    }

    public record AccessToken(String token, long expiresInSeconds) {}

    public AccessToken issue(Staff staff) {
        Instant now = Instant.now();
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

    public Duration ttl() {
        return ttl;
    }
}
