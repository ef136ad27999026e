package com.bellsystems.crm.melody.repository;

import com.bellsystems.common.paging.OffsetPage;
import com.bellsystems.crm.support.Filters;
import com.bellsystems.crm.support.PageRequest;
import com.bellsystems.crm.support.Table;
import com.bellsystems.crm.support.TableReader;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * The SQL of melody drafts ({@code melody_drafts}) and built melodies ({@code built_melodies}).
 * Drafts are not mirrored row by row: only publishing writes the app's copy.
 */
@ApplicationScoped
public class MelodyRepository {

    public static final Table DRAFTS =
            Table.of("melody_drafts", "melody", "name").json("data");

    public static final Table BUILT =
            Table.of("built_melodies", "built_melody", "name").json("steps", "assigned_melody_ids");

    private final TableReader reader;

    public MelodyRepository(TableReader reader) {
        this.reader = reader;
    }

    public Uni<OffsetPage<Map<String, Object>>> drafts(String status, PageRequest page) {
        Filters f = new Filters().eq("status", status);
        return reader.list(DRAFTS, f.sql(), f.params, "name, id", page);
    }

    /**
     * Whether bellsys has ever published or unpublished this melody (its PUBLISH/UNPUBLISH audit rows):
     * then its publication state is this database's, and the app's copy may only lag behind the
     * outbox. Otherwise it may have been published before the migration. Index: idx_audit_entity.
     */
    public Uni<Boolean> publicationHandledHere(SqlClient client, String id) {
        return client.preparedQuery(
                        """
                        SELECT EXISTS (SELECT 1 FROM audit_log
                                       WHERE entity_type = 'melody' AND entity_id = $1
                                         AND action IN ('PUBLISH', 'UNPUBLISH'))""")
                .execute(Tuple.of(id))
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    public Uni<OffsetPage<Map<String, Object>>> built(PageRequest page) {
        return reader.list(BUILT, null, java.util.List.of(), "name, id", page);
    }
}
