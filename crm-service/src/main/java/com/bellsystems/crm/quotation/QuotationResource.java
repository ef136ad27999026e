package com.bellsystems.crm.quotation;

import com.bellsystems.common.audit.RequestAudit;
import com.bellsystems.common.problem.ProblemException;
import com.bellsystems.crm.support.CrudStore;
import com.bellsystems.crm.support.Filters;
import com.bellsystems.crm.support.Ids;
import com.bellsystems.crm.support.Page;
import com.bellsystems.crm.support.PageRequest;
import com.bellsystems.crm.support.Responses;
import com.bellsystems.crm.support.Rows;
import com.bellsystems.crm.support.Table;
import com.bellsystems.crm.support.Versions;
import com.bellsystems.crm.support.Who;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.security.PermissionsAllowed;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Quotations with their item lines ({@code /api/crm/quotations}). Totals are computed here from
 * the lines and the quotation's own costs, never taken from the client:
 * line = unit_cost x quantity x (1 - discount_percent/100); subtotal = sum of lines;
 * discount = subtotal x global_discount_percent/100; net = subtotal - discount + shipping + install
 * + extras; vat = net x vat_percent/100; total = net + vat (each rounded HALF_UP to cents).
 */
@Path("/api/crm/quotations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class QuotationResource {

    static final Table TABLE = Table.of("crm_quotations", "quotation", "quotation_number")
            .json("comments", "client_snapshot")
            .status("status");
    static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    @RegisterForReflection
    public record ItemInput(
            @Size(max = 100) String productId,
            @NotBlank @Size(max = 1000) String description,
            @Size(max = 20) String unitType,
            @NotNull @DecimalMin("0") @Digits(integer = 10, fraction = 2) BigDecimal unitCost,
            @DecimalMin("0") @DecimalMax("100") BigDecimal discountPercent,
            @NotNull @DecimalMin(value = "0", inclusive = false) @Digits(integer = 9, fraction = 3) BigDecimal quantity,
            @DecimalMin("0") @DecimalMax("100") BigDecimal vatPercent) {}

    @RegisterForReflection
    public record QuotationInput(
            @Size(min = 1, max = 60) String quotationNumber,
            @Size(max = 100) String customerId,
            @Size(max = 300) String title,
            @Size(max = 1000) String subject,
            @Pattern(regexp = "[a-z][a-z_]{0,39}") String status,
            @Pattern(regexp = "[a-z]{2}") String language,
            @Pattern(regexp = "[A-Z]{3}") String currency,
            @DecimalMin("0") @DecimalMax("100") BigDecimal globalDiscountPercent,
            @DecimalMin("0") @Digits(integer = 10, fraction = 2) BigDecimal shippingCost,
            @DecimalMin("0") @Digits(integer = 10, fraction = 2) BigDecimal installCost,
            @Size(max = 300) String extrasLabel,
            @DecimalMin("0") @Digits(integer = 10, fraction = 2) BigDecimal extrasCost,
            @DecimalMin("0") @DecimalMax("100") BigDecimal vatPercent,
            @Size(max = 500) List<@NotNull @Valid ItemInput> items,
            List<@NotNull Map<String, Object>> comments,
            Map<String, Object> clientSnapshot,
            @Size(max = 500) String pdfPath) {

        Map<String, Object> columns() {
            Map<String, Object> c = new LinkedHashMap<>();
            put(c, "quotation_number", quotationNumber);
            put(c, "customer_id", customerId);
            put(c, "title", title);
            put(c, "subject", subject);
            put(c, "status", status);
            put(c, "language", language);
            put(c, "currency", currency);
            put(c, "global_discount_percent", globalDiscountPercent);
            put(c, "shipping_cost", shippingCost);
            put(c, "install_cost", installCost);
            put(c, "extras_label", extrasLabel);
            put(c, "extras_cost", extrasCost);
            put(c, "vat_percent", vatPercent);
            put(c, "comments", comments);
            put(c, "client_snapshot", clientSnapshot);
            put(c, "pdf_path", pdfPath);
            return c;
        }
    }

    private final CrudStore store;
    private final RequestAudit audit;

    public QuotationResource(CrudStore store, RequestAudit audit) {
        this.store = store;
        this.audit = audit;
    }

    @GET
    @PermissionsAllowed("crm:view")
    public Uni<Page> list(
            @QueryParam("customer_id") String customerId,
            @QueryParam("status") String status,
            @Valid @BeanParam PageRequest page) {
        Filters f = new Filters().eq("customer_id", customerId).eq("status", status);
        return store.list(TABLE, f.sql(), f.params, "created_at DESC, id", page);
    }

    @GET
    @Path("/{id}")
    @PermissionsAllowed("crm:view")
    public Uni<Response> get(@PathParam("id") String id) {
        return store.get(TABLE, id).flatMap(q -> withItems(store.pool(), q)).map(Responses::ok);
    }

    @POST
    @PermissionsAllowed("crm:edit")
    public Uni<Response> create(@NotNull @Valid QuotationInput body) {
        if (body.quotationNumber() == null) {
            throw ProblemException.invalidField("quotation_number", "must not be blank");
        }
        Who who = Who.of(audit);
        Map<String, Object> values = body.columns();
        String id = Ids.newId();
        values.put("id", id);
        values.put("created_by", who.actor().id());
        List<ItemInput> items = body.items() == null ? List.of() : body.items();
        return store.pool()
                .withTransaction(tx -> store.insert(tx, TABLE, values, who)
                        .flatMap(q -> replaceItems(tx, q, items))
                        .flatMap(q -> recompute(tx, q, items, who)))
                .map(row -> Responses.created("/api/crm/quotations", id, row));
    }

    @PATCH
    @Path("/{id}")
    @PermissionsAllowed("crm:edit")
    public Uni<Response> update(
            @PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, @NotNull @Valid QuotationInput body) {
        Who who = Who.of(audit);
        return store.pool()
                .withTransaction(tx -> store.find(tx, TABLE, id, true).flatMap(before -> {
                    CrudStore.require(TABLE, id, before);
                    Versions.check(ifMatch, before);
                    Uni<List<ItemInput>> items = body.items() != null
                            ? replaceItems(tx, before, body.items()).replaceWith(body.items())
                            : storedItems(tx, id);
                    return items.flatMap(lines -> store.applyUpdate(tx, TABLE, before, body.columns(), who)
                            .flatMap(q -> recompute(tx, q, lines, who)));
                }))
                .map(Responses::ok);
    }

    @DELETE
    @Path("/{id}")
    @PermissionsAllowed("crm:edit")
    public Uni<Response> delete(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch) {
        return store.delete(TABLE, id, ifMatch, Who.of(audit)).map(ignored -> Responses.noContent());
    }

    /** Computes the totals from the lines and stores them (audited with the rest of the change). */
    private Uni<Map<String, Object>> recompute(SqlClient tx, Map<String, Object> q, List<ItemInput> items, Who who) {
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
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("subtotal", subtotal);
        totals.put("discount_amount", discount);
        totals.put("vat_amount", vat);
        totals.put("total", net.add(vat).setScale(2, RoundingMode.HALF_UP));
        Map<String, Object> changed = new LinkedHashMap<>();
        totals.forEach((k, v) -> {
            if (dec(q.get(k)).compareTo((BigDecimal) v) != 0) {
                changed.put(k, v);
            }
        });
        Uni<Map<String, Object>> updated = changed.isEmpty()
                ? Uni.createFrom().item(q)
                : store.updateRow(tx, TABLE, String.valueOf(q.get("id")), changed);
        return updated.flatMap(row -> withItems(tx, row));
    }

    static BigDecimal lineTotal(ItemInput item) {
        BigDecimal discount = item.discountPercent() == null ? BigDecimal.ZERO : item.discountPercent();
        return item.unitCost()
                .multiply(item.quantity())
                .multiply(HUNDRED.subtract(discount))
                .divide(HUNDRED, 2, RoundingMode.HALF_UP);
    }

    private Uni<Map<String, Object>> replaceItems(SqlClient tx, Map<String, Object> q, List<ItemInput> items) {
        String id = String.valueOf(q.get("id"));
        List<Tuple> rows = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            ItemInput it = items.get(i);
            rows.add(Tuple.tuple()
                    .addValue(id)
                    .addValue(it.productId())
                    .addValue(it.description())
                    .addValue(it.unitType() == null ? "pcs" : it.unitType())
                    .addValue(it.unitCost())
                    .addValue(it.discountPercent() == null ? BigDecimal.ZERO : it.discountPercent())
                    .addValue(it.quantity())
                    .addValue(it.vatPercent() == null ? dec(q.get("vat_percent")) : it.vatPercent())
                    .addValue(lineTotal(it))
                    .addValue(i));
        }
        Uni<?> cleared = tx.preparedQuery("DELETE FROM crm_quotation_items WHERE quotation_id = $1")
                .execute(Tuple.of(id));
        if (rows.isEmpty()) {
            return cleared.replaceWith(q);
        }
        return cleared.chain(ignored -> tx.preparedQuery(
                                """
                        INSERT INTO crm_quotation_items (quotation_id, product_id, description, unit_type, unit_cost,
                            discount_percent, quantity, vat_percent, line_total, sort_order)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)""")
                        .executeBatch(rows))
                .replaceWith(q);
    }

    private Uni<List<ItemInput>> storedItems(SqlClient tx, String id) {
        return tx.preparedQuery("SELECT * FROM crm_quotation_items WHERE quotation_id = $1 ORDER BY sort_order, id")
                .execute(Tuple.of(id))
                .map(rows -> {
                    List<ItemInput> items = new ArrayList<>();
                    for (Row r : rows) {
                        Map<String, Object> m = Rows.toMap(r);
                        items.add(new ItemInput(
                                (String) m.get("product_id"),
                                (String) m.get("description"),
                                (String) m.get("unit_type"),
                                dec(m.get("unit_cost")),
                                dec(m.get("discount_percent")),
                                dec(m.get("quantity")),
                                dec(m.get("vat_percent"))));
                    }
                    return items;
                });
    }

    private static Uni<Map<String, Object>> withItems(SqlClient client, Map<String, Object> q) {
        return client.preparedQuery("SELECT * FROM crm_quotation_items WHERE quotation_id = $1 ORDER BY sort_order, id")
                .execute(Tuple.of(String.valueOf(q.get("id"))))
                .map(rows -> {
                    List<Map<String, Object>> items = new ArrayList<>();
                    for (Row r : rows) {
                        items.add(Rows.toMap(r));
                    }
                    Map<String, Object> out = new LinkedHashMap<>(q);
                    out.put("items", items);
                    return out;
                });
    }

    static BigDecimal dec(Object v) {
        return v == null ? BigDecimal.ZERO : v instanceof BigDecimal b ? b : new BigDecimal(v.toString());
    }

    static void put(Map<String, Object> c, String column, Object value) {
        if (value != null) {
            c.put(column, value);
        }
    }
}
