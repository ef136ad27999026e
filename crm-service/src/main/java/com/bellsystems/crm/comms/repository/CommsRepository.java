package com.bellsystems.crm.comms.repository;

import com.bellsystems.common.paging.OffsetPage;
import com.bellsystems.crm.support.Filters;
import com.bellsystems.crm.support.PageRequest;
import com.bellsystems.crm.support.Table;
import com.bellsystems.crm.support.TableReader;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/** The communications log's SQL: history rows (unversioned), listed newest first. */
@ApplicationScoped
public class CommsRepository {

    public static final Table TABLE = Table.of("crm_comms_log", "comms", "subject")
            .json("to_addresses", "attachments")
            .unversioned();

    private final TableReader reader;

    public CommsRepository(TableReader reader) {
        this.reader = reader;
    }

    public Uni<OffsetPage<Map<String, Object>>> list(String customerId, String channel, PageRequest page) {
        Filters f = new Filters().eq("customer_id", customerId).eq("channel", channel);
        return reader.list(TABLE, f.sql(), f.params, "occurred_at DESC, id", page);
    }
}
