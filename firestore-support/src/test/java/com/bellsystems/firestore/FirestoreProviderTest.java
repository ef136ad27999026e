package com.bellsystems.firestore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.firestore.Firestore;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FirestoreProviderTest {

    @Test
    void buildsLazilyOnceAndRebuildsAfterClose() {
        FirestoreProvider provider = new FirestoreProvider("lazy-test", Optional.of("127.0.0.1:9"), Optional.empty());
        assertFalse(provider.isStarted(), "nothing is built before first use");
        Firestore first = provider.firestore();
        assertTrue(provider.isStarted());
        assertSame(first, provider.firestore());
        assertEquals("lazy-test", first.getOptions().getProjectId());
        assertEquals("127.0.0.1:9", first.getOptions().getEmulatorHost());
        provider.close();
        assertFalse(provider.isStarted());
        Firestore second = provider.firestore();
        assertNotSame(first, second);
        provider.close();
    }

    @Test
    void blankEmulatorHostMeansNone() {
        FirestoreProvider provider = new FirestoreProvider("p", Optional.of(" "), Optional.empty());
        assertEquals(
                Optional.ofNullable(System.getenv(FirestoreProvider.EMULATOR_ENV))
                        .filter(h -> !h.isBlank()),
                provider.emulatorHost());
    }

    @Test
    void twoProvidersLiveSideBySide() {
        FirestoreProvider a = FirestoreProvider.forEmulator("a", "127.0.0.1:9");
        FirestoreProvider b = FirestoreProvider.forEmulator("b", "127.0.0.1:9");
        assertEquals("a", a.firestore().getOptions().getProjectId());
        assertEquals("b", b.firestore().getOptions().getProjectId());
        a.close();
        b.close();
    }
}
