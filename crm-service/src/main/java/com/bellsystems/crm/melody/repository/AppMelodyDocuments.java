package com.bellsystems.crm.melody.repository;

import com.bellsystems.crm.melody.AppPublication;
import com.bellsystems.firestore.FirestoreProvider;
import com.bellsystems.firestore.FirestoreValues;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentSnapshot;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads the app's copy of published melodies (Firestore {@code melodies/{id}}), the one place that
 * knows a melody was published before the migration: the legacy SQLite drafts carried no publication
 * time. Reads only; writes to the collection go through the outbox. firebase-admin blocks, so every
 * call runs on a worker thread, and waits at most {@code bellsys.crm.outbox.write-timeout-seconds}.
 * <p>
 * The publication time is the document's {@code published_at} (a Timestamp, or an ISO-8601 string),
 * else {@code publishedAt}, else the time Firestore last wrote the document (the legacy publish
 * wrote the whole document, so that is when it was last published).
 */
@ApplicationScoped
public class AppMelodyDocuments {

    public static final String COLLECTION = "melodies";

    private final FirestoreProvider provider;
    private final long timeoutSeconds;

    public AppMelodyDocuments(
            FirestoreProvider provider,
            @ConfigProperty(name = "bellsys.crm.outbox.write-timeout-seconds", defaultValue = "10")
                    long timeoutSeconds) {
        this.provider = provider;
        this.timeoutSeconds = timeoutSeconds;
    }

    /** The app's publication of melody {@code id}, or empty when the app has no copy. */
    public Uni<Optional<AppPublication>> publication(String id) {
        return Uni.createFrom()
                .item(() -> {
                    try {
                        DocumentSnapshot doc = provider.firestore()
                                .collection(COLLECTION)
                                .document(id)
                                .get()
                                .get(timeoutSeconds, TimeUnit.SECONDS);
                        return doc.exists() ? Optional.of(publicationOf(doc)) : Optional.<AppPublication>empty();
                    } catch (Exception e) {
                        throw new IllegalStateException("Firestore " + COLLECTION + "/" + id + " unreadable", e);
                    }
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** Every melody the app has, by document id. */
    public Uni<Map<String, AppPublication>> all() {
        return Uni.createFrom()
                .item(() -> {
                    try {
                        Map<String, AppPublication> out = new LinkedHashMap<>();
                        for (DocumentSnapshot doc : provider.firestore()
                                .collection(COLLECTION)
                                .get()
                                .get(timeoutSeconds * 6, TimeUnit.SECONDS)
                                .getDocuments()) {
                            out.put(doc.getId(), publicationOf(doc));
                        }
                        return out;
                    } catch (Exception e) {
                        throw new IllegalStateException("Firestore " + COLLECTION + " unreadable", e);
                    }
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    static AppPublication publicationOf(DocumentSnapshot doc) {
        OffsetDateTime at = time(doc.get("published_at"));
        if (at == null) {
            at = time(doc.get("publishedAt"));
        }
        if (at == null) {
            at = time(doc.getUpdateTime() != null ? doc.getUpdateTime() : doc.getCreateTime());
        }
        Object by = doc.get("published_by");
        return new AppPublication(at, by instanceof String s && !s.isBlank() ? s : null);
    }

    private static OffsetDateTime time(Object value) {
        if (value instanceof Timestamp t) {
            return FirestoreValues.toOffsetDateTime(t);
        }
        if (value instanceof String s) {
            try {
                return OffsetDateTime.parse(s).withOffsetSameInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }
}
