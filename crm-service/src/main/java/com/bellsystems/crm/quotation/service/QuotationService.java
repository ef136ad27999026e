package com.bellsystems.crm.quotation.service;

import static com.bellsystems.crm.support.Columns.putIfPresent;

import com.bellsystems.common.paging.OffsetPage;
import com.bellsystems.common.problem.ProblemException;
import com.bellsystems.crm.change.RecordWriter;
import com.bellsystems.crm.quotation.QuotationInput;
import com.bellsystems.crm.quotation.QuotationInput.ItemInput;
import com.bellsystems.crm.quotation.repository.QuotationRepository;
import com.bellsystems.crm.quotation.repository.QuotationRepository.StoredItem;
import com.bellsystems.crm.quotation.repository.QuotationRepository.Totals;
import com.bellsystems.crm.support.Ids;
import com.bellsystems.crm.support.PageRequest;
import com.bellsystems.crm.support.TableReader;
import com.bellsystems.crm.support.Versions;
import com.bellsystems.crm.support.Who;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Quotation rules. Totals are computed here from the lines and the quotation's own costs, never
 * taken from the client: line = unit_cost x quantity x (1 - discount_percent/100); subtotal = sum
 * of lines; discount = subtotal x global_discount_percent/100; net = subtotal - discount + shipping
 * + install + extras; vat = net x vat_percent/100; total = net + vat (each rounded HALF_UP to cents).
 * A line without its own VAT rate takes the quotation's.
 */
@ApplicationScoped
public class QuotationService {

    static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final Pool pool;
    private final QuotationRepository repository;
    private final TableReader reader;
    private final RecordWriter writer;

    public QuotationService(Pool pool, QuotationRepository repository, TableReader reader, RecordWriter writer) {
        this.pool = pool;
        this.repository = repository;
        this.reader = reader;
        this.writer = writer;
    }

    public Uni<OffsetPage<Map<String, Object>>> list(String customerId, String status, PageRequest page) {
        return repository.list(customerId, status, page);
    }

    public Uni<Map<String, Object>> get(String id) {
        return reader.get(QuotationRepository.TABLE, id).flatMap(q -> repository.withItems(pool, q));
    }

    public Uni<Map<String, Object>> create(QuotationInput in, Who who) {
        if (in.quotationNumber() == null) {
            throw ProblemException.invalidField("quotation_number", "must not be blank");
        }
        Map<String, Object> values = columns(in);
        String id = Ids.newId();
        values.put("id", id);
        values.put("created_by", who.actor().id());
        List<ItemInput> items = in.items() == null ? List.of() : in.items();
        return pool.withTransaction(tx -> writer.insert(tx, QuotationRepository.TABLE, values, who)
                .call(q -> repository.replaceItems(tx, id, stored(items, q)))
                .flatMap(q -> recompute(tx, q, items)));
    }

    public Uni<Map<String, Object>> update(String id, QuotationInput in, String ifMatch, Who who) {
        return pool.withTransaction(
                tx -> reader.lock(tx, QuotationRepository.TABLE, id).flatMap(before -> {
                    Versions.check(ifMatch, before);
                    Uni<List<ItemInput>> items = in.items() != null
                            ? repository
                                    .replaceItems(tx, id, stored(in.items(), before))
                                    .replaceWith(in.items())
                            : repository.items(tx, id);
                    return items.flatMap(lines -> writer.apply(tx, QuotationRepository.TABLE, before, columns(in), who)
                            .flatMap(q -> recompute(tx, q, lines)));
                }));
    }

    public Uni<Void> delete(String id, String ifMatch, Who who) {
        return pool.withTransaction(tx -> writer.delete(tx, QuotationRepository.TABLE, id, ifMatch, who))
                .replaceWithVoid();
    }

    /** Computes the totals from the lines and stores those that changed; the quotation with its items. */
    private Uni<Map<String, Object>> recompute(SqlClient tx, Map<String, Object> q, List<ItemInput> items) {
        Totals totals = totals(q, items);
        boolean changed = dec(q.get("subtotal")).compareTo(totals.subtotal()) != 0
                || dec(q.get("discount_amount")).compareTo(totals.discountAmount()) != 0
                || dec(q.get("vat_amount")).compareTo(totals.vatAmount()) != 0
                || dec(q.get("total")).compareTo(totals.total()) != 0;
        Uni<Map<String, Object>> updated = changed
                ? repository.setTotals(tx, String.valueOf(q.get("id")), totals)
                : Uni.createFrom().item(q);
        return updated.flatMap(row -> repository.withItems(tx, row));
    }

    static Totals totals(Map<String, Object> q, List<ItemInput> items) {
        BigDecimal subtotal = BigDecimal.ZERO.setScale(2);
        for (ItemInput item : items) {
            subtotal = subtotal.add(lineTotal(item));
        }
        BigDecimal discount =
                subtotal.multiply(dec(q.get("global_discount_percent"))).divide(HUNDRED, 2, RoundingMode.HALF_UP);
        BigDecimal net = subtotal.subtract(discount)
                .add(dec(q.get("shipping_cost")))
                .add(dec(q.get("install_cost")))
                .add(dec(q.get("extras_cost")));
        BigDecimal vat = net.multiply(dec(q.get("vat_percent"))).divide(HUNDRED, 2, RoundingMode.HALF_UP);
        return new Totals(subtotal, discount, vat, net.add(vat).setScale(2, RoundingMode.HALF_UP));
    }

    static BigDecimal lineTotal(ItemInput item) {
        BigDecimal discount = item.discountPercent() == null ? BigDecimal.ZERO : item.discountPercent();
        return item.unitCost()
                .multiply(item.quantity())
                .multiply(HUNDRED.subtract(discount))
                .divide(HUNDRED, 2, RoundingMode.HALF_UP);
    }

    /** The lines as stored: each with its own VAT rate or the quotation's, and its total. */
    private static List<StoredItem> stored(List<ItemInput> items, Map<String, Object> q) {
        return items.stream()
                .map(it -> new StoredItem(
                        it, it.vatPercent() == null ? dec(q.get("vat_percent")) : it.vatPercent(), lineTotal(it)))
                .toList();
    }

    static BigDecimal dec(Object v) {
        return v == null ? BigDecimal.ZERO : v instanceof BigDecimal b ? b : new BigDecimal(v.toString());
    }

    private static Map<String, Object> columns(QuotationInput in) {
        Map<String, Object> c = new LinkedHashMap<>();
        putIfPresent(c, "quotation_number", in.quotationNumber());
        putIfPresent(c, "customer_id", in.customerId());
        putIfPresent(c, "title", in.title());
        putIfPresent(c, "subject", in.subject());
        putIfPresent(c, "status", in.status());
        putIfPresent(c, "language", in.language());
        putIfPresent(c, "currency", in.currency());
        putIfPresent(c, "global_discount_percent", in.globalDiscountPercent());
        putIfPresent(c, "shipping_cost", in.shippingCost());
        putIfPresent(c, "install_cost", in.installCost());
        putIfPresent(c, "extras_label", in.extrasLabel());
        putIfPresent(c, "extras_cost", in.extrasCost());
        putIfPresent(c, "vat_percent", in.vatPercent());
        putIfPresent(c, "comments", in.comments());
        putIfPresent(c, "client_snapshot", in.clientSnapshot());
        putIfPresent(c, "pdf_path", in.pdfPath());
        return c;
    }
}
