package com.bellsystems.auth.password;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Hashes written by the old Python backend must verify unchanged. The fixtures below were made by
 * Python's bcrypt 5.0.0 ({@code bcrypt.hashpw(pw, bcrypt.gensalt(rounds, prefix))}) for the
 * password {@value #PASSWORD}; the $2y$ one is the $2b$ cost-11 hash with its prefix changed
 * (the algorithms are identical, PHP writes $2y$).
 */
public class PasswordHasherTest {

    static final String PASSWORD = "correct horse battery staple";
    /** Python bcrypt 5.0.0, gensalt(12, b"2b"). */
    public static final String PY_2B_12 = "$2b$12$VidZZP86KRdwLSRW4GvXDOARvcca1R/FpLAHaZiVqFbGzFX7smd02";
    /** Python bcrypt 5.0.0, gensalt(10, b"2a"). */
    public static final String PY_2A_10 = "$2a$10$8tOWMhsVGP2zVPiceBSYR.V6oQbaVzHEU4XzD7igGcWV3k5P6zhwK";
    /** Python bcrypt 5.0.0, gensalt(14, b"2b"). */
    public static final String PY_2B_14 = "$2b$14$wO.9hnpxPKE57Sc7SP7EIuqlncN3JEdPlTxsYSIjfWnOEH3Aot55.";
    /** Python bcrypt 5.0.0, gensalt(11, b"2b"), prefix rewritten to $2y$. */
    public static final String PY_2Y_11 = "$2y$11$u3zu.N493d9NROqCmVAHM.9eIh0tEXpOJepv7577iMgfcbyCtMQ/m";

    private final PasswordHasher hasher = new PasswordHasher(10);

    @Test
    void pythonHashesVerifyForCost10To14AndEveryPrefix() {
        assertTrue(hasher.verify(PASSWORD, PY_2B_12));
        assertTrue(hasher.verify(PASSWORD, PY_2A_10));
        assertTrue(hasher.verify(PASSWORD, PY_2B_14));
        assertTrue(hasher.verify(PASSWORD, PY_2Y_11));
    }

    @Test
    void wrongPasswordOrBrokenHashDoesNotVerify() {
        assertFalse(hasher.verify("correct horse battery stapl", PY_2B_12));
        assertFalse(hasher.verify(PASSWORD, "$2b$12$not-a-hash"));
        assertFalse(hasher.verify(PASSWORD, ""));
        assertFalse(hasher.verify(null, PY_2B_12));
    }

    @Test
    void newHashesAre2bAtTheConfiguredCostAndVerify() {
        String hash = hasher.hash("a new password");
        assertTrue(hash.startsWith("$2b$10$"), hash);
        assertTrue(hasher.verify("a new password", hash));
        assertFalse(hasher.verify("another password", hash));
    }

    @Test
    void unknownAccountNeverVerifies() {
        assertFalse(hasher.verifyOrDummy(PASSWORD, null));
        assertTrue(hasher.verifyOrDummy(PASSWORD, PY_2A_10));
    }
}
