package com.bellsystems.migration.firestore;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldPath;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Query;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One row per document of a collection, or of every subcollection with a name (a collection-group
 * query, for the orders under each customer: the parent document's id fills the PARENT_ID column).
 * Reads in pages ordered by document id ({@code limit} / {@code startAfter}); the source count is a
 * count aggregation over the same query.
 */
public class CollectionJob extends FirestoreJob {

    private final String collection;
    private final String parentCollection;
    private final List<String> dropped;

    /**
     * @param collection       the collection (or, with a parentCollection, the subcollection name)
     * @param parentCollection null for a top-level collection; else the collection the parents
     *                         must be in (collection-group documents elsewhere are skipped, named)
     * @param dropped          legacy fields the plan drops from the columns: kept in firestore_extra
     *                         like any other field, counted in the report without a warning
     */
    public CollectionJob(
            String name,
            int phase,
            String step,
            String target,
            String collection,
            String parentCollection,
            List<String> dropped,
            List<Column> columns) {
        super(name, phase, step, target, columns);
        this.collection = collection;
        this.parentCollection = parentCollection;
        this.dropped = List.copyOf(dropped);
    }

    public String collection() {
        return collection;
    }

    public String parentCollection() {
        return parentCollection;
    }

    private Query base(Firestore db) {
        return parentCollection == null ? db.collection(collection) : db.collectionGroup(collection);
    }

    @Override
    protected long countSource(Firestore db) throws Exception {
        return base(db).count().get().get().getCount();
    }

    /**
     * Why this document is not to be loaded but parked (kept whole in {@code _migration_parked}
     * and listed in the report), or null to load it. Decided while reading, so a parked document
     * never blocks the others.
     */
    protected String parkReason(String path, String id, String parentId, Map<String, Object> data, ReadState state) {
        return null;
    }

    @Override
    protected void read(Firestore db, ReadState state, RowSink sink) throws Exception {
        int pageSize = FirestoreSource.pageSize();
        Query ordered = base(db).orderBy(FieldPath.documentId()).limit(pageSize);
        List<String> skippedPaths = new ArrayList<>();
        long read = 0;
        DocumentSnapshot last = null;
        while (true) {
            Query page = last == null ? ordered : ordered.startAfter(last);
            List<QueryDocumentSnapshot> docs = page.get().get().getDocuments();
            for (QueryDocumentSnapshot doc : docs) {
                DocumentReference ref = doc.getReference();
                String path = ref.getPath();
                String parentId = null;
                if (parentCollection != null) {
                    DocumentReference parent = ref.getParent().getParent();
                    if (parent == null || !parent.getParent().getPath().equals(parentCollection)) {
                        state.skipped++;
                        if (skippedPaths.size() < 5) {
                            skippedPaths.add(path);
                        }
                        continue;
                    }
                    parentId = parent.getId();
                }
                read++;
                Map<String, Object> data = doc.getData();
                String reason = parkReason(path, doc.getId(), parentId, data, state);
                if (reason != null) {
                    state.park(new Parked(collection, doc.getId(), path, reason, data));
                    continue;
                }
                sink.accept(path, mapDocument(path, doc.getId(), parentId, data, state, dropped), data);
            }
            if (docs.size() < pageSize) {
                break;
            }
            last = docs.get(docs.size() - 1);
        }
        requireSource(
                read - state.skipped,
                parentCollection == null
                        ? "the Firestore collection '" + collection + "' is empty or does not exist"
                        : "no '" + collection + "' document under " + parentCollection + " in Firestore");
        if (state.skipped > 0) {
            state.warnings.add(name() + ": skipped " + state.skipped + " '" + collection + "' document(s) not under "
                    + parentCollection + ", e.g. " + String.join(", ", skippedPaths));
        }
    }

    /** For a collection group: a keys-only scan counting the documents outside the parent collection. */
    @Override
    protected long notMigrated(Firestore db) throws Exception {
        if (parentCollection == null) {
            return 0;
        }
        int pageSize = FirestoreSource.pageSize();
        Query ordered = base(db).select(FieldPath.documentId())
                .orderBy(FieldPath.documentId())
                .limit(pageSize);
        long outside = 0;
        DocumentSnapshot last = null;
        while (true) {
            List<QueryDocumentSnapshot> docs = (last == null ? ordered : ordered.startAfter(last))
                    .get()
                    .get()
                    .getDocuments();
            for (QueryDocumentSnapshot doc : docs) {
                DocumentReference parent = doc.getReference().getParent().getParent();
                if (parent == null || !parent.getParent().getPath().equals(parentCollection)) {
                    outside++;
                }
            }
            if (docs.size() < pageSize) {
                return outside;
            }
            last = docs.get(docs.size() - 1);
        }
    }

    /** The documents of {@code sample} random Postgres rows; a row whose document is gone gets null values. */
    @Override
    protected void readSample(Firestore db, Connection pg, int sample, ReadState state, RowSink sink) throws Exception {
        String parentColumn = columns.stream()
                .filter(c -> c.conversion() == Conversion.PARENT_ID)
                .map(Column::name)
                .findFirst()
                .orElse(null);
        List<DocumentReference> refs = new ArrayList<>();
        try (Statement st = pg.createStatement();
                ResultSet rs = st.executeQuery("SELECT " + key() + (parentColumn == null ? "" : ", " + parentColumn)
                        + " FROM " + target + " ORDER BY random() LIMIT " + sample)) {
            while (rs.next()) {
                refs.add(
                        parentColumn == null
                                ? db.collection(collection).document(rs.getString(1))
                                : db.collection(parentCollection)
                                        .document(rs.getString(2))
                                        .collection(collection)
                                        .document(rs.getString(1)));
            }
        }
        if (refs.isEmpty()) {
            return;
        }
        for (DocumentSnapshot doc :
                db.getAll(refs.toArray(new DocumentReference[0])).get()) {
            String path = doc.getReference().getPath();
            if (!doc.exists()) {
                sink.accept(path, null, null);
                continue;
            }
            String parentId = parentColumn == null
                    ? null
                    : doc.getReference().getParent().getParent().getId();
            Map<String, Object> data = doc.getData();
            sink.accept(path, mapDocument(path, doc.getId(), parentId, data, state, dropped), data);
        }
    }
}
