package com.bellsystems.crm.order.repository;

import com.bellsystems.common.paging.OffsetPage;
import com.bellsystems.crm.customer.repository.CustomerRepository;
import com.bellsystems.crm.support.MirrorDoc;
import com.bellsystems.crm.support.PageRequest;
import com.bellsystems.crm.support.Rows;
import com.bellsystems.crm.support.Table;
import com.bellsystems.crm.support.TableReader;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The orders' SQL: the table's description (JSONB columns, status, the Firestore mirror at
 * {@code crm_customers/{customer}/orders/{order}}) and the list queries, newest first.
 */
@ApplicationScoped
public class OrderRepository {

    public static final Table TABLE = Table.of("crm_orders", "order", "order_number")
            .json("items", "discount", "shipping", "payment_status", "timeline")
            .status("status")
            .mirroredTo(
                    row -> new MirrorDoc(
                            "orders",
                            CustomerRepository.COLLECTION + "/" + row.get("customer_id") + "/orders",
                            String.valueOf(row.get("id"))),
                    "order_number",
                    "title",
                    "created_by",
                    "status",
                    "status_updated_date",
                    "status_updated_by",
                    "items",
                    "subtotal",
                    "discount",
                    "total_price",
                    "currency",
                    "shipping",
                    "payment_status",
                    "invoice_path",
                    "notes",
                    "timeline",
                    "created_at",
                    "updated_at");

    private static final String LIST_ORDER = "created_at DESC, id";

    /** The key and mirror columns of a customer's orders (what a cascade delete needs to record). */
    private static final String KEYS_OF_CUSTOMER =
            """
            SELECT id, customer_id FROM crm_orders WHERE customer_id = $1""";

    private final TableReader reader;

    public OrderRepository(TableReader reader) {
        this.reader = reader;
    }

    public Uni<OffsetPage<Map<String, Object>>> listForCustomer(String customerId, String status, PageRequest page) {
        List<Object> params = new ArrayList<>(List.of(customerId));
        String where = "customer_id = $1";
        if (status != null && !status.isBlank()) {
            params.add(status);
            where += " AND status = $2";
            return reader.list(TABLE, where, params, LIST_ORDER, page);
        }
        // idx_crm_orders_customer_created answers the filter in its key: no entry of the walk is skipped
        return reader.listWalkingRows(TABLE, where, params, LIST_ORDER, page);
    }

    /** All orders or those of one status, newest first: idx_crm_orders_created (V89) and idx_crm_orders_status_created. */
    public Uni<OffsetPage<Map<String, Object>>> list(String status, PageRequest page) {
        if (status == null || status.isBlank()) {
            return reader.listWalkingRows(TABLE, null, List.of(), LIST_ORDER, page);
        }
        return reader.listWalkingRows(TABLE, "status = $1", List.of(status), LIST_ORDER, page);
    }

    /** {@code id} and {@code customer_id} of each order of the customer, read in the caller's transaction. */
    public Uni<List<Map<String, Object>>> keysOfCustomer(SqlClient tx, String customerId) {
        return tx.preparedQuery(KEYS_OF_CUSTOMER).execute(Tuple.of(customerId)).map(Rows::all);
    }
}
