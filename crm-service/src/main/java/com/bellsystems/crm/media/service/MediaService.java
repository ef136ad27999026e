package com.bellsystems.crm.media.service;

import com.bellsystems.common.paging.OffsetPage;
import com.bellsystems.crm.change.RecordWriter;
import com.bellsystems.crm.media.MediaInput;
import com.bellsystems.crm.media.repository.MediaRepository;
import com.bellsystems.crm.support.Ids;
import com.bellsystems.crm.support.PageRequest;
import com.bellsystems.crm.support.TableReader;
import com.bellsystems.crm.support.Who;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Media reference rules: who uploaded it, no tags as an empty list. The bytes never pass through here. */
@ApplicationScoped
public class MediaService {

    private final Pool pool;
    private final MediaRepository repository;
    private final TableReader reader;
    private final RecordWriter writer;

    public MediaService(Pool pool, MediaRepository repository, TableReader reader, RecordWriter writer) {
        this.pool = pool;
        this.repository = repository;
        this.reader = reader;
        this.writer = writer;
    }

    public Uni<OffsetPage<Map<String, Object>>> list(String customerId, String orderId, PageRequest page) {
        return repository.list(customerId, orderId, page);
    }

    public Uni<Map<String, Object>> get(String id) {
        return reader.get(MediaRepository.TABLE, id);
    }

    public Uni<Map<String, Object>> create(MediaInput in, Who who) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", Ids.newId());
        v.put("customer_id", in.customerId());
        v.put("order_id", in.orderId());
        v.put("filename", in.filename());
        v.put("nextcloud_path", in.nextcloudPath());
        v.put("mime_type", in.mimeType());
        v.put("direction", in.direction());
        v.put("tags", in.tags() == null ? List.of() : in.tags());
        v.put("uploaded_by", who.actor().id());
        return pool.withTransaction(tx -> writer.insert(tx, MediaRepository.TABLE, v, who));
    }

    public Uni<Void> delete(String id, Who who) {
        return pool.withTransaction(tx -> writer.delete(tx, MediaRepository.TABLE, id, null, who))
                .replaceWithVoid();
    }
}
