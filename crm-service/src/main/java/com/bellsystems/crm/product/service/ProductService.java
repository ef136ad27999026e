package com.bellsystems.crm.product.service;

import static com.bellsystems.crm.support.Columns.putIfPresent;

import com.bellsystems.common.paging.OffsetPage;
import com.bellsystems.common.problem.ProblemException;
import com.bellsystems.crm.change.RecordWriter;
import com.bellsystems.crm.product.ProductInput;
import com.bellsystems.crm.product.repository.ProductRepository;
import com.bellsystems.crm.support.Ids;
import com.bellsystems.crm.support.PageRequest;
import com.bellsystems.crm.support.TableReader;
import com.bellsystems.crm.support.Who;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/** Product rules: a name on create, and the partial-update rule (null fields stay as they are). */
@ApplicationScoped
public class ProductService {

    private final Pool pool;
    private final ProductRepository repository;
    private final TableReader reader;
    private final RecordWriter writer;

    public ProductService(Pool pool, ProductRepository repository, TableReader reader, RecordWriter writer) {
        this.pool = pool;
        this.repository = repository;
        this.reader = reader;
        this.writer = writer;
    }

    public Uni<OffsetPage<Map<String, Object>>> list(String category, Boolean active, PageRequest page) {
        return repository.list(category, active, page);
    }

    public Uni<Map<String, Object>> get(String id) {
        return reader.get(ProductRepository.TABLE, id);
    }

    public Uni<Map<String, Object>> create(ProductInput in, Who who) {
        if (in.name() == null) {
            throw ProblemException.invalidField("name", "must not be blank");
        }
        Map<String, Object> values = columns(in);
        values.put("id", Ids.newId());
        return pool.withTransaction(tx -> writer.insert(tx, ProductRepository.TABLE, values, who));
    }

    public Uni<Map<String, Object>> update(String id, ProductInput in, String ifMatch, Who who) {
        return pool.withTransaction(
                tx -> writer.update(tx, ProductRepository.TABLE, id, ifMatch, who, before -> columns(in)));
    }

    public Uni<Void> delete(String id, String ifMatch, Who who) {
        return pool.withTransaction(tx -> writer.delete(tx, ProductRepository.TABLE, id, ifMatch, who))
                .replaceWithVoid();
    }

    private static Map<String, Object> columns(ProductInput in) {
        Map<String, Object> c = new LinkedHashMap<>();
        putIfPresent(c, "name", in.name());
        putIfPresent(c, "sku", in.sku());
        putIfPresent(c, "category", in.category());
        putIfPresent(c, "description", in.description());
        putIfPresent(c, "price", in.price());
        putIfPresent(c, "currency", in.currency());
        putIfPresent(c, "unit_type", in.unitType());
        putIfPresent(c, "vat_percent", in.vatPercent());
        putIfPresent(c, "stock_on_hand", in.stockOnHand());
        putIfPresent(c, "active", in.active());
        putIfPresent(c, "photo_url", in.photoUrl());
        return c;
    }
}
