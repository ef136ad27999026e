package com.bellsystems.crm.melody.service;

import static com.bellsystems.crm.support.Columns.putIfPresent;

import com.bellsystems.common.paging.OffsetPage;
import com.bellsystems.common.problem.ProblemException;
import com.bellsystems.crm.change.RecordWriter;
import com.bellsystems.crm.melody.DraftInput;
import com.bellsystems.crm.melody.repository.MelodyRepository;
import com.bellsystems.crm.support.Ids;
import com.bellsystems.crm.support.MirrorDoc;
import com.bellsystems.crm.support.PageRequest;
import com.bellsystems.crm.support.TableReader;
import com.bellsystems.crm.support.Versions;
import com.bellsystems.crm.support.Who;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Melody draft rules and publishing them to the mobile app: publish writes the melody to Firestore
 * {@code melodies/{id}} through the outbox (PUBLISH audit), unpublish deletes it (UNPUBLISH audit),
 * and deleting a published draft deletes it too. Editing a published draft does not change the
 * app's copy until it is published again: the app only ever sees what someone chose to publish.
 */
@ApplicationScoped
public class MelodyService {

    public static final String COLLECTION = "melodies";

    private final Pool pool;
    private final MelodyRepository repository;
    private final TableReader reader;
    private final RecordWriter writer;

    public MelodyService(Pool pool, MelodyRepository repository, TableReader reader, RecordWriter writer) {
        this.pool = pool;
        this.repository = repository;
        this.reader = reader;
        this.writer = writer;
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

    /** Deletes the draft; a published one also leaves the app. */
    public Uni<Void> delete(String id, String ifMatch, Who who) {
        return pool.withTransaction(tx -> writer.delete(
                        tx,
                        MelodyRepository.DRAFTS,
                        id,
                        row -> true,
                        ifMatch,
                        who,
                        before -> before.get("published_at") == null ? null : appDoc(id)))
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

    /** Takes the melody out of the app; 409 when it is not published. If-Match optional. */
    public Uni<Map<String, Object>> unpublish(String id, String ifMatch, Who who) {
        return pool.withTransaction(tx -> lock(tx, id, ifMatch).flatMap(before -> {
            if (before.get("published_at") == null) {
                throw ProblemException.conflict("melody " + id + " is not published");
            }
            Map<String, Object> changes = new LinkedHashMap<>();
            changes.put("status", "draft");
            changes.put("published_at", null);
            changes.put("published_by", null);
            return writer.unpublish(tx, MelodyRepository.DRAFTS, id, changes, who, appDoc(id));
        }));
    }

    private Uni<Map<String, Object>> lock(SqlClient tx, String id, String ifMatch) {
        return reader.lock(tx, MelodyRepository.DRAFTS, id).map(before -> {
            if (ifMatch != null && !ifMatch.isBlank()) {
                Versions.check(ifMatch, before);
            }
            return before;
        });
    }

    /** What the app reads: the melody's data plus its name, pid and publication time. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> appDocument(Map<String, Object> row) {
        Map<String, Object> doc = new LinkedHashMap<>();
        if (row.get("data") instanceof Map<?, ?> data) {
            doc.putAll((Map<String, Object>) data);
        }
        doc.put("id", row.get("id"));
        doc.put("name", row.get("name"));
        doc.put("pid", row.get("pid"));
        doc.put("published_at", row.get("published_at"));
        return doc;
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
