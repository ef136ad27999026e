package com.bellsystems.crm.melody.service;

import static com.bellsystems.crm.support.Columns.putIfPresent;

import com.bellsystems.common.paging.OffsetPage;
import com.bellsystems.common.problem.ProblemException;
import com.bellsystems.crm.change.RecordWriter;
import com.bellsystems.crm.melody.AppPublication;
import com.bellsystems.crm.melody.DraftInput;
import com.bellsystems.crm.melody.repository.AppMelodyDocuments;
import com.bellsystems.crm.melody.repository.MelodyRepository;
import com.bellsystems.crm.support.Ids;
import com.bellsystems.crm.support.MirrorDoc;
import com.bellsystems.crm.support.PageRequest;
import com.bellsystems.crm.support.TableReader;
import com.bellsystems.crm.support.Versions;
import com.bellsystems.crm.support.Who;
import com.bellsystems.firestore.FirestoreValues;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Melody draft rules and publishing them to the mobile app: publish writes the melody to Firestore
 * {@code melodies/{id}} through the outbox (PUBLISH audit), unpublish deletes it (UNPUBLISH audit),
 * and deleting a published draft deletes it too. Editing a published draft does not change the
 * app's copy until it is published again: the app only ever sees what someone chose to publish.
 * <p>
 * Melodies published before the migration have no {@code published_at} (the legacy drafts had no
 * publication time; only the app's Firestore copy records it). Such a melody counts as published
 * when its draft says {@code status = published} or, if bellsys never published or unpublished it,
 * when the app has a copy ({@link AppMelodyDocuments}, read before the transaction so no Firestore
 * call holds a row lock): unpublish and delete then work and remove the app's copy. {@link #adoptPublished} writes the publication state and time from
 * Firestore into the drafts once, so lists show them published.
 */
@ApplicationScoped
public class MelodyService {

    public static final String COLLECTION = "melodies";

    private final Pool pool;
    private final MelodyRepository repository;
    private final TableReader reader;
    private final RecordWriter writer;
    private final AppMelodyDocuments app;

    public MelodyService(
            Pool pool, MelodyRepository repository, TableReader reader, RecordWriter writer, AppMelodyDocuments app) {
        this.pool = pool;
        this.repository = repository;
        this.reader = reader;
        this.writer = writer;
        this.app = app;
    }

    public Uni<OffsetPage<Map<String, Object>>> list(String status, PageRequest page) {
        return repository.drafts(status, page);
    }

    public Uni<Map<String, Object>> get(String id) {
        return reader.get(MelodyRepository.DRAFTS, id);
    }

    public Uni<Map<String, Object>> create(DraftInput in, Who who) {
        if (in.name() == null) {
            throw ProblemException.invalidField("name", "must not be blank");
        }
        Map<String, Object> v = columns(in);
        v.put("id", Ids.newId());
        v.put("created_by", who.actor().id());
        return pool.withTransaction(tx -> writer.insert(tx, MelodyRepository.DRAFTS, v, who));
    }

    public Uni<Map<String, Object>> update(String id, DraftInput in, String ifMatch, Who who) {
        return pool.withTransaction(
                tx -> writer.update(tx, MelodyRepository.DRAFTS, id, ifMatch, who, before -> columns(in)));
    }

    /** Deletes the draft; a published one (published before the migration included) also leaves the app. */
    public Uni<Void> delete(String id, String ifMatch, Who who) {
        return appCopyUnlessKnown(id, true)
                .flatMap(appCopy -> pool.withTransaction(tx -> writer.delete(
                        tx,
                        MelodyRepository.DRAFTS,
                        id,
                        row -> true,
                        ifMatch,
                        who,
                        before -> knownPublished(before) || appCopy.isPresent() ? appDoc(id) : null)))
                .replaceWithVoid();
    }

    /** Publishes the current draft to the app (again, if it was already published). If-Match optional. */
    public Uni<Map<String, Object>> publish(String id, String ifMatch, Who who) {
        return pool.withTransaction(tx -> lock(tx, id, ifMatch).flatMap(before -> {
            Map<String, Object> changes = new LinkedHashMap<>();
            changes.put("status", "published");
            changes.put("published_at", OffsetDateTime.now(ZoneOffset.UTC));
            changes.put("published_by", who.actor().name());
            return writer.publish(
                    tx, MelodyRepository.DRAFTS, id, changes, who, appDoc(id), MelodyService::appDocument);
        }));
    }

    /**
     * Takes the melody out of the app; 409 when it is not published (neither here nor in the app).
     * If-Match optional.
     */
    public Uni<Map<String, Object>> unpublish(String id, String ifMatch, Who who) {
        return appCopyUnlessKnown(id, false)
                .flatMap(appCopy ->
                        pool.withTransaction(tx -> lock(tx, id, ifMatch).flatMap(before -> {
                            if (!knownPublished(before) && appCopy.isEmpty()) {
                                throw ProblemException.conflict("melody " + id + " is not published");
                            }
                            Map<String, Object> changes = new LinkedHashMap<>();
                            changes.put("status", "draft");
                            changes.put("published_at", null);
                            changes.put("published_by", null);
                            return writer.unpublish(tx, MelodyRepository.DRAFTS, id, changes, who, appDoc(id));
                        })));
    }

    /**
     * Marks every draft the app has a copy of but whose {@code published_at} is empty and which bellsys
     * never published or unpublished (published before the migration) as published, with the time (and publisher) from its Firestore document: one
     * UPDATE audit row each. Idempotent. Returns the ids adopted.
     */
    public Uni<List<String>> adoptPublished(Who who) {
        return app.all().flatMap(published -> Multi.createFrom()
                .iterable(published.entrySet())
                .onItem()
                .transformToUniAndConcatenate(e -> adopt(e.getKey(), e.getValue(), who))
                .collect()
                .asList()
                .map(ids -> {
                    List<String> adopted = new ArrayList<>();
                    ids.forEach(id -> id.ifPresent(adopted::add));
                    return adopted;
                }));
    }

    private Uni<Optional<String>> adopt(String id, AppPublication publication, Who who) {
        return pool.withTransaction(
                tx -> reader.find(tx, MelodyRepository.DRAFTS, id, true).flatMap(before -> {
                    if (before == null || before.get("published_at") != null) {
                        return Uni.createFrom().item(Optional.<String>empty());
                    }
                    // a melody bellsys unpublished whose outbox delete has not reached Firestore yet
                    // still has a copy there: its state is ours, not the copy's
                    return repository.publicationHandledHere(tx, id).flatMap(ours -> {
                        if (ours) {
                            return Uni.createFrom().item(Optional.<String>empty());
                        }
                        Map<String, Object> changes = new LinkedHashMap<>();
                        changes.put("status", "published");
                        changes.put("published_at", publication.publishedAt());
                        changes.put("published_by", publication.publishedBy());
                        return writer.apply(tx, MelodyRepository.DRAFTS, before, changes, who)
                                .map(after -> Optional.of(id));
                    });
                }));
    }

    /** Published as this database knows it: a publication time, or a legacy draft marked published. */
    private static boolean knownPublished(Map<String, Object> row) {
        return row.get("published_at") != null || "published".equals(row.get("status"));
    }

    /**
     * The app's copy of a draft whose publication this database does not know; empty for an unknown
     * id (the transaction answers 404), when the draft is known published, or when bellsys has
     * published or unpublished it before (then its state is ours, and a copy still in Firestore is
     * only an outbox delete not yet sent). When Firestore cannot be read (a Firestore outage never
     * fails a Console request): for a delete, the app's copy is deleted anyway, since deleting a
     * missing document changes nothing; for an unpublish, it counts as not published (409 saying
     * why), to be tried again or recognised by {@link #adoptPublished}.
     */
    private Uni<Optional<AppPublication>> appCopyUnlessKnown(String id, boolean forDelete) {
        return reader.find(pool, MelodyRepository.DRAFTS, id, false)
                .flatMap(row -> row == null || knownPublished(row)
                        ? Uni.createFrom().item(Boolean.TRUE)
                        : repository.publicationHandledHere(pool, id))
                .flatMap(known ->
                        known ? Uni.createFrom().item(Optional.<AppPublication>empty()) : appCopy(id, forDelete));
    }

    private Uni<Optional<AppPublication>> appCopy(String id, boolean forDelete) {
        return app.publication(id).onFailure().recoverWithItem(e -> {
            Log.warnf("melody %s: the app's copy could not be read: %s", id, e.getMessage());
            if (forDelete) {
                return Optional.of(new AppPublication(null, null));
            }
            throw ProblemException.conflict("melody " + id + " is not published here, and whether the app has it"
                    + " could not be read now (Firestore unreachable); try again later");
        });
    }

    private Uni<Map<String, Object>> lock(SqlClient tx, String id, String ifMatch) {
        return reader.lock(tx, MelodyRepository.DRAFTS, id).map(before -> {
            if (ifMatch != null && !ifMatch.isBlank()) {
                Versions.check(ifMatch, before);
            }
            return before;
        });
    }

    /**
     * What the app reads: the melody's data plus its name, pid and publication time (shape of the
     * legacy documents: test fixture {@code firestore/legacy-published-melody.json}).
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> appDocument(Map<String, Object> row) {
        Map<String, Object> doc = new LinkedHashMap<>();
        if (row.get("data") instanceof Map<?, ?> data) {
            doc.putAll((Map<String, Object>) data);
        }
        doc.put("id", row.get("id"));
        doc.put("name", row.get("name"));
        doc.put("pid", row.get("pid"));
        // a Firestore Timestamp, as the app has always read it (the outbox payload is JSON: tagged)
        doc.put("published_at", FirestoreValues.timestampTag(time(row.get("published_at"))));
        return doc;
    }

    private static OffsetDateTime time(Object value) {
        if (value instanceof OffsetDateTime t) {
            return t;
        }
        return value == null ? null : OffsetDateTime.parse(value.toString());
    }

    static MirrorDoc appDoc(String id) {
        return new MirrorDoc(COLLECTION, COLLECTION, id);
    }

    private static Map<String, Object> columns(DraftInput in) {
        Map<String, Object> c = new LinkedHashMap<>();
        putIfPresent(c, "name", in.name());
        putIfPresent(c, "pid", in.pid());
        putIfPresent(c, "data", in.data());
        return c;
    }
}
