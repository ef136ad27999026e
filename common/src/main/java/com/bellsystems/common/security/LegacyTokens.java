package com.bellsystems.common.security;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.util.KeyUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.Claims;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

/**
 * The old Python backend's token key, for the rollback window of the cut-over (issue 18): while
 * {@code bellsys.auth.legacy-tokens.enabled} and before {@code accept-until}, every service also
 * accepts tokens signed as the old backend signs them, and staff-auth-service may issue tokens the
 * old backend accepts, so switching a domain either way logs nobody out.
 * <p>
 * The algorithm is pinned by configuration (default HS256 with the old backend's secret); a token's
 * {@code alg} header never chooses the key or the algorithm: a token is only ever checked against
 * this key with this algorithm (and, before that, against the RS256 key with RS256). So HS256 keyed
 * with our RS256 public key, {@code alg: none} or a legacy-shaped token under a wrong secret fail
 * both checks. After {@code accept-until} (or when disabled) legacy tokens are refused again,
 * including ones verified and cached before.
 * <p>
 * Claims read, as the old backend writes them: {@code sub} (staff id, required), {@code exp}
 * (required), {@code permissions} (the map, same shape as ours; null or absent means the role's
 * defaults, as staff-auth puts them in its tokens), {@code role} (becomes
 * {@code groups = [role]}, which is what {@code @RolesAllowed} and the sysadmin rule read). A
 * {@code type} claim other than {@code access} (a refresh token) is refused.
 */
@ApplicationScoped
public class LegacyTokens {

    /** Algorithms a legacy key may be pinned to; HMAC ones take the secret text, the others a PEM public key. */
    static final Set<String> HMAC = Set.of("HS256", "HS384", "HS512");

    static final Set<String> ASYMMETRIC = Set.of("RS256", "RS384", "RS512", "ES256", "ES384", "PS256");

    private static final long CLOCK_SKEW_SECONDS = 60;

    private final boolean enabled;
    private final String algorithm;
    private final Key verificationKey;
    private final byte[] secret;
    private final Optional<String> issuer;
    private final Instant acceptUntil;
    private final Duration maxLifetime;
    private final Clock clock;

    @Inject
    public LegacyTokens(
            @ConfigProperty(name = "bellsys.auth.legacy-tokens.enabled", defaultValue = "false") boolean enabled,
            @ConfigProperty(name = "bellsys.auth.legacy-tokens.key") Optional<String> key,
            @ConfigProperty(name = "bellsys.auth.legacy-tokens.algorithm", defaultValue = "HS256") String algorithm,
            @ConfigProperty(name = "bellsys.auth.legacy-tokens.issuer") Optional<String> issuer,
            @ConfigProperty(name = "bellsys.auth.legacy-tokens.accept-until") Optional<String> acceptUntil,
            @ConfigProperty(name = "bellsys.auth.legacy-tokens.max-lifetime", defaultValue = "PT24H")
                    Duration maxLifetime) {
        this(enabled, key, algorithm, issuer, acceptUntil, maxLifetime, Clock.systemUTC());
    }

    /** As configured, with a clock of the caller's (tests move it past the window). */
    public LegacyTokens(
            boolean enabled,
            Optional<String> key,
            String algorithm,
            Optional<String> issuer,
            Optional<String> acceptUntil,
            Duration maxLifetime,
            Clock clock) {
        this.enabled = enabled;
        this.algorithm = algorithm.trim().toUpperCase(Locale.ROOT);
        this.issuer = issuer.map(String::trim).filter(s -> !s.isEmpty());
        this.maxLifetime = maxLifetime;
        this.clock = clock;
        if (!enabled) {
            this.verificationKey = null;
            this.secret = null;
            this.acceptUntil = Instant.MIN;
            return;
        }
        // Misconfiguration fails the start (onStart): an open-ended window or a key that cannot be read
        // must not silently turn into "accept nothing" or "accept forever".
        String keyText = key.filter(k -> !k.isBlank())
                .orElseThrow(() -> new IllegalStateException(
                        "bellsys.auth.legacy-tokens.enabled=true needs bellsys.auth.legacy-tokens.key"));
        this.acceptUntil = acceptUntil
                .filter(s -> !s.isBlank())
                .map(LegacyTokens::instant)
                .orElseThrow(() -> new IllegalStateException(
                        "bellsys.auth.legacy-tokens.enabled=true needs bellsys.auth.legacy-tokens.accept-until"
                                + " (the end of the rollback window, e.g. 2026-12-31T00:00:00Z)"));
        if (HMAC.contains(this.algorithm)) {
            // python-jose / PyJWT use the secret string's UTF-8 bytes as the HMAC key
            this.secret = keyText.getBytes(StandardCharsets.UTF_8);
            this.verificationKey = new HmacKey(secret);
        } else if (ASYMMETRIC.contains(this.algorithm)) {
            this.secret = null;
            try {
                this.verificationKey = KeyUtils.decodePublicKey(keyText.trim(), algorithmEnum(this.algorithm));
            } catch (Exception e) {
                throw new IllegalStateException(
                        "bellsys.auth.legacy-tokens.key is not a PEM public key for " + this.algorithm, e);
            }
        } else {
            throw new IllegalStateException("bellsys.auth.legacy-tokens.algorithm " + this.algorithm + " is not one of "
                    + HMAC + " or " + ASYMMETRIC);
        }
    }

    /** A verifier that accepts nothing (tests of the RS256 path). */
    public static LegacyTokens disabled() {
        return new LegacyTokens(
                false, Optional.empty(), "HS256", Optional.empty(), Optional.empty(), Duration.ZERO, Clock.systemUTC());
    }

    void onStart(@Observes StartupEvent event) {
        if (!enabled) {
            return;
        }
        if (secret != null && secret.length < 32) {
            Log.warnf(
                    "bellsys.auth.legacy-tokens.key is %d bytes: the old backend's secret is weak; end the"
                            + " rollback window soon",
                    secret.length);
        }
        if (accepting()) {
            Log.infof("Accepting legacy %s tokens until %s", algorithm, acceptUntil);
        } else {
            Log.infof("Legacy tokens configured but their window ended at %s: refused", acceptUntil);
        }
    }

    /** Whether legacy tokens are accepted now: configured and before the end of the window. */
    public boolean accepting() {
        return enabled && clock.instant().isBefore(acceptUntil);
    }

    public Instant acceptUntil() {
        return acceptUntil;
    }

    public String algorithm() {
        return algorithm;
    }

    public Optional<String> issuer() {
        return issuer;
    }

    /** Whether tokens can be issued with this key (only an HMAC secret signs; a public key cannot). */
    public boolean canSign() {
        return enabled && secret != null;
    }

    /**
     * Verifies {@code token} as the old backend would (pinned algorithm, its key, {@code exp}, optional
     * issuer) and returns it as a staff token every service understands.
     *
     * @throws ParseException when the window is closed or the token does not verify
     */
    public LegacyToken verify(String token) throws ParseException {
        if (!accepting()) {
            throw new ParseException("Legacy tokens are not accepted (disabled or window ended " + acceptUntil + ")");
        }
        long now = clock.instant().getEpochSecond();
        JwtConsumerBuilder builder = new JwtConsumerBuilder()
                .setJwsAlgorithmConstraints(
                        new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, algorithm))
                .setVerificationKey(verificationKey)
                .setRelaxVerificationKeyValidation() // the old secret may be shorter than 256 bits
                .setRequireExpirationTime()
                .setRequireSubject()
                .setAllowedClockSkewInSeconds((int) CLOCK_SKEW_SECONDS)
                .setSkipDefaultAudienceValidation()
                .setEvaluationTime(NumericDate.fromSeconds(now));
        issuer.ifPresent(builder::setExpectedIssuer);
        JwtConsumer consumer = builder.build();
        JwtClaims claims;
        try {
            claims = consumer.processToClaims(token);
        } catch (InvalidJwtException e) {
            throw new ParseException("Legacy token refused: " + e.getMessage(), e);
        }
        try {
            return principal(token, claims, now);
        } catch (MalformedClaimException e) {
            throw new ParseException("Legacy token refused: " + e.getMessage(), e);
        }
    }

    private LegacyToken principal(String token, JwtClaims claims, long now)
            throws ParseException, MalformedClaimException {
        Object type = claims.getClaimValue("type");
        if (type != null && !"access".equals(type)) {
            throw new ParseException("Legacy token refused: type " + type + " is not an access token");
        }
        long exp = claims.getExpirationTime().getValue();
        long iat = claims.getIssuedAt() == null ? 0 : claims.getIssuedAt().getValue();
        long limit = maxLifetime.toSeconds() + CLOCK_SKEW_SECONDS;
        if (exp - now > limit || (iat > 0 && exp - iat > limit)) {
            throw new ParseException(
                    "Legacy token lifetime exceeds " + maxLifetime + " (iat " + iat + ", exp " + exp + ")");
        }
        Object permissions = claims.getClaimValue("permissions");
        if (permissions != null && !(permissions instanceof Map<?, ?>)) {
            throw new ParseException("Legacy token refused: permissions is not a map");
        }
        String role = claims.getClaimValue("role") instanceof String r && !r.isBlank() ? r : null;
        // Roles come from the role claim only (as the old backend reads them), never from other claims.
        claims.unsetClaim(Claims.groups.name());
        if (role != null) {
            claims.setStringListClaim(Claims.groups.name(), List.of(role));
        }
        // A member without a stored map (null since the Phase 3 revision) has the role's defaults, as
        // in the tokens staff-auth issues: the same member gets the same rights from either token.
        if (permissions == null) {
            claims.setClaim("permissions", StaffPermissions.roleDefaults(role));
        }
        claims.setClaim(Claims.raw_token.name(), token);
        return new LegacyToken(token, claims);
    }

    /**
     * Signs {@code claims} as the old backend signs its tokens (its algorithm and secret, header
     * {@code typ: JWT}), so the old backend accepts them; every bellsys service accepts them through
     * {@link #verify} while the window is open.
     *
     * @throws IllegalStateException when there is no HMAC secret to sign with
     */
    public String sign(JwtClaims claims) {
        if (!canSign()) {
            throw new IllegalStateException("Legacy tokens are not configured with an HMAC secret: cannot sign");
        }
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(algorithm);
        jws.setHeader("typ", "JWT");
        jws.setKey(new HmacKey(secret));
        jws.setDoKeyValidation(false); // the old secret may be shorter than 256 bits
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("Cannot sign a legacy token", e);
        }
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalStateException(
                    "bellsys.auth.legacy-tokens.accept-until is not an instant like 2026-12-31T00:00:00Z: " + text, e);
        }
    }

    private static io.smallrye.jwt.algorithm.SignatureAlgorithm algorithmEnum(String name) {
        return io.smallrye.jwt.algorithm.SignatureAlgorithm.fromAlgorithm(name);
    }

    /** A verified legacy token: marked so a cached one is refused once the window has closed. */
    public static final class LegacyToken extends DefaultJWTCallerPrincipal {
        LegacyToken(String token, JwtClaims claims) {
            super(token, "JWT", claims);
        }
    }
}
