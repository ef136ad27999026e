package com.bellsystems.auth.token;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The old Python backend's side of its tokens, written independently of bellsys' code: it signs as
 * {@code jwt.encode({"sub", "role", "permissions", "exp"}, SECRET_KEY, algorithm="HS256")} does and
 * verifies as {@code jwt.decode(token, SECRET_KEY, algorithms=["HS256"])} does (header alg must be
 * HS256, HMAC-SHA256 over the UTF-8 secret, {@code exp} in the future), then reads sub, role and the
 * permission map.
 */
final class OldBackend {

    static final String SECRET = "old-backend-SECRET_KEY-for-tests";

    /** The password of PasswordHasherTest.PY_2A_10 (made by Python's bcrypt). */
    static final String PASSWORD = "correct horse battery staple";

    private static final ObjectMapper JSON = new ObjectMapper();

    private OldBackend() {}

    /** What the old backend's auth dependency reads out of a token it accepted. */
    record Session(String staffId, String role, Map<String, Object> permissions) {}

    static String sign(String staffId, String role, Map<String, ?> permissions, long expiresInSeconds) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", staffId);
        claims.put("role", role);
        claims.put("permissions", permissions);
        claims.put("exp", Instant.now().getEpochSecond() + expiresInSeconds);
        return hmac("HS256", SECRET.getBytes(StandardCharsets.UTF_8), claims);
    }

    static String hmac(String alg, byte[] key, Map<String, ?> claims) {
        String input = b64(Map.of("alg", alg, "typ", "JWT")) + "." + b64(claims);
        return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(alg, key, input));
    }

    /** Accepts the token as the old backend does, or throws. */
    static Session verify(String token) throws Exception {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a JWS");
        }
        Map<String, Object> header = read(parts[0]);
        if (!"HS256".equals(header.get("alg"))) {
            throw new IllegalArgumentException("The specified alg value is not allowed: " + header.get("alg"));
        }
        byte[] expected = mac("HS256", SECRET.getBytes(StandardCharsets.UTF_8), parts[0] + "." + parts[1]);
        if (!MessageDigest.isEqual(expected, Base64.getUrlDecoder().decode(parts[2]))) {
            throw new IllegalArgumentException("Signature verification failed");
        }
        Map<String, Object> claims = read(parts[1]);
        if (!(claims.get("exp") instanceof Number exp)
                || exp.longValue() <= Instant.now().getEpochSecond()) {
            throw new IllegalArgumentException("Signature has expired");
        }
        if (claims.containsKey("aud")) {
            throw new IllegalArgumentException("Invalid audience"); // decoded without an audience
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> permissions = (Map<String, Object>) claims.get("permissions");
        return new Session((String) claims.get("sub"), (String) claims.get("role"), permissions);
    }

    static Map<String, Object> header(String token) throws Exception {
        return read(token.split("\\.")[0]);
    }

    private static Map<String, Object> read(String part) throws Exception {
        return JSON.readValue(Base64.getUrlDecoder().decode(part), new TypeReference<>() {});
    }

    private static byte[] mac(String alg, byte[] key, String input) {
        try {
            String javaAlg = "Hmac" + alg.replace("HS", "SHA");
            Mac mac = Mac.getInstance(javaAlg);
            mac.init(new SecretKeySpec(key, javaAlg));
            return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String b64(Object json) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(json));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> parts(String token) {
        return List.of(token.split("\\."));
    }
}
