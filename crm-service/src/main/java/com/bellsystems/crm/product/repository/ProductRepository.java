package com.bellsystems.crm.product.repository;

import com.bellsystems.common.paging.OffsetPage;
import com.bellsystems.crm.support.Filters;
import com.bellsystems.crm.support.MirrorDoc;
import com.bellsystems.crm.support.PageRequest;
import com.bellsystems.crm.support.Table;
import com.bellsystems.crm.support.TableReader;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * The product catalogue's SQL: the table's description, mirrored to Firestore {@code crm_products}
 * (under the migrated document id when there is one) during the rollback window, and its list.
 */
@ApplicationScoped
public class ProductRepository {

    public static final Table TABLE = Table.of("crm_products", "product", "name")
            .mirroredTo(
                    row -> new MirrorDoc(
                            "crm_products",
                            "crm_products",
                            String.valueOf(row.get("firestore_id") != null ? row.get("firestore_id") : row.get("id"))),
                    "name",
                    "sku",
                    "category",
                    "description",
                    "price",
                    "currency",
                    "unit_type",
                    "vat_percent",
                    "stock_on_hand",
                    "active",
                    "photo_url",
                    "created_at",
                    "updated_at");

    private final TableReader reader;

    public ProductRepository(TableReader reader) {
        this.reader = reader;
    }

    public Uni<OffsetPage<Map<String, Object>>> list(String category, Boolean active, PageRequest page) {
        Filters f = new Filters().eq("category", category).eq("active", active);
        return reader.list(TABLE, f.sql(), f.params, "category NULLS FIRST, name, id", page);
    }
}
