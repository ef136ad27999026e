package com.bellsystems.crm.quotation.repository;

import com.bellsystems.common.paging.OffsetPage;
import com.bellsystems.crm.quotation.QuotationInput.ItemInput;
import com.bellsystems.crm.support.Filters;
import com.bellsystems.crm.support.PageRequest;
import com.bellsystems.crm.support.Rows;
import com.bellsystems.crm.support.Table;
import com.bellsystems.crm.support.TableReader;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The SQL of quotations ({@code crm_quotations}) and their item lines ({@code crm_quotation_items}). */
@ApplicationScoped
public class QuotationRepository {

    public static final Table TABLE = Table.of("crm_quotations", "quotation", "quotation_number")
            .json("comments", "client_snapshot")
            .status("status");

    /** One stored item line, as {@link #replaceItems} writes it. */
    public record StoredItem(ItemInput input, BigDecimal vatPercent, BigDecimal lineTotal) {}

    /** A quotation's computed amounts. */
    public record Totals(BigDecimal subtotal, BigDecimal discountAmount, BigDecimal vatAmount, BigDecimal total) {}

    private static final String ITEMS =
            """
            SELECT * FROM crm_quotation_items WHERE quotation_id = $1 ORDER BY sort_order, id""";

    private static final String DELETE_ITEMS =
            """
            DELETE FROM crm_quotation_items WHERE quotation_id = $1""";

    private static final String INSERT_ITEM =
            """
            INSERT INTO crm_quotation_items (quotation_id, product_id, description, unit_type, unit_cost,
                discount_percent, quantity, vat_percent, line_total, sort_order)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)""";

    /** The totals are part of the change that caused them (audited there), and move the version with it. */
    private static final String SET_TOTALS =
            """
            UPDATE crm_quotations SET subtotal = $2, discount_amount = $3, vat_amount = $4, total = $5,
                updated_at = greatest(clock_timestamp(), updated_at + interval '1 microsecond')
            WHERE id = $1 RETURNING *""";

    private final TableReader reader;

    public QuotationRepository(TableReader reader) {
        this.reader = reader;
    }

    public Uni<OffsetPage<Map<String, Object>>> list(String customerId, String status, PageRequest page) {
        Filters f = new Filters().eq("customer_id", customerId).eq("status", status);
        return reader.list(TABLE, f.sql(), f.params, "created_at DESC, id", page);
    }

    /** Replaces the quotation's lines with {@code items}, in their order. */
    public Uni<Void> replaceItems(SqlClient tx, String quotationId, List<StoredItem> items) {
        List<Tuple> rows = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            StoredItem stored = items.get(i);
            ItemInput it = stored.input();
            rows.add(Tuple.tuple()
                    .addValue(quotationId)
                    .addValue(it.productId())
                    .addValue(it.description())
                    .addValue(it.unitType() == null ? "pcs" : it.unitType())
                    .addValue(it.unitCost())
                    .addValue(it.discountPercent() == null ? BigDecimal.ZERO : it.discountPercent())
                    .addValue(it.quantity())
                    .addValue(stored.vatPercent())
                    .addValue(stored.lineTotal())
                    .addValue(i));
        }
        Uni<?> cleared = tx.preparedQuery(DELETE_ITEMS).execute(Tuple.of(quotationId));
        if (rows.isEmpty()) {
            return cleared.replaceWithVoid();
        }
        return cleared.chain(ignored -> tx.preparedQuery(INSERT_ITEM).executeBatch(rows))
                .replaceWithVoid();
    }

    /** The stored lines as inputs, to recompute the totals when only the quotation's own costs change. */
    public Uni<List<ItemInput>> items(SqlClient tx, String quotationId) {
        return tx.preparedQuery(ITEMS).execute(Tuple.of(quotationId)).map(rows -> {
            List<ItemInput> items = new ArrayList<>();
            for (Row r : rows) {
                items.add(new ItemInput(
                        r.getString("product_id"),
                        r.getString("description"),
                        r.getString("unit_type"),
                        decimal(r, "unit_cost"),
                        decimal(r, "discount_percent"),
                        decimal(r, "quantity"),
                        decimal(r, "vat_percent")));
            }
            return items;
        });
    }

    public Uni<Map<String, Object>> setTotals(SqlClient tx, String quotationId, Totals totals) {
        return tx.preparedQuery(SET_TOTALS)
                .execute(Tuple.of(
                        quotationId, totals.subtotal(), totals.discountAmount(), totals.vatAmount(), totals.total()))
                .map(Rows::first);
    }

    /** The quotation with its {@code items}, read through {@code client}. */
    public Uni<Map<String, Object>> withItems(SqlClient client, Map<String, Object> quotation) {
        return client.preparedQuery(ITEMS)
                .execute(Tuple.of(String.valueOf(quotation.get("id"))))
                .map(rows -> {
                    Map<String, Object> out = new LinkedHashMap<>(quotation);
                    out.put("items", Rows.all(rows));
                    return out;
                });
    }

    private static BigDecimal decimal(Row r, String column) {
        Object v = Rows.plain(r.getValue(column));
        return v == null ? BigDecimal.ZERO : new BigDecimal(v.toString());
    }
}
