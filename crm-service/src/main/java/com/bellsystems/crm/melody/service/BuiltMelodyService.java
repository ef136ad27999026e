package com.bellsystems.crm.melody.service;

import static com.bellsystems.crm.support.Columns.putIfPresent;

import com.bellsystems.common.paging.OffsetPage;
import com.bellsystems.common.problem.ProblemException;
import com.bellsystems.crm.change.RecordWriter;
import com.bellsystems.crm.melody.BuiltInput;
import com.bellsystems.crm.melody.repository.MelodyRepository;
import com.bellsystems.crm.support.Ids;
import com.bellsystems.crm.support.PageRequest;
import com.bellsystems.crm.support.TableReader;
import com.bellsystems.crm.support.Who;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/** Built melody rules: a name on create, and the partial-update rule (null fields stay as they are). */
@ApplicationScoped
public class BuiltMelodyService {

    private final Pool pool;
    private final MelodyRepository repository;
    private final TableReader reader;
    private final RecordWriter writer;

    public BuiltMelodyService(Pool pool, MelodyRepository repository, TableReader reader, RecordWriter writer) {
        this.pool = pool;
        this.repository = repository;
        this.reader = reader;
        this.writer = writer;
    }

    public Uni<OffsetPage<Map<String, Object>>> list(PageRequest page) {
        return repository.built(page);
    }

    public Uni<Map<String, Object>> get(String id) {
        return reader.get(MelodyRepository.BUILT, id);
    }

    public Uni<Map<String, Object>> create(BuiltInput in, Who who) {
        if (in.name() == null) {
            throw ProblemException.invalidField("name", "must not be blank");
        }
        Map<String, Object> v = columns(in);
        v.put("id", Ids.newId());
        return pool.withTransaction(tx -> writer.insert(tx, MelodyRepository.BUILT, v, who));
    }

    public Uni<Map<String, Object>> update(String id, BuiltInput in, String ifMatch, Who who) {
        return pool.withTransaction(
                tx -> writer.update(tx, MelodyRepository.BUILT, id, ifMatch, who, before -> columns(in)));
    }

    public Uni<Void> delete(String id, String ifMatch, Who who) {
        return pool.withTransaction(tx -> writer.delete(tx, MelodyRepository.BUILT, id, ifMatch, who))
                .replaceWithVoid();
    }

    private static Map<String, Object> columns(BuiltInput in) {
        Map<String, Object> c = new LinkedHashMap<>();
        putIfPresent(c, "name", in.name());
        putIfPresent(c, "pid", in.pid());
        putIfPresent(c, "steps", in.steps());
        putIfPresent(c, "binary_path", in.binaryPath());
        putIfPresent(c, "progmem_code", in.progmemCode());
        putIfPresent(c, "assigned_melody_ids", in.assignedMelodyIds());
        putIfPresent(c, "is_builtin", in.isBuiltin());
        return c;
    }
}
