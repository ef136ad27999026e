package com.bellsystems.crm.ticket.repository;

import com.bellsystems.common.paging.OffsetPage;
import com.bellsystems.crm.support.Filters;
import com.bellsystems.crm.support.PageRequest;
import com.bellsystems.crm.support.Rows;
import com.bellsystems.crm.support.Table;
import com.bellsystems.crm.support.TableReader;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/** The SQL of support tickets ({@code support_tickets}) and their message threads ({@code ticket_messages}). */
@ApplicationScoped
public class TicketRepository {

    public static final Table TABLE =
            Table.of("support_tickets", "ticket", "subject").status("status");

    /** Messages are appended, never edited: no version; audited under their ticket's subject. */
    public static final Table MESSAGES = Table.of("ticket_messages", "ticket_message", null)
            .json("attachments")
            .unversioned();

    private static final String MESSAGES_PAGE =
            "SELECT * FROM ticket_messages WHERE ticket_id = $1 ORDER BY created_at, id" + TableReader.pageBounds(2);

    /** A new message bumps the ticket's version (and its place in the list), as any change does. */
    private static final String TOUCH =
            """
            UPDATE support_tickets SET updated_at = greatest(clock_timestamp(), updated_at + interval '1 microsecond')
            WHERE id = $1""";

    private final TableReader reader;

    public TicketRepository(TableReader reader) {
        this.reader = reader;
    }

    public Uni<OffsetPage<Map<String, Object>>> list(
            String status, String customerId, String assignedTo, PageRequest page) {
        Filters f =
                new Filters().eq("status", status).eq("customer_id", customerId).eq("assigned_to", assignedTo);
        return reader.list(TABLE, f.sql(), f.params, "updated_at DESC, id", page);
    }

    /** One page of a ticket's thread, oldest first. */
    public Uni<OffsetPage<Map<String, Object>>> messages(SqlClient client, String ticketId, PageRequest page) {
        return client.preparedQuery(MESSAGES_PAGE)
                .execute(Tuple.of(ticketId, page.size + 1, page.offset()))
                .map(rows -> {
                    List<Map<String, Object>> items = Rows.all(rows);
                    boolean more = items.size() > page.size;
                    return OffsetPage.open(more ? items.subList(0, page.size) : items, page.page, page.size, more);
                });
    }

    public Uni<Void> touch(SqlClient tx, String ticketId) {
        return tx.preparedQuery(TOUCH).execute(Tuple.of(ticketId)).replaceWithVoid();
    }
}
