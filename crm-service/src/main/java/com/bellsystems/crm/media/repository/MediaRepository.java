package com.bellsystems.crm.media.repository;

import com.bellsystems.common.paging.OffsetPage;
import com.bellsystems.crm.support.Filters;
import com.bellsystems.crm.support.PageRequest;
import com.bellsystems.crm.support.Table;
import com.bellsystems.crm.support.TableReader;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/** The media references' SQL (unversioned rows: registered, then only deleted), newest first. */
@ApplicationScoped
public class MediaRepository {

    public static final Table TABLE =
            Table.of("crm_media", "media", "filename").json("tags").unversioned();

    private final TableReader reader;

    public MediaRepository(TableReader reader) {
        this.reader = reader;
    }

    public Uni<OffsetPage<Map<String, Object>>> list(String customerId, String orderId, PageRequest page) {
        Filters f = new Filters().eq("customer_id", customerId).eq("order_id", orderId);
        return reader.list(TABLE, f.sql(), f.params, "created_at DESC, id", page);
    }
}
