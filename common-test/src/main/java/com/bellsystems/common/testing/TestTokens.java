package com.bellsystems.common.testing;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Signs staff tokens with the test key pair (the same shape staff-auth-service issues), so any
 * service's tests can call protected endpoints as a given role and permission map.
 */
public final class TestTokens {

    public static final String PRIVATE_KEY = "bellsys-test-keys/jwt-private.pem";
    public static final String ISSUER = "bellsys";

    private TestTokens() {}

    public static String sysadmin() {
        return token("admin-1", "Ada Admin", "sysadmin", Map.of());
    }

    /** A plain staff member whose permission map is {@code permissions}. */
    public static String staff(Map<String, ?> permissions) {
        return token("staff-" + UUID.randomUUID().toString().substring(0, 8), "Sam Staff", "staff", permissions);
    }

    public static String token(String staffId, String name, String role, Map<String, ?> permissions) {
        return token(staffId, name, role, permissions, 900);
    }

    /** A sysadmin token that expires {@code seconds} from now. */
    public static String sysadminExpiringIn(long seconds) {
        return token("admin-1", "Ada Admin", "sysadmin", Map.of(), seconds);
    }

    static String token(String staffId, String name, String role, Map<String, ?> permissions, long expiresInSeconds) {
        JwtClaimsBuilder claims = Jwt.issuer(ISSUER)
                .subject(staffId)
                .claim("name", name)
                .claim("email", staffId + "@bellsystems.test")
                .claim("role", role)
                .groups(Set.of(role))
                .claim("permissions", permissions)
                .expiresIn(expiresInSeconds);
        return claims.jws().keyId("test").sign(PRIVATE_KEY);
    }
}
