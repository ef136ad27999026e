package com.bellsystems.crm.order.service;

import static com.bellsystems.crm.support.Columns.putIfPresent;

import com.bellsystems.common.paging.OffsetPage;
import com.bellsystems.common.problem.ProblemException;
import com.bellsystems.crm.change.RecordWriter;
import com.bellsystems.crm.customer.repository.CustomerRepository;
import com.bellsystems.crm.order.OrderInput;
import com.bellsystems.crm.order.repository.OrderRepository;
import com.bellsystems.crm.support.Ids;
import com.bellsystems.crm.support.PageRequest;
import com.bellsystems.crm.support.TableReader;
import com.bellsystems.crm.support.Who;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Order rules: amounts computed on the server ({@link OrderMoney}), a status change appended to
 * the timeline with who and when (and audited as STATUS_CHANGE besides UPDATE), orders only under
 * their own customer.
 */
@ApplicationScoped
public class OrderService {

    /** One entry of an order's {@code timeline}: the status it moved to, by whom and when. */
    record TimelineEntry(String status, String by, String byId, OffsetDateTime at) {

        /** As stored in the order's {@code timeline} JSONB. */
        Map<String, Object> stored() {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("status", status);
            entry.put("by", by);
            entry.put("by_id", byId);
            entry.put("at", at.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
            return entry;
        }

        static TimelineEntry of(String status, Who who, OffsetDateTime at) {
            return new TimelineEntry(status, who.actor().name(), who.actor().id(), at);
        }
    }

    private final Pool pool;
    private final OrderRepository repository;
    private final TableReader reader;
    private final RecordWriter writer;

    public OrderService(Pool pool, OrderRepository repository, TableReader reader, RecordWriter writer) {
        this.pool = pool;
        this.repository = repository;
        this.reader = reader;
        this.writer = writer;
    }

    public Uni<OffsetPage<Map<String, Object>>> listForCustomer(String customerId, String status, PageRequest page) {
        return repository.listForCustomer(customerId, status, page);
    }

    public Uni<OffsetPage<Map<String, Object>>> list(String status, PageRequest page) {
        return repository.list(status, page);
    }

    public Uni<Map<String, Object>> get(String customerId, String id) {
        return reader.get(OrderRepository.TABLE, id).map(row -> belongs(customerId, id, row));
    }

    public Uni<Map<String, Object>> create(String customerId, OrderInput in, Who who) {
        OrderMoney.Totals totals = OrderMoney.compute(in.items() == null ? List.of() : in.items(), in.discount());
        String id = Ids.newId();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        String status = in.status() != null ? in.status() : "negotiating";
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("id", id);
        values.put("customer_id", customerId);
        values.put(
                "order_number",
                in.orderNumber() != null
                        ? in.orderNumber()
                        : "ORD-" + now.format(DateTimeFormatter.BASIC_ISO_DATE) + "-"
                                + id.substring(0, 6).toUpperCase());
        putIfPresent(values, "title", in.title());
        values.put("created_by", who.actor().id());
        values.put("status", status);
        values.put("status_updated_date", now);
        values.put("status_updated_by", who.actor().name());
        values.put("items", totals.storedItems());
        values.put("subtotal", totals.subtotal());
        values.put("discount", totals.storedDiscount());
        values.put("total_price", totals.total());
        putIfPresent(values, "currency", in.currency());
        putIfPresent(values, "shipping", in.shipping());
        putIfPresent(values, "payment_status", in.paymentStatus());
        putIfPresent(values, "invoice_path", in.invoicePath());
        putIfPresent(values, "notes", in.notes());
        values.put("timeline", List.of(TimelineEntry.of(status, who, now).stored()));
        values.put("created_at", now);
        values.put("updated_at", now);
        // one statement, so no transaction around it: the order, its CREATE audit row and its outbox
        // row, only if the customer exists
        return writer.insertUnder(pool, CustomerRepository.TABLE.name(), customerId, OrderRepository.TABLE, values, who)
                .map(row -> {
                    if (row == null) {
                        throw ProblemException.notFound("customer", customerId);
                    }
                    return row;
                });
    }

    public Uni<Map<String, Object>> update(String customerId, String id, OrderInput in, String ifMatch, Who who) {
        return pool.withTransaction(tx -> writer.update(
                tx,
                OrderRepository.TABLE,
                id,
                row -> customerId.equals(row.get("customer_id")),
                ifMatch,
                who,
                before -> {
                    Map<String, Object> changes = new LinkedHashMap<>();
                    putIfPresent(changes, "order_number", in.orderNumber());
                    putIfPresent(changes, "title", in.title());
                    putIfPresent(changes, "currency", in.currency());
                    putIfPresent(changes, "shipping", in.shipping());
                    putIfPresent(changes, "payment_status", in.paymentStatus());
                    putIfPresent(changes, "invoice_path", in.invoicePath());
                    putIfPresent(changes, "notes", in.notes());
                    if (in.items() != null || in.discount() != null) {
                        OrderMoney.Totals totals = OrderMoney.compute(
                                in.items() != null ? in.items() : OrderMoney.items(before.get("items")),
                                in.discount() != null ? in.discount() : OrderMoney.discount(before.get("discount")));
                        changes.put("items", totals.storedItems());
                        changes.put("subtotal", totals.subtotal());
                        changes.put("discount", totals.storedDiscount());
                        changes.put("total_price", totals.total());
                    }
                    if (in.status() != null && !in.status().equals(before.get("status"))) {
                        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                        List<Object> timeline = new ArrayList<>();
                        if (before.get("timeline") instanceof List<?> old) {
                            timeline.addAll(old);
                        }
                        timeline.add(TimelineEntry.of(in.status(), who, now).stored());
                        changes.put("status", in.status());
                        changes.put("status_updated_date", now);
                        changes.put("status_updated_by", who.actor().name());
                        changes.put("timeline", timeline);
                    }
                    return changes;
                }));
    }

    public Uni<Void> delete(String customerId, String id, String ifMatch, Who who) {
        return pool.withTransaction(tx -> writer.delete(
                        tx,
                        OrderRepository.TABLE,
                        id,
                        row -> customerId.equals(row.get("customer_id")),
                        ifMatch,
                        who,
                        null))
                .replaceWithVoid();
    }

    private static Map<String, Object> belongs(String customerId, String id, Map<String, Object> row) {
        if (row == null || !customerId.equals(row.get("customer_id"))) {
            throw ProblemException.notFound("order", id);
        }
        return row;
    }
}
