package com.bellsystems.crm.order;

import com.bellsystems.common.problem.ProblemException;
import com.bellsystems.crm.customer.CustomerService;
import com.bellsystems.crm.outbox.MirrorDoc;
import com.bellsystems.crm.support.CrudStore;
import com.bellsystems.crm.support.Ids;
import com.bellsystems.crm.support.Page;
import com.bellsystems.crm.support.PageRequest;
import com.bellsystems.crm.support.Table;
import com.bellsystems.crm.support.Who;
import io.smallrye.mutiny.Uni;
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
 * the timeline with who and when (and audited as STATUS_CHANGE besides UPDATE), and the mirror
 * at {@code crm_customers/{customer}/orders/{order}}.
 */
@ApplicationScoped
public class OrderService {

    public static final Table TABLE = Table.of("crm_orders", "order", "order_number")
            .json("items", "discount", "shipping", "payment_status", "timeline")
            .status("status")
            .mirroredTo(row -> new MirrorDoc(
                    "orders",
                    CustomerService.COLLECTION + "/" + row.get("customer_id") + "/orders",
                    String.valueOf(row.get("id"))));

    private final CrudStore store;

    public OrderService(CrudStore store) {
        this.store = store;
    }

    public Uni<Page> listForCustomer(String customerId, String status, PageRequest page) {
        List<Object> params = new ArrayList<>(List.of(customerId));
        String where = "customer_id = $1";
        if (status != null && !status.isBlank()) {
            params.add(status);
            where += " AND status = $2";
        }
        return store.list(TABLE, where, params, "created_at DESC, id", page);
    }

    public Uni<Page> list(String status, PageRequest page) {
        if (status == null || status.isBlank()) {
            return store.list(TABLE, null, List.of(), "created_at DESC, id", page);
        }
        return store.list(TABLE, "status = $1", List.of(status), "created_at DESC, id", page);
    }

    public Uni<Map<String, Object>> get(String customerId, String id) {
        return store.get(TABLE, id).map(row -> belongs(customerId, id, row));
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
        put(values, "title", in.title());
        values.put("created_by", who.actor().id());
        values.put("status", status);
        values.put("status_updated_date", now);
        values.put("status_updated_by", who.actor().name());
        values.put("items", totals.items());
        values.put("subtotal", totals.subtotal());
        values.put("discount", totals.discount());
        values.put("total_price", totals.total());
        put(values, "currency", in.currency());
        put(values, "shipping", in.shipping());
        put(values, "payment_status", in.paymentStatus());
        put(values, "invoice_path", in.invoicePath());
        put(values, "notes", in.notes());
        values.put("timeline", List.of(timelineEntry(status, who, now)));
        values.put("created_at", now);
        values.put("updated_at", now);
        // one statement: the order, its CREATE audit row and its outbox row, only if the customer exists
        return store.createUnder(CustomerService.TABLE.name(), customerId, TABLE, values, who)
                .map(row -> {
                    if (row == null) {
                        throw ProblemException.notFound("customer", customerId);
                    }
                    return row;
                });
    }

    public Uni<Map<String, Object>> update(String customerId, String id, OrderInput in, String ifMatch, Who who) {
        return store.update(TABLE, id, row -> customerId.equals(row.get("customer_id")), ifMatch, who, before -> {
            Map<String, Object> changes = new LinkedHashMap<>();
            put(changes, "order_number", in.orderNumber());
            put(changes, "title", in.title());
            put(changes, "currency", in.currency());
            put(changes, "shipping", in.shipping());
            put(changes, "payment_status", in.paymentStatus());
            put(changes, "invoice_path", in.invoicePath());
            put(changes, "notes", in.notes());
            if (in.items() != null || in.discount() != null) {
                OrderMoney.Totals totals = OrderMoney.compute(
                        in.items() != null ? in.items() : OrderMoney.items(before.get("items")),
                        in.discount() != null ? in.discount() : OrderMoney.discount(before.get("discount")));
                changes.put("items", totals.items());
                changes.put("subtotal", totals.subtotal());
                changes.put("discount", totals.discount());
                changes.put("total_price", totals.total());
            }
            if (in.status() != null && !in.status().equals(before.get("status"))) {
                OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                List<Object> timeline = new ArrayList<>();
                if (before.get("timeline") instanceof List<?> old) {
                    timeline.addAll(old);
                }
                timeline.add(timelineEntry(in.status(), who, now));
                changes.put("status", in.status());
                changes.put("status_updated_date", now);
                changes.put("status_updated_by", who.actor().name());
                changes.put("timeline", timeline);
            }
            return changes;
        });
    }

    public Uni<Void> delete(String customerId, String id, String ifMatch, Who who) {
        return store.pool()
                .withTransaction(tx -> store.find(tx, TABLE, id, false).flatMap(row -> {
                    belongs(customerId, id, row);
                    return store.delete(tx, TABLE, id, ifMatch, who);
                }))
                .replaceWithVoid();
    }

    private static Map<String, Object> belongs(String customerId, String id, Map<String, Object> row) {
        if (row == null || !customerId.equals(row.get("customer_id"))) {
            throw ProblemException.notFound("order", id);
        }
        return row;
    }

    private static Map<String, Object> timelineEntry(String status, Who who, OffsetDateTime at) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("status", status);
        entry.put("by", who.actor().name());
        entry.put("by_id", who.actor().id());
        entry.put("at", at.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        return entry;
    }

    private static void put(Map<String, Object> columns, String column, Object value) {
        if (value != null) {
            columns.put(column, value);
        }
    }
}
