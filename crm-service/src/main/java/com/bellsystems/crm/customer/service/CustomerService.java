package com.bellsystems.crm.customer.service;

import static com.bellsystems.crm.support.Columns.putIfPresent;

import com.bellsystems.common.paging.OffsetPage;
import com.bellsystems.common.problem.ProblemException;
import com.bellsystems.crm.change.RecordWriter;
import com.bellsystems.crm.customer.CustomerInput;
import com.bellsystems.crm.customer.repository.CustomerRepository;
import com.bellsystems.crm.order.repository.OrderRepository;
import com.bellsystems.crm.support.Ids;
import com.bellsystems.crm.support.Json;
import com.bellsystems.crm.support.PageRequest;
import com.bellsystems.crm.support.TableReader;
import com.bellsystems.crm.support.Who;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Customer rules: defaults on create, JSONB fields from validated shapes, the partial-update rule,
 * and deleting a customer with its orders (each audited, each leaving the Firestore mirror).
 */
@ApplicationScoped
public class CustomerService {

    private final Pool pool;
    private final CustomerRepository repository;
    private final OrderRepository orders;
    private final TableReader reader;
    private final RecordWriter writer;
    private final Json json;

    public CustomerService(
            Pool pool,
            CustomerRepository repository,
            OrderRepository orders,
            TableReader reader,
            RecordWriter writer,
            Json json) {
        this.pool = pool;
        this.repository = repository;
        this.orders = orders;
        this.reader = reader;
        this.writer = writer;
        this.json = json;
    }

    public Uni<OffsetPage<Map<String, Object>>> list(String status, String tag, String search, PageRequest page) {
        return repository.list(status, tag, search, page);
    }

    public Uni<Map<String, Object>> get(String id) {
        return reader.get(CustomerRepository.TABLE, id);
    }

    public Uni<Map<String, Object>> create(CustomerInput in, Who who) {
        if (in.name() == null || in.name().isBlank()) {
            throw ProblemException.invalidField("name", "must not be blank");
        }
        String id = Ids.newId();
        Map<String, Object> values = columns(in);
        values.put("id", id);
        values.putIfAbsent("folder_id", id);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        values.put("created_at", now);
        values.put("updated_at", now);
        return pool.withTransaction(tx -> writer.insert(tx, CustomerRepository.TABLE, values, who));
    }

    public Uni<Map<String, Object>> update(String id, CustomerInput in, String ifMatch, Who who) {
        Map<String, Object> changes = columns(in);
        return pool.withTransaction(
                tx -> writer.update(tx, CustomerRepository.TABLE, id, ifMatch, who, before -> changes));
    }

    /** Deletes the customer; its orders cascade, and each gets its DELETE audit row and leaves the mirror. */
    public Uni<Void> delete(String id, String ifMatch, Who who) {
        return pool.withTransaction(tx -> orders.keysOfCustomer(tx, id)
                        .flatMap(removed -> writer.delete(tx, CustomerRepository.TABLE, id, ifMatch, who)
                                .chain(ignored -> writer.cascaded(
                                        tx, OrderRepository.TABLE, removed, who.with("cascade_from_customer", id)))))
                .replaceWithVoid();
    }

    /** The non-null fields of the input as column values (the partial-update rule). */
    private Map<String, Object> columns(CustomerInput in) {
        Map<String, Object> c = new LinkedHashMap<>();
        putIfPresent(c, "title", in.title());
        putIfPresent(c, "name", in.name());
        putIfPresent(c, "surname", in.surname());
        putIfPresent(c, "organization", in.organization());
        putIfPresent(c, "religion", in.religion());
        putIfPresent(c, "language", in.language());
        putIfPresent(c, "folder_id", in.folderId());
        putIfPresent(c, "relationship_status", in.relationshipStatus());
        putIfPresent(c, "nextcloud_folder", in.nextcloudFolder());
        putIfPresent(c, "contacts", json.list(in.contacts()));
        putIfPresent(c, "notes", json.list(in.notes()));
        putIfPresent(c, "location", json.map(in.location()));
        putIfPresent(c, "tags", in.tags());
        putIfPresent(c, "owned_items", json.list(in.ownedItems()));
        putIfPresent(c, "linked_user_ids", in.linkedUserIds());
        putIfPresent(c, "technical_issues", json.list(in.technicalIssues()));
        putIfPresent(c, "install_support", json.list(in.installSupport()));
        putIfPresent(c, "transaction_history", json.list(in.transactionHistory()));
        putIfPresent(c, "crm_summary", in.crmSummary());
        return c;
    }
}
