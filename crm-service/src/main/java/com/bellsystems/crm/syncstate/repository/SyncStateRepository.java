package com.bellsystems.crm.syncstate.repository;

import com.bellsystems.common.paging.OffsetPage;
import com.bellsystems.crm.support.PageRequest;
import com.bellsystems.crm.support.Table;
import com.bellsystems.crm.support.TableReader;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/** The sync bookmarks' SQL: keyed by {@code key}, the value a free-form JSON document. */
@ApplicationScoped
public class SyncStateRepository {

    public static final Table TABLE =
            Table.of("crm_sync_state", "sync_state", "key").key("key").json("value");

    private final TableReader reader;

    public SyncStateRepository(TableReader reader) {
        this.reader = reader;
    }

    public Uni<OffsetPage<Map<String, Object>>> list(PageRequest page) {
        return reader.list(TABLE, null, List.of(), "key", page);
    }
}
