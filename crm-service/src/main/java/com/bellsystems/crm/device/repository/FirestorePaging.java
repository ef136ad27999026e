package com.bellsystems.crm.device.repository;

import com.bellsystems.common.paging.KeysetPage;
import com.bellsystems.common.problem.ProblemException;
import com.bellsystems.crm.device.FirestoreDoc;
import com.google.cloud.firestore.FieldPath;
import com.google.cloud.firestore.Query;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.cloud.firestore.QuerySnapshot;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Keyset paging over a Firestore query, the way Firestore pages cheaply: ordered by a field (for
 * a prefix search) or by document id (a plain list, so documents lacking the field are not
 * dropped), continued with {@code startAfter} from an opaque cursor, never with an offset (which
 * Firestore bills and scans document by document). One document is read past the page to know
 * whether a next cursor is due.
 */
public final class FirestorePaging {

    public static final long TIMEOUT_SECONDS = 20;

    private FirestorePaging() {}

    /**
     * Runs {@code base} (its equality filters already applied) as one page. {@code prefixField}
     * and {@code prefix} (both or neither) restrict it to values starting with {@code prefix}.
     * Blocking: call through {@link FirestoreCalls}.
     */
    public static <T> KeysetPage<T> page(
            Query base, String prefixField, String prefix, String cursor, int limit, Function<FirestoreDoc, T> view)
            throws Exception {
        String orderKey = prefixField == null ? "__id__" : prefixField;
        Cursor after = Cursor.decode(cursor, orderKey);
        Query q = base;
        if (prefixField != null) {
            q = q.whereGreaterThanOrEqualTo(prefixField, prefix)
                    .whereLessThan(prefixField, prefix + "\uf8ff")
                    .orderBy(prefixField)
                    .orderBy(FieldPath.documentId());
            if (after != null) {
                q = q.startAfter(after.value(), after.id());
            }
        } else {
            q = q.orderBy(FieldPath.documentId());
            if (after != null) {
                q = q.startAfter(after.id());
            }
        }
        QuerySnapshot snapshot = q.limit(limit + 1).get().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        List<QueryDocumentSnapshot> docs = snapshot.getDocuments();
        List<T> items = new ArrayList<>();
        for (int i = 0; i < Math.min(limit, docs.size()); i++) {
            items.add(view.apply(doc(docs.get(i))));
        }
        String next = null;
        if (docs.size() > limit) {
            QueryDocumentSnapshot last = docs.get(limit - 1);
            next = new Cursor(orderKey, prefixField == null ? null : last.getString(prefixField), last.getId())
                    .encode();
        }
        return KeysetPage.of(items, limit, next);
    }

    public static FirestoreDoc doc(com.google.cloud.firestore.DocumentSnapshot s) {
        return new FirestoreDoc(s.getId(), s.getData(), s.getUpdateTime());
    }

    /** Where a page ends: the order key it belongs to, the last value of that key and the last id. */
    record Cursor(String key, String value, String id) {

        String encode() {
            String raw =
                    new JsonObject().put("k", key).put("v", value).put("id", id).encode();
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String encoded, String expectedKey) {
            if (encoded == null || encoded.isBlank()) {
                return null;
            }
            try {
                JsonObject o = new JsonObject(
                        new String(Base64.getUrlDecoder().decode(encoded.trim()), StandardCharsets.UTF_8));
                Cursor c = new Cursor(o.getString("k"), o.getString("v"), o.getString("id"));
                if (!expectedKey.equals(c.key()) || c.id() == null) {
                    throw new IllegalArgumentException("cursor of another query");
                }
                return c;
            } catch (RuntimeException e) {
                throw ProblemException.invalidField(
                        "cursor", "is not a cursor of this list; pass next_cursor back unchanged with the same q");
            }
        }
    }

    /** Limit of a Firestore list: default 50, at most 200; a 400 naming {@code limit} otherwise. */
    public static int limit(Integer limit) {
        if (limit == null) {
            return 50;
        }
        if (limit < 1 || limit > 200) {
            throw ProblemException.invalidField("limit", "must be between 1 and 200");
        }
        return limit;
    }
}
