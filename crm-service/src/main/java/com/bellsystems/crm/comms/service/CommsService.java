package com.bellsystems.crm.comms.service;

import com.bellsystems.common.paging.OffsetPage;
import com.bellsystems.crm.change.RecordWriter;
import com.bellsystems.crm.comms.CommsInput;
import com.bellsystems.crm.comms.repository.CommsRepository;
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
import java.util.List;
import java.util.Map;

/**
 * Communications log rules: defaults when logging (outbound, now, not read), and only the
 * read/important flags change afterwards (no version check for two flags; last writer wins).
 */
@ApplicationScoped
public class CommsService {

    private final Pool pool;
    private final CommsRepository repository;
    private final TableReader reader;
    private final RecordWriter writer;

    public CommsService(Pool pool, CommsRepository repository, TableReader reader, RecordWriter writer) {
        this.pool = pool;
        this.repository = repository;
        this.reader = reader;
        this.writer = writer;
    }

    public Uni<OffsetPage<Map<String, Object>>> list(String customerId, String channel, PageRequest page) {
        return repository.list(customerId, channel, page);
    }

    public Uni<Map<String, Object>> get(String id) {
        return reader.get(CommsRepository.TABLE, id);
    }

    public Uni<Map<String, Object>> create(CommsInput in, Who who) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", Ids.newId());
        v.put("customer_id", in.customerId());
        v.put("channel", in.channel());
        v.put("direction", in.direction() == null ? "outbound" : in.direction());
        v.put("subject", in.subject());
        v.put("body", in.body());
        v.put("from_address", in.fromAddress());
        v.put("to_addresses", in.toAddresses() == null ? List.of() : in.toAddresses());
        v.put("attachments", in.attachments() == null ? List.of() : in.attachments());
        v.put("ext_message_id", in.extMessageId());
        v.put("logged_by", who.actor().id());
        v.put("is_important", Boolean.TRUE.equals(in.isImportant()));
        v.put("is_read", Boolean.TRUE.equals(in.isRead()));
        v.put("occurred_at", in.occurredAt() == null ? OffsetDateTime.now(ZoneOffset.UTC) : in.occurredAt());
        return pool.withTransaction(tx -> writer.insert(tx, CommsRepository.TABLE, v, who));
    }

    public Uni<Map<String, Object>> flags(String id, CommsInput.Flags in, Who who) {
        Map<String, Object> c = new LinkedHashMap<>();
        if (in.isImportant() != null) {
            c.put("is_important", in.isImportant());
        }
        if (in.isRead() != null) {
            c.put("is_read", in.isRead());
        }
        return pool.withTransaction(tx -> writer.update(tx, CommsRepository.TABLE, id, null, who, before -> c));
    }

    public Uni<Void> delete(String id, Who who) {
        return pool.withTransaction(tx -> writer.delete(tx, CommsRepository.TABLE, id, null, who))
                .replaceWithVoid();
    }
}
