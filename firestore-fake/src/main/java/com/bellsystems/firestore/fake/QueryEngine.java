package com.bellsystems.firestore.fake;

import com.google.firestore.v1.Cursor;
import com.google.firestore.v1.Document;
import com.google.firestore.v1.StructuredQuery;
import com.google.firestore.v1.StructuredQuery.CollectionSelector;
import com.google.firestore.v1.StructuredQuery.Direction;
import com.google.firestore.v1.StructuredQuery.FieldFilter;
import com.google.firestore.v1.StructuredQuery.FieldReference;
import com.google.firestore.v1.StructuredQuery.Filter;
import com.google.firestore.v1.StructuredQuery.Order;
import com.google.firestore.v1.StructuredQuery.UnaryFilter;
import com.google.firestore.v1.Value;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeSet;

/**
 * Runs a StructuredQuery over the store: collection or collection group, filters, ordering (with
 * Firestore's implicit orderings and __name__ tie-break), cursors, offset, limit and projection.
 * A query ordered by name alone (the paging the migration does) walks the sorted store from its
 * cursor and stops at the limit, so a page costs what it returns, not the collection size.
 */
final class QueryEngine {

    private QueryEngine() {}

    /** The documents the query returns, with names relative to /documents. */
    static List<Document> run(
            NavigableMap<String, Document> docs, String database, String parent, StructuredQuery query) {
        if (query.getFromCount() != 1) {
            throw DocumentStore.invalid("A query needs exactly one collection selector");
        }
        if (query.hasFindNearest()) {
            throw io.grpc.Status.UNIMPLEMENTED
                    .withDescription("findNearest is not supported by the fake")
                    .asRuntimeException();
        }
        CollectionSelector from = query.getFrom(0);
        String base = parent.isEmpty() ? "" : parent + "/";
        if (from.getCollectionId().isEmpty() && !from.getAllDescendants()) {
            throw DocumentStore.invalid("A collection query needs a collection id");
        }
        String rangeStart = from.getAllDescendants() ? base : base + from.getCollectionId() + "/";
        List<Order> orders = effectiveOrders(query);
        Compiled compiled = new Compiled(database, rangeStart, from, query, orders);

        int offset = Math.max(0, query.getOffset());
        int limit = query.hasLimit() ? query.getLimit().getValue() : Integer.MAX_VALUE;
        List<Document> out = new ArrayList<>();
        boolean nameAscendingOnly = orders.size() == 1
                && isName(orders.get(0).getField())
                && orders.get(0).getDirection() != Direction.DESCENDING;
        if (nameAscendingOnly) {
            // Walk in name order from the cursor (or the collection's first document) and stop early.
            String start = rangeStart;
            if (query.hasStartAt()
                    && query.getStartAt().getValuesCount() > 0
                    && query.getStartAt().getValues(0).hasReferenceValue()) {
                String cursorPath =
                        ResourcePaths.relative(query.getStartAt().getValues(0).getReferenceValue());
                if (ResourcePaths.SEGMENT_ORDER.compare(cursorPath, start) > 0) {
                    start = cursorPath;
                }
            }
            for (Map.Entry<String, Document> e : docs.tailMap(start, true).entrySet()) {
                String path = e.getKey();
                if (!path.startsWith(rangeStart)) {
                    break;
                }
                if (!compiled.matches(path, e.getValue())) {
                    continue;
                }
                if (query.hasStartAt() && !compiled.afterStart(e.getValue())) {
                    continue;
                }
                if (query.hasEndAt() && !compiled.beforeEnd(e.getValue())) {
                    break;
                }
                if (offset > 0) {
                    offset--;
                    continue;
                }
                if (out.size() >= limit) {
                    break;
                }
                out.add(compiled.project(e.getValue()));
            }
            return out;
        }
        List<Document> matching = new ArrayList<>();
        for (Map.Entry<String, Document> e : docs.tailMap(rangeStart, true).entrySet()) {
            if (!e.getKey().startsWith(rangeStart)) {
                break;
            }
            if (compiled.matches(e.getKey(), e.getValue())) {
                matching.add(e.getValue());
            }
        }
        matching.sort(compiled.comparator());
        for (Document doc : matching) {
            if (query.hasStartAt() && !compiled.afterStart(doc)) {
                continue;
            }
            if (query.hasEndAt() && !compiled.beforeEnd(doc)) {
                continue;
            }
            if (offset > 0) {
                offset--;
                continue;
            }
            if (out.size() >= limit) {
                break;
            }
            out.add(compiled.project(doc));
        }
        return out;
    }

    static boolean isName(FieldReference field) {
        return FieldPaths.NAME.equals(field.getFieldPath());
    }

    /** Explicit orderings, then inequality fields not ordered yet, then __name__. */
    static List<Order> effectiveOrders(StructuredQuery query) {
        List<Order> orders = new ArrayList<>(query.getOrderByList());
        TreeSet<String> ordered = new TreeSet<>();
        orders.forEach(o -> ordered.add(o.getField().getFieldPath()));
        TreeSet<String> inequalities = new TreeSet<>();
        if (query.hasWhere()) {
            collectInequalities(query.getWhere(), inequalities);
        }
        for (String field : inequalities) {
            if (!ordered.contains(field)) {
                orders.add(Order.newBuilder()
                        .setField(FieldReference.newBuilder().setFieldPath(field))
                        .setDirection(Direction.ASCENDING)
                        .build());
            }
        }
        if (orders.isEmpty() || !isName(orders.get(orders.size() - 1).getField())) {
            Direction last = orders.isEmpty()
                    ? Direction.ASCENDING
                    : orders.get(orders.size() - 1).getDirection();
            orders.add(Order.newBuilder()
                    .setField(FieldReference.newBuilder().setFieldPath(FieldPaths.NAME))
                    .setDirection(last == Direction.DESCENDING ? Direction.DESCENDING : Direction.ASCENDING)
                    .build());
        }
        return orders;
    }

    private static void collectInequalities(Filter filter, TreeSet<String> fields) {
        if (filter.hasCompositeFilter()) {
            filter.getCompositeFilter().getFiltersList().forEach(f -> collectInequalities(f, fields));
        } else if (filter.hasFieldFilter()) {
            switch (filter.getFieldFilter().getOp()) {
                case LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL, NOT_EQUAL, NOT_IN ->
                    fields.add(filter.getFieldFilter().getField().getFieldPath());
                default -> {}
            }
        }
    }

    /** A query with its field paths and cursors prepared once, since they are used per document. */
    private static final class Compiled {
        private final String database;
        private final String rangeStart;
        private final CollectionSelector from;
        private final StructuredQuery query;
        private final List<Order> orders;
        private final List<List<String>> orderPaths = new ArrayList<>();
        private final boolean[] byName;

        Compiled(
                String database,
                String rangeStart,
                CollectionSelector from,
                StructuredQuery query,
                List<Order> orders) {
            this.database = database;
            this.rangeStart = rangeStart;
            this.from = from;
            this.query = query;
            this.orders = orders;
            byName = new boolean[orders.size()];
            for (int i = 0; i < orders.size(); i++) {
                orderPaths.add(FieldPaths.parse(orders.get(i).getField().getFieldPath()));
                byName[i] = isName(orders.get(i).getField());
            }
        }

        Value field(Document doc, List<String> path) {
            if (path.size() == 1 && FieldPaths.NAME.equals(path.get(0))) {
                return Value.newBuilder()
                        .setReferenceValue(ResourcePaths.full(database, doc.getName()))
                        .build();
            }
            return FieldPaths.get(doc.getFieldsMap(), path);
        }

        boolean matches(String path, Document doc) {
            if (from.getAllDescendants()) {
                // An empty collection id is a kindless query (recursiveDelete uses it): any collection.
                if (!from.getCollectionId().isEmpty() && !inCollection(path, from.getCollectionId())) {
                    return false;
                }
            } else if (path.indexOf('/', rangeStart.length()) >= 0) {
                // Deeper than a direct child of the collection: a subcollection's document.
                return false;
            }
            if (query.hasWhere() && !test(query.getWhere(), doc)) {
                return false;
            }
            // Firestore leaves out documents that lack a field the query orders by.
            for (int i = 0; i < orderPaths.size(); i++) {
                if (!byName[i] && FieldPaths.get(doc.getFieldsMap(), orderPaths.get(i)) == null) {
                    return false;
                }
            }
            return true;
        }

        private static boolean inCollection(String path, String collectionId) {
            int last = path.lastIndexOf('/');
            int before = path.lastIndexOf('/', last - 1);
            return last - before - 1 == collectionId.length() && path.startsWith(collectionId, before + 1);
        }

        boolean test(Filter filter, Document doc) {
            switch (filter.getFilterTypeCase()) {
                case COMPOSITE_FILTER: {
                    var composite = filter.getCompositeFilter();
                    boolean or = composite.getOp() == StructuredQuery.CompositeFilter.Operator.OR;
                    for (Filter f : composite.getFiltersList()) {
                        boolean r = test(f, doc);
                        if (or && r) {
                            return true;
                        }
                        if (!or && !r) {
                            return false;
                        }
                    }
                    return !or || composite.getFiltersCount() == 0;
                }
                case FIELD_FILTER:
                    return testField(filter.getFieldFilter(), doc);
                case UNARY_FILTER:
                    return testUnary(filter.getUnaryFilter(), doc);
                default:
                    return true;
            }
        }

        private boolean testField(FieldFilter f, Document doc) {
            Value v = field(doc, FieldPaths.parse(f.getField().getFieldPath()));
            if (v == null) {
                return false;
            }
            Value operand = f.getValue();
            switch (f.getOp()) {
                case EQUAL:
                    return ProtoValues.equal(v, operand);
                case NOT_EQUAL:
                    return !v.hasNullValue()
                            && !ProtoValues.equal(v, operand)
                            && !(ProtoValues.isNaN(v) && ProtoValues.isNaN(operand));
                case LESS_THAN:
                    return comparable(v, operand) && ProtoValues.compare(v, operand) < 0;
                case LESS_THAN_OR_EQUAL:
                    return comparable(v, operand) && ProtoValues.compare(v, operand) <= 0;
                case GREATER_THAN:
                    return comparable(v, operand) && ProtoValues.compare(v, operand) > 0;
                case GREATER_THAN_OR_EQUAL:
                    return comparable(v, operand) && ProtoValues.compare(v, operand) >= 0;
                case ARRAY_CONTAINS:
                    return v.hasArrayValue()
                            && v.getArrayValue().getValuesList().stream().anyMatch(e -> ProtoValues.equal(e, operand));
                case IN:
                    return operand.getArrayValue().getValuesList().stream().anyMatch(e -> ProtoValues.equal(v, e));
                case ARRAY_CONTAINS_ANY:
                    return v.hasArrayValue()
                            && v.getArrayValue().getValuesList().stream()
                                    .anyMatch(e -> operand.getArrayValue().getValuesList().stream()
                                            .anyMatch(o -> ProtoValues.equal(e, o)));
                case NOT_IN:
                    return !v.hasNullValue()
                            && operand.getArrayValue().getValuesList().stream().noneMatch(e -> ProtoValues.equal(v, e));
                default:
                    throw DocumentStore.invalid("Unsupported filter operator " + f.getOp());
            }
        }

        private static boolean comparable(Value v, Value operand) {
            return ProtoValues.sameTypeClass(v, operand) && !ProtoValues.isNaN(v) && !ProtoValues.isNaN(operand);
        }

        private boolean testUnary(UnaryFilter f, Document doc) {
            Value v = field(doc, FieldPaths.parse(f.getField().getFieldPath()));
            if (v == null) {
                return false;
            }
            switch (f.getOp()) {
                case IS_NAN:
                    return ProtoValues.isNaN(v);
                case IS_NULL:
                    return v.hasNullValue();
                case IS_NOT_NAN:
                    return !ProtoValues.isNaN(v);
                case IS_NOT_NULL:
                    return !v.hasNullValue();
                default:
                    throw DocumentStore.invalid("Unsupported unary operator " + f.getOp());
            }
        }

        Comparator<Document> comparator() {
            return (a, b) -> {
                for (int i = 0; i < orders.size(); i++) {
                    int c = byName[i]
                            ? ResourcePaths.SEGMENT_ORDER.compare(a.getName(), b.getName())
                            : ProtoValues.compare(field(a, orderPaths.get(i)), field(b, orderPaths.get(i)));
                    if (orders.get(i).getDirection() == Direction.DESCENDING) {
                        c = -c;
                    }
                    if (c != 0) {
                        return c;
                    }
                }
                return 0;
            };
        }

        /** The document's position relative to a cursor, on the cursor's values in query order. */
        private int compareToCursor(Document doc, Cursor cursor) {
            for (int i = 0; i < cursor.getValuesCount() && i < orders.size(); i++) {
                Value cursorValue = cursor.getValues(i);
                int c;
                if (byName[i] && cursorValue.hasStringValue()) {
                    // A bare id as a name cursor: compare within the document's collection.
                    c = ResourcePaths.SEGMENT_ORDER.compare(
                            ResourcePaths.id(doc.getName()), cursorValue.getStringValue());
                } else if (byName[i] && cursorValue.hasReferenceValue()) {
                    c = ResourcePaths.SEGMENT_ORDER.compare(
                            doc.getName(), ResourcePaths.relative(cursorValue.getReferenceValue()));
                } else {
                    c = ProtoValues.compare(field(doc, orderPaths.get(i)), cursorValue);
                }
                if (orders.get(i).getDirection() == Direction.DESCENDING) {
                    c = -c;
                }
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        }

        boolean afterStart(Document doc) {
            Cursor start = query.getStartAt();
            int c = compareToCursor(doc, start);
            return start.getBefore() ? c >= 0 : c > 0;
        }

        boolean beforeEnd(Document doc) {
            Cursor end = query.getEndAt();
            int c = compareToCursor(doc, end);
            return end.getBefore() ? c < 0 : c <= 0;
        }

        Document project(Document doc) {
            if (!query.hasSelect()) {
                return doc;
            }
            Document.Builder b = doc.toBuilder().clearFields();
            Map<String, Value> fields = new java.util.HashMap<>();
            for (FieldReference ref : query.getSelect().getFieldsList()) {
                if (isName(ref)) {
                    continue;
                }
                List<String> path = FieldPaths.parse(ref.getFieldPath());
                Value v = FieldPaths.get(doc.getFieldsMap(), path);
                if (v != null) {
                    FieldPaths.set(fields, path, v);
                }
            }
            return b.putAllFields(fields).build();
        }
    }
}
