package com.bellsystems.common.security;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bellsystems.common.testing.TestTokens;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.util.KeyUtils;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rollback window's legacy tokens in common's verifier, which every service authenticates with.
 * Legacy tokens are made here the way the old Python backend makes them (python-jose / PyJWT:
 * {@code {"alg":"HS256","typ":"JWT"}}, HMAC-SHA256 over the UTF-8 secret, claims sub, role,
 * permissions, exp, no iss, no iat), by hand, so the test does not share code with the verifier.
 */
class LegacyTokenTest {

    static final String SECRET = "the-old-backend-SECRET_KEY";
    static final Instant WINDOW_END = Instant.parse("2030-01-01T00:00:00Z");

    private MovableClock clock;
    private VerifiedTokenCache parser;

    @BeforeEach
    void setUp() throws Exception {
        clock = new MovableClock(WINDOW_END.minus(Duration.ofDays(2)));
        parser = parser(legacy(true, "HS256"));
    }

    private LegacyTokens legacy(boolean enabled, String algorithm) {
        return new LegacyTokens(
                enabled,
                Optional.of(SECRET),
                algorithm,
                Optional.empty(),
                Optional.of(WINDOW_END.toString()),
                Duration.ofHours(24),
                clock);
    }

    private static VerifiedTokenCache parser(LegacyTokens legacy) throws Exception {
        JWTAuthContextInfo context =
                new JWTAuthContextInfo(KeyUtils.readPublicKey("bellsys-test-keys/jwt-public.pem"), TestTokens.ISSUER);
        return new VerifiedTokenCache(
                new DefaultJWTParser(context),
                legacy,
                new SimpleMeterRegistry(),
                100,
                Duration.ofMinutes(5),
                Duration.ofMinutes(15),
                Duration.ofMinutes(1));
    }

    @Test
    void aTokenSignedAsTheOldBackendSignsIsAcceptedWithItsSubjectRoleAndPermissions() throws Exception {
        String token = pythonToken("legacy-maria", "staff", Map.of("crm", Map.of("view", true, "edit", true)), 30);
        JsonWebToken jwt = parser.parse(token);
        assertInstanceOf(LegacyTokens.LegacyToken.class, jwt);
        assertEquals("legacy-maria", jwt.getName());
        assertEquals("legacy-maria", jwt.getSubject());
        assertEquals(Set.of("staff"), jwt.getGroups());
        StaffPermissions permissions = StaffPermissions.fromToken(jwt);
        assertTrue(permissions.allows("crm:edit"));
        assertFalse(permissions.allows("crm:delete"));
        assertFalse(permissions.allows("staff:manage"));
        // ours still work beside them
        assertDoesNotThrow(() -> parser.parse(TestTokens.sysadmin()));
    }

    @Test
    void withoutAStoredMapTheRoleDefaultsApplyAsInOurTokens() throws Exception {
        Map<String, Object> admin = legacyClaims("legacy-admin", "admin", null, 30);
        admin.put("permissions", null);
        JsonWebToken jwt = parser.parse(hmacToken("HS256", SECRET.getBytes(StandardCharsets.UTF_8), admin));
        assertTrue(StaffPermissions.fromToken(jwt).allows("crm:edit"));
        assertTrue(StaffPermissions.fromToken(jwt).allows("settings:edit"));
        Map<String, Object> staff = legacyClaims("legacy-staff", "staff", null, 30);
        staff.remove("permissions");
        JsonWebToken plain = parser.parse(hmacToken("HS256", SECRET.getBytes(StandardCharsets.UTF_8), staff));
        assertFalse(StaffPermissions.fromToken(plain).allows("crm:view"));
    }

    @Test
    void afterTheWindowTheSameTokenIsRefusedEvenThoughItWasCached() throws Exception {
        String token = pythonToken("legacy-maria", "staff", Map.of(), 60);
        assertDoesNotThrow(() -> parser.parse(token));
        clock.set(WINDOW_END.minusSeconds(1));
        assertDoesNotThrow(() -> parser.parse(token));
        clock.set(WINDOW_END);
        assertThrows(ParseException.class, () -> parser.parse(token));
        // a fresh one, made after the window, too
        String fresh = pythonToken("legacy-maria", "staff", Map.of(), 60);
        assertThrows(ParseException.class, () -> parser.parse(fresh));
        // ours are unaffected
        assertDoesNotThrow(() -> parser.parse(TestTokens.sysadmin()));
    }

    @Test
    void disabledMeansRefused() throws Exception {
        VerifiedTokenCache off = parser(legacy(false, "HS256"));
        assertThrows(ParseException.class, () -> off.parse(pythonToken("legacy-maria", "staff", Map.of(), 30)));
        assertThrows(ParseException.class, () -> parser(LegacyTokens.disabled())
                .parse(pythonToken("legacy-maria", "staff", Map.of(), 30)));
    }

    @Test
    void hs256KeyedWithOurPublicKeyIsRefusedWithAndWithoutTheLegacyKey() throws Exception {
        byte[] publicPem = resource("bellsys-test-keys/jwt-public.pem");
        Map<String, Object> claims = bellsysClaims();
        String forged = hmacToken("HS256", publicPem, claims);
        assertThrows(ParseException.class, () -> parser.parse(forged));
        assertThrows(ParseException.class, () -> parser(LegacyTokens.disabled()).parse(forged));
        // the same with the PEM's base64 body or the DER bytes as the secret
        String der = new String(publicPem, StandardCharsets.US_ASCII)
                .replaceAll("-----[A-Z ]+-----", "")
                .replaceAll("\\s", "");
        assertThrows(ParseException.class, () -> parser.parse(hmacToken("HS256", der.getBytes(), claims)));
        assertThrows(
                ParseException.class,
                () -> parser.parse(hmacToken("HS256", Base64.getDecoder().decode(der), claims)));
    }

    @Test
    void algNoneIsRefused() {
        Map<String, Object> claims = legacyClaims("legacy-maria", "sysadmin", Map.of(), 30);
        String none = encode(Map.of("alg", "none", "typ", "JWT")) + "." + encode(claims) + ".";
        assertThrows(ParseException.class, () -> parser.parse(none));
        String noneBellsys = encode(Map.of("alg", "none", "typ", "JWT")) + "." + encode(bellsysClaims()) + ".";
        assertThrows(ParseException.class, () -> parser.parse(noneBellsys));
    }

    @Test
    void aLegacyShapedTokenUnderAWrongSecretIsRefused() {
        Map<String, Object> claims = legacyClaims("legacy-maria", "sysadmin", Map.of(), 30);
        assertThrows(
                ParseException.class,
                () -> parser.parse(hmacToken("HS256", "not-the-secret".getBytes(StandardCharsets.UTF_8), claims)));
    }

    @Test
    void theAlgorithmIsPinnedByConfigurationNotByTheToken() {
        Map<String, Object> claims = legacyClaims("legacy-maria", "sysadmin", Map.of(), 30);
        // right secret, other HMAC algorithm: refused, the key is only ever used with HS256
        assertThrows(
                ParseException.class,
                () -> parser.parse(hmacToken("HS512", SECRET.getBytes(StandardCharsets.UTF_8), claims)));
        assertThrows(
                ParseException.class,
                () -> parser.parse(hmacToken("HS384", SECRET.getBytes(StandardCharsets.UTF_8), claims)));
    }

    @Test
    void expiredOverlongAndRefreshTokensAreRefused() {
        assertThrows(ParseException.class, () -> parser.parse(pythonToken("m", "staff", Map.of(), -5)));
        assertThrows(ParseException.class, () -> parser.parse(pythonToken("m", "staff", Map.of(), 60 * 24 * 30)));
        Map<String, Object> refresh = legacyClaims("m", "staff", Map.of(), 30);
        refresh.put("type", "refresh");
        assertThrows(
                ParseException.class,
                () -> parser.parse(hmacToken("HS256", SECRET.getBytes(StandardCharsets.UTF_8), refresh)));
        Map<String, Object> noSub = legacyClaims("m", "staff", Map.of(), 30);
        noSub.remove("sub");
        assertThrows(
                ParseException.class,
                () -> parser.parse(hmacToken("HS256", SECRET.getBytes(StandardCharsets.UTF_8), noSub)));
    }

    @Test
    void aLegacyTokenCannotGrantItselfRolesBesideItsRole() throws Exception {
        Map<String, Object> claims = legacyClaims("m", "staff", Map.of(), 30);
        claims.put("groups", java.util.List.of("sysadmin"));
        JsonWebToken jwt = parser.parse(hmacToken("HS256", SECRET.getBytes(StandardCharsets.UTF_8), claims));
        assertEquals(Set.of("staff"), jwt.getGroups());
    }

    @Test
    void misconfigurationFailsInsteadOfAcceptingForever() {
        assertThrows(
                IllegalStateException.class,
                () -> new LegacyTokens(
                        true,
                        Optional.of(SECRET),
                        "HS256",
                        Optional.empty(),
                        Optional.empty(),
                        Duration.ofHours(1),
                        clock));
        assertThrows(
                IllegalStateException.class,
                () -> new LegacyTokens(
                        true,
                        Optional.empty(),
                        "HS256",
                        Optional.empty(),
                        Optional.of(WINDOW_END.toString()),
                        Duration.ofHours(1),
                        clock));
        assertThrows(IllegalStateException.class, () -> legacy(true, "none"));
        assertThrows(IllegalStateException.class, () -> legacy(true, "RS256")); // a secret is no PEM key
    }

    // ---------------------------------------------------------------- tokens as the old backend makes them

    /** {@code jwt.encode({"sub", "role", "permissions", "exp"}, SECRET_KEY, algorithm="HS256")}. */
    String pythonToken(String sub, String role, Map<String, ?> permissions, long minutes) {
        return hmacToken(
                "HS256", SECRET.getBytes(StandardCharsets.UTF_8), legacyClaims(sub, role, permissions, minutes));
    }

    Map<String, Object> legacyClaims(String sub, String role, Map<String, ?> permissions, long minutes) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", sub);
        claims.put("role", role);
        claims.put("permissions", permissions);
        claims.put("exp", clock.instant().plus(Duration.ofMinutes(minutes)).getEpochSecond());
        return claims;
    }

    Map<String, Object> bellsysClaims() {
        long now = clock.instant().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", TestTokens.ISSUER);
        claims.put("sub", "admin-1");
        claims.put("role", "sysadmin");
        claims.put("groups", java.util.List.of("sysadmin"));
        claims.put("permissions", Map.of());
        claims.put("iat", now);
        claims.put("exp", now + 600);
        return claims;
    }

    static String hmacToken(String alg, byte[] key, Map<String, ?> claims) {
        String signingInput = encode(Map.of("alg", alg, "typ", "JWT")) + "." + encode(claims);
        try {
            String javaAlg = "Hmac" + alg.replace("HS", "SHA");
            Mac mac = Mac.getInstance(javaAlg);
            mac.init(new SecretKeySpec(key, javaAlg));
            byte[] sig = mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String encode(Map<String, ?> json) {
        try {
            byte[] bytes = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(json);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] resource(String name) throws Exception {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    /** A clock the test moves across the end of the window. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void set(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
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
    }
}
