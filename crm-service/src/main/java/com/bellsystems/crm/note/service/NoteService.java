package com.bellsystems.crm.note.service;

import static com.bellsystems.crm.support.Columns.putIfPresent;

import com.bellsystems.common.paging.OffsetPage;
import com.bellsystems.common.problem.ProblemException;
import com.bellsystems.crm.change.RecordWriter;
import com.bellsystems.crm.note.EntryInput;
import com.bellsystems.crm.note.repository.NoteRepository;
import com.bellsystems.crm.support.Ids;
import com.bellsystems.crm.support.PageRequest;
import com.bellsystems.crm.support.TableReader;
import com.bellsystems.crm.support.Who;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Notes and issues rules: a title on create, resolving or closing an issue stamps resolved_at
 * (reopening clears it), and the links are replaced with the entry in one transaction.
 */
@ApplicationScoped
public class NoteService {

    private final Pool pool;
    private final NoteRepository repository;
    private final TableReader reader;
    private final RecordWriter writer;

    public NoteService(Pool pool, NoteRepository repository, TableReader reader, RecordWriter writer) {
        this.pool = pool;
        this.repository = repository;
        this.reader = reader;
        this.writer = writer;
    }

    public Uni<OffsetPage<Map<String, Object>>> list(
            String type, String status, String linkedType, String linkedId, PageRequest page) {
        return repository.list(type, status, linkedType, linkedId, page);
    }

    public Uni<Map<String, Object>> get(String id) {
        return reader.get(NoteRepository.TABLE, id).flatMap(e -> repository.withLinks(pool, e));
    }

    public Uni<Map<String, Object>> create(EntryInput in, Who who) {
        if (in.title() == null) {
            throw ProblemException.invalidField("title", "must not be blank");
        }
        Map<String, Object> v = columns(in);
        String id = Ids.newId();
        v.put("id", id);
        v.put("created_by", who.actor().id());
        return pool.withTransaction(tx -> writer.insert(tx, NoteRepository.TABLE, v, who)
                .call(e ->
                        in.links() == null ? Uni.createFrom().voidItem() : repository.replaceLinks(tx, id, in.links()))
                .flatMap(e -> repository.withLinks(tx, e)));
    }

    public Uni<Map<String, Object>> update(String id, EntryInput in, String ifMatch, Who who) {
        return pool.withTransaction(tx -> writer.update(tx, NoteRepository.TABLE, id, ifMatch, who, before -> {
                    Map<String, Object> c = columns(in);
                    if (in.status() != null && !in.status().equals(before.get("status"))) {
                        boolean done =
                                in.status().equals("resolved") || in.status().equals("closed");
                        c.put("resolved_at", done ? OffsetDateTime.now(ZoneOffset.UTC) : null);
                    }
                    return c;
                })
                .call(e ->
                        in.links() == null ? Uni.createFrom().voidItem() : repository.replaceLinks(tx, id, in.links()))
                .flatMap(e -> repository.withLinks(tx, e)));
    }

    public Uni<Void> delete(String id, String ifMatch, Who who) {
        return pool.withTransaction(tx -> writer.delete(tx, NoteRepository.TABLE, id, ifMatch, who))
                .replaceWithVoid();
    }

    private static Map<String, Object> columns(EntryInput in) {
        Map<String, Object> c = new LinkedHashMap<>();
        putIfPresent(c, "entry_type", in.entryType());
        putIfPresent(c, "title", in.title());
        putIfPresent(c, "body", in.body());
        putIfPresent(c, "status", in.status());
        putIfPresent(c, "priority", in.priority());
        putIfPresent(c, "tags", in.tags());
        putIfPresent(c, "assigned_to", in.assignedTo());
        return c;
    }
}
