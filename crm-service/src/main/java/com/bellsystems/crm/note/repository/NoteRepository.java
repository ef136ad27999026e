package com.bellsystems.crm.note.repository;

import com.bellsystems.common.paging.OffsetPage;
import com.bellsystems.crm.note.EntryInput;
import com.bellsystems.crm.support.Filters;
import com.bellsystems.crm.support.PageRequest;
import com.bellsystems.crm.support.Rows;
import com.bellsystems.crm.support.Table;
import com.bellsystems.crm.support.TableReader;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The SQL of notes and issues (table {@code entries}) and their links ({@code entry_links}). */
@ApplicationScoped
public class NoteRepository {

    public static final Table TABLE =
            Table.of("entries", "entry", "title").arrays("tags").status("status");

    private static final String LINKED_TO =
            """
            id IN (SELECT entry_id FROM entry_links WHERE linked_type = $%d AND linked_id = $%d)""";

    private static final String DELETE_LINKS = """
            DELETE FROM entry_links WHERE entry_id = $1""";

    private static final String INSERT_LINK =
            """
            INSERT INTO entry_links (entry_id, linked_type, linked_id) VALUES ($1, $2, $3)""";

    private static final String LINKS =
            """
            SELECT linked_type, linked_id, created_at FROM entry_links WHERE entry_id = $1 ORDER BY id""";

    private final TableReader reader;

    public NoteRepository(TableReader reader) {
        this.reader = reader;
    }

    public Uni<OffsetPage<Map<String, Object>>> list(
            String type, String status, String linkedType, String linkedId, PageRequest page) {
        Filters f = new Filters().eq("entry_type", type).eq("status", status);
        if (linkedType != null && linkedId != null) {
            f.params.add(linkedType);
            f.params.add(linkedId);
            f.where.add(LINKED_TO.formatted(f.params.size() - 1, f.params.size()));
        }
        return reader.list(TABLE, f.sql(), f.params, "updated_at DESC, id", page);
    }

    /** Replaces the entry's links with {@code links} (duplicates once). */
    public Uni<Void> replaceLinks(SqlClient tx, String id, List<EntryInput.Link> links) {
        List<Tuple> rows = links.stream()
                .distinct()
                .map(l -> Tuple.of(id, l.linkedType(), l.linkedId()))
                .toList();
        Uni<?> cleared = tx.preparedQuery(DELETE_LINKS).execute(Tuple.of(id));
        return rows.isEmpty()
                ? cleared.replaceWithVoid()
                : cleared.chain(ignored -> tx.preparedQuery(INSERT_LINK).executeBatch(rows))
                        .replaceWithVoid();
    }

    /** The entry with its {@code links}, read through {@code client}. */
    public Uni<Map<String, Object>> withLinks(SqlClient client, Map<String, Object> entry) {
        return client.preparedQuery(LINKS)
                .execute(Tuple.of(String.valueOf(entry.get("id"))))
                .map(rows -> {
                    Map<String, Object> out = new LinkedHashMap<>(entry);
                    out.put("links", Rows.all(rows));
                    return out;
                });
    }
}
