package com.bellsystems.crm.syncstate.service;

import com.bellsystems.common.paging.OffsetPage;
import com.bellsystems.crm.change.RecordWriter;
import com.bellsystems.crm.support.PageRequest;
import com.bellsystems.crm.support.TableReader;
import com.bellsystems.crm.support.Versions;
import com.bellsystems.crm.support.Who;
import com.bellsystems.crm.syncstate.repository.SyncStateRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sync bookmark rules: a put creates or replaces the value; If-Match is checked only when sent
 * (machines write these, so it is optional here, unlike the staff-edited records).
 */
@ApplicationScoped
public class SyncStateService {

    private final Pool pool;
    private final SyncStateRepository repository;
    private final TableReader reader;
    private final RecordWriter writer;

    public SyncStateService(Pool pool, SyncStateRepository repository, TableReader reader, RecordWriter writer) {
        this.pool = pool;
        this.repository = repository;
        this.reader = reader;
        this.writer = writer;
    }

    public Uni<OffsetPage<Map<String, Object>>> list(PageRequest page) {
        return repository.list(page);
    }

    public Uni<Map<String, Object>> get(String key) {
        return reader.get(SyncStateRepository.TABLE, key);
    }

    public Uni<Map<String, Object>> put(String key, Map<String, Object> value, String ifMatch, Who who) {
        return pool.withTransaction(
                tx -> reader.find(tx, SyncStateRepository.TABLE, key, true).flatMap(before -> {
                    if (before == null) {
                        Map<String, Object> v = new LinkedHashMap<>();
                        v.put("key", key);
                        v.put("value", value);
                        v.put("updated_at", OffsetDateTime.now(ZoneOffset.UTC));
                        return writer.insert(tx, SyncStateRepository.TABLE, v, who);
                    }
                    if (ifMatch != null && !ifMatch.isBlank()) {
                        Versions.check(ifMatch, before);
                    }
                    return writer.apply(tx, SyncStateRepository.TABLE, before, Map.of("value", value), who);
                }));
    }

    public Uni<Void> delete(String key, String ifMatch, Who who) {
        return pool.withTransaction(tx -> writer.delete(tx, SyncStateRepository.TABLE, key, ifMatch, who))
                .replaceWithVoid();
    }
}
