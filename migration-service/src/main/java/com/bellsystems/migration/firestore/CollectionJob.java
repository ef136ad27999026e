package com.bellsystems.migration.firestore;

import com.google.api.core.ApiFuture;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldPath;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Query;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.cloud.firestore.QuerySnapshot;
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
        ApiFuture<QuerySnapshot> next = ordered.get();
        while (true) {
            List<QueryDocumentSnapshot> docs = next.get().getDocuments();
            // the next page is on its way while this one becomes rows (it starts after this page's
            // last document, so it can be asked for only now)
            boolean more = docs.size() == pageSize;
            next = more ? ordered.startAfter(docs.get(docs.size() - 1)).get() : null;
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
            sink.pageDone();
            if (!more) {
                break;
            }
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

    /**
     * The documents of {@code sample} random Postgres rows; a row whose document is gone gets null
     * values, unless bellsys created the row itself and never had it in Firestore
     * ({@link #bellsysOnlyRows}).
     */
    @Override
    protected void readSample(Firestore db, Connection pg, int sample, ReadState state, RowSink sink) throws Exception {
        List<DocumentReference> refs = new ArrayList<>();
        List<Boolean> loaded = new ArrayList<>();
        try (Statement st = pg.createStatement();
                ResultSet rs = st.executeQuery(rowRefsQuery("ORDER BY random() LIMIT " + sample))) {
            while (rs.next()) {
                refs.add(ref(db, rs));
                loaded.add(rs.getBoolean(3));
            }
        }
        if (refs.isEmpty()) {
            return;
        }
        List<DocumentSnapshot> docs =
                db.getAll(refs.toArray(new DocumentReference[0])).get();
        for (int i = 0; i < docs.size(); i++) {
            DocumentSnapshot doc = docs.get(i);
            String path = doc.getReference().getPath();
            if (!doc.exists()) {
                if (loaded.get(i)) {
                    sink.accept(path, null, null);
                }
                continue;
            }
            String parentId = parentColumn() == null
                    ? null
                    : doc.getReference().getParent().getParent().getId();
            Map<String, Object> data = doc.getData();
            sink.accept(path, mapDocument(path, doc.getId(), parentId, data, state, dropped), data);
        }
    }

    @Override
    long bellsysOnlyRows(Firestore db, Connection pg) throws Exception {
        if (columns().stream().noneMatch(c -> c.name().equals(FIRESTORE_ID))) {
            return 0;
        }
        long count = 0;
        List<DocumentReference> refs = new ArrayList<>();
        try (Statement st = pg.createStatement();
                ResultSet rs = st.executeQuery(rowRefsQuery("WHERE " + FIRESTORE_ID + " IS NULL"))) {
            while (rs.next()) {
                refs.add(ref(db, rs));
            }
        }
        for (int from = 0; from < refs.size(); from += 300) {
            List<DocumentReference> batch = refs.subList(from, Math.min(refs.size(), from + 300));
            for (DocumentSnapshot doc : firestore(
                    () -> db.getAll(batch.toArray(new DocumentReference[0])).get())) {
                if (!doc.exists()) {
                    count++;
                }
            }
        }
        return count;
    }

    private static final String FIRESTORE_ID = "firestore_id";

    private String parentColumn() {
        return columns().stream()
                .filter(c -> c.conversion() == Conversion.PARENT_ID)
                .map(Column::name)
                .findFirst()
                .orElse(null);
    }

    /** key, parent id (or NULL), and whether the row was loaded from Firestore (else bellsys made it). */
    private String rowRefsQuery(String tail) {
        String parent = parentColumn();
        boolean hasFirestoreId = columns().stream().anyMatch(c -> c.name().equals(FIRESTORE_ID));
        return "SELECT " + key() + ", " + (parent == null ? "NULL" : parent) + ", "
                + (hasFirestoreId ? FIRESTORE_ID + " IS NOT NULL" : "true") + " FROM " + target + " " + tail;
    }

    private DocumentReference ref(Firestore db, ResultSet rs) throws java.sql.SQLException {
        return parentCollection == null
                ? db.collection(collection).document(rs.getString(1))
                : db.collection(parentCollection)
                        .document(rs.getString(2))
                        .collection(collection)
                        .document(rs.getString(1));
    }
}
