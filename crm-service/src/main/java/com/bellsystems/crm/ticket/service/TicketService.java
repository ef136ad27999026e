package com.bellsystems.crm.ticket.service;

import static com.bellsystems.crm.support.Columns.putIfPresent;

import com.bellsystems.common.paging.OffsetPage;
import com.bellsystems.common.problem.ProblemException;
import com.bellsystems.crm.change.RecordWriter;
import com.bellsystems.crm.support.Ids;
import com.bellsystems.crm.support.PageRequest;
import com.bellsystems.crm.support.TableReader;
import com.bellsystems.crm.support.Who;
import com.bellsystems.crm.ticket.TicketInput;
import com.bellsystems.crm.ticket.repository.TicketRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Support ticket rules: a subject on create, closing stamps closed_at (reopening clears it), and a
 * message is added to an existing ticket, bumping it, audited under the ticket's subject.
 */
@ApplicationScoped
public class TicketService {

    private final Pool pool;
    private final TicketRepository repository;
    private final TableReader reader;
    private final RecordWriter writer;

    public TicketService(Pool pool, TicketRepository repository, TableReader reader, RecordWriter writer) {
        this.pool = pool;
        this.repository = repository;
        this.reader = reader;
        this.writer = writer;
    }

    public Uni<OffsetPage<Map<String, Object>>> list(
            String status, String customerId, String assignedTo, PageRequest page) {
        return repository.list(status, customerId, assignedTo, page);
    }

    public Uni<Map<String, Object>> get(String id) {
        return reader.get(TicketRepository.TABLE, id);
    }

    public Uni<Map<String, Object>> create(TicketInput in, Who who) {
        if (in.subject() == null) {
            throw ProblemException.invalidField("subject", "must not be blank");
        }
        Map<String, Object> v = columns(in);
        v.put("id", Ids.newId());
        v.put("created_by", who.actor().id());
        return pool.withTransaction(tx -> writer.insert(tx, TicketRepository.TABLE, v, who));
    }

    public Uni<Map<String, Object>> update(String id, TicketInput in, String ifMatch, Who who) {
        return pool.withTransaction(tx -> writer.update(tx, TicketRepository.TABLE, id, ifMatch, who, before -> {
            Map<String, Object> c = columns(in);
            if (in.status() != null && !in.status().equals(before.get("status"))) {
                c.put("closed_at", in.status().equals("closed") ? OffsetDateTime.now(ZoneOffset.UTC) : null);
            }
            return c;
        }));
    }

    public Uni<Void> delete(String id, String ifMatch, Who who) {
        return pool.withTransaction(tx -> writer.delete(tx, TicketRepository.TABLE, id, ifMatch, who))
                .replaceWithVoid();
    }

    /** One page of the ticket's thread; 404 when the ticket does not exist. */
    public Uni<OffsetPage<Map<String, Object>>> messages(String id, PageRequest page) {
        return reader.get(TicketRepository.TABLE, id).flatMap(ticket -> repository.messages(pool, id, page));
    }

    public Uni<Map<String, Object>> addMessage(String id, TicketInput.MessageInput in, Who who) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("ticket_id", id);
        v.put("author_id", who.actor().id());
        v.put("author_name", who.actor().name());
        v.put("body", in.body());
        v.put("internal", Boolean.TRUE.equals(in.internal()));
        v.put("attachments", in.attachments() == null ? List.of() : in.attachments());
        return pool.withTransaction(tx -> reader.lock(tx, TicketRepository.TABLE, id)
                .flatMap(ticket -> writer.insert(
                        tx,
                        TicketRepository.MESSAGES,
                        v,
                        who.with("ticket_id", id),
                        String.valueOf(ticket.get("subject"))))
                .call(message -> repository.touch(tx, id)));
    }

    private static Map<String, Object> columns(TicketInput in) {
        Map<String, Object> c = new LinkedHashMap<>();
        putIfPresent(c, "subject", in.subject());
        putIfPresent(c, "status", in.status());
        putIfPresent(c, "priority", in.priority());
        putIfPresent(c, "customer_id", in.customerId());
        putIfPresent(c, "device_serial", in.deviceSerial());
        putIfPresent(c, "requester_name", in.requesterName());
        putIfPresent(c, "requester_email", in.requesterEmail());
        putIfPresent(c, "assigned_to", in.assignedTo());
        return c;
    }
}
