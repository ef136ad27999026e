package com.bellsystems.common.security;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.bellsystems.common.testing.TestTokens;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lifetime cap every service applies ({@link VerifiedTokenCache}): tokens signed with the right
 * key and otherwise valid, whose lifetime exceeds the configured access-token TTL (15 min + 1 min
 * skew here), are refused; tokens within it are accepted.
 */
class TokenLifetimeCapTest {

    private VerifiedTokenCache parser;

    @BeforeEach
    void setUp() throws Exception {
        JWTAuthContextInfo context =
                new JWTAuthContextInfo(KeyUtils.readPublicKey("bellsys-test-keys/jwt-public.pem"), TestTokens.ISSUER);
        parser = new VerifiedTokenCache(
                new DefaultJWTParser(context),
                LegacyTokens.disabled(),
                new SimpleMeterRegistry(),
                100,
                Duration.ofMinutes(5),
                Duration.ofMinutes(15),
                Duration.ofMinutes(1));
    }

    @Test
    void aTokenAsStaffAuthIssuesItIsAccepted() {
        assertDoesNotThrow(() -> parser.parse(TestTokens.sysadmin()));
        assertDoesNotThrow(() -> parser.parse(TestTokens.sysadminExpiringIn(60)));
    }

    @Test
    void aValidlySignedTenYearTokenIsRefusedEveryTime() {
        String tenYears = TestTokens.sysadminExpiringIn(Duration.ofDays(3650).toSeconds());
        assertThrows(ParseException.class, () -> parser.parse(tenYears));
        // refused again: a failed check is never remembered as verified
        assertThrows(ParseException.class, () -> parser.parse(tenYears));
    }

    @Test
    void exceedingTheLifetimeBySomeMinutesIsRefused() {
        Instant now = Instant.now();
        assertThrows(ParseException.class, () -> parser.parse(signed(now, now.plus(Duration.ofMinutes(20)))));
        // issued a while ago, so little time is left, but it claimed 30 minutes
        assertThrows(
                ParseException.class,
                () -> parser.parse(signed(now.minus(Duration.ofMinutes(25)), now.plus(Duration.ofMinutes(5)))));
        assertDoesNotThrow(() -> parser.parse(signed(now, now.plus(Duration.ofMinutes(16)))));
    }

    @Test
    void withoutIatATokenIsRefused() throws Exception {
        // smallrye-jwt itself requires iat; should that ever be relaxed, exp - now still bounds it
        String oneDay = withoutIat(Instant.now().plus(Duration.ofDays(1)));
        assertThrows(ParseException.class, () -> parser.parse(oneDay));
    }

    @Test
    void anIatInTheFarFutureDoesNotHideAFarExp() {
        Instant exp = Instant.now().plus(Duration.ofDays(3650));
        assertThrows(ParseException.class, () -> parser.parse(signed(exp.minus(Duration.ofMinutes(10)), exp)));
    }

    private static String signed(Instant iat, Instant exp) {
        return Jwt.issuer(TestTokens.ISSUER)
                .subject("admin-1")
                .claim("role", "sysadmin")
                .groups(Set.of("sysadmin"))
                .claim("permissions", Map.of())
                .issuedAt(iat)
                .expiresAt(exp)
                .jws()
                .keyId("test")
                .sign(TestTokens.PRIVATE_KEY);
    }

    /** smallrye's builder always adds iat, so this one is signed with jose4j directly. */
    private static String withoutIat(Instant exp) throws Exception {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(TestTokens.ISSUER);
        claims.setSubject("admin-1");
        claims.setStringListClaim("groups", "sysadmin");
        claims.setExpirationTime(NumericDate.fromSeconds(exp.getEpochSecond()));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setKeyIdHeaderValue("test");
        jws.setKey(KeyUtils.readPrivateKey(TestTokens.PRIVATE_KEY));
        return jws.getCompactSerialization();
    }
}
