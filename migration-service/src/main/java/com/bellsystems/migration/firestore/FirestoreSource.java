package com.bellsystems.migration.firestore;

import com.bellsystems.firestore.FirestoreProvider;
import com.google.cloud.firestore.Firestore;
import io.quarkus.arc.Arc;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Where the Firestore jobs get their client and settings. The engine's JobContext carries no
 * Firestore (the jobs are plain objects listed by FirestoreJobCatalog), so they look the shared
 * {@link FirestoreProvider} up when they run: the service starts, and Phase 1 works, without
 * Firestore being reachable or configured. A bean itself only so the provider counts as used
 * (ArC removes beans nothing injects, and a programmatic lookup does not count).
 */
@ApplicationScoped
@Unremovable
public class FirestoreSource {

    private final FirestoreProvider provider;

    public FirestoreSource(FirestoreProvider provider) {
        this.provider = provider;
    }

    public static Firestore firestore() {
        return Arc.container().instance(FirestoreSource.class).get().client();
    }

    /** A method, not the field: the bean is reached through its client proxy. */
    Firestore client() {
        return provider.firestore();
    }

    /** Documents per page read (one query per page, ordered by document id). */
    public static int pageSize() {
        return config("bellsys.migration.firestore.page-size", "500", Integer.class);
    }

    static String settingsDocument() {
        return config("bellsys.migration.firestore.settings-document", "settings/console", String.class);
    }

    static String publicFeaturesDocument() {
        return config("bellsys.migration.firestore.public-features-document", "settings/public_features", String.class);
    }

    /**
     * Jobs whose source may be empty (a missing document, an empty or missing collection) without
     * failing: {@code bellsys.migration.firestore.allow-empty=firmware_versions,crm_orders}.
     */
    static java.util.Set<String> allowEmpty() {
        return ConfigProvider.getConfig()
                .getOptionalValues("bellsys.migration.firestore.allow-empty", String.class)
                .map(l -> java.util.Set.copyOf(l.stream().map(String::strip).toList()))
                .orElse(java.util.Set.of());
    }

    private static <T> T config(String key, String fallback, Class<T> type) {
        return ConfigProvider.getConfig()
                .getOptionalValue(key, type)
                .orElseGet(() -> type == Integer.class ? type.cast(Integer.valueOf(fallback)) : type.cast(fallback));
    }
}
