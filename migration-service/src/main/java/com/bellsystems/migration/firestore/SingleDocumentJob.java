package com.bellsystems.migration.firestore;

import com.bellsystems.firestore.FirestoreValues;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A single Firestore document spread over rows, one per top-level field: the {@code settings}
 * document into {@code console_settings} (key, value as JSONB) and the {@code public_features}
 * document into {@code public_features} (feature, enabled, config). Rows take the document's
 * update time as {@code updated_at}. A missing (or empty) document fails the job unless the operator
 * allows it ({@code bellsys.migration.firestore.allow-empty}); the other documents of its
 * collection are parked and reported.
 */
public final class SingleDocumentJob extends FirestoreJob {

    /** How one top-level field becomes a row. */
    enum Kind {
        SETTINGS,
        FEATURES
    }

    private final Kind kind;
    private final java.util.function.Supplier<String> documentPath;

    private SingleDocumentJob(
            String name,
            String step,
            String target,
            Kind kind,
            java.util.function.Supplier<String> documentPath,
            List<Column> columns) {
        super(name, 2, step, target, columns);
        this.kind = kind;
        this.documentPath = documentPath;
    }

    /** 2.1: every top-level field of the settings document is one console_settings row. */
    static SingleDocumentJob settings() {
        return new SingleDocumentJob(
                "settings",
                "2.1",
                "console_settings",
                Kind.SETTINGS,
                FirestoreSource::settingsDocument,
                List.of(
                        Column.req("key", Conversion.TEXT), Column.req("value", Conversion.JSON),
                        Column.nullable("updated_by", Conversion.TEXT),
                                Column.def("updated_at", Conversion.TIME, Column.NOW)));
    }

    /**
     * 2.2: every top-level field of the public_features document is one feature. A boolean is the
     * feature's switch with an empty config; a map gives {@code enabled} (default false) and its
     * {@code config} map, or, without one, the map's other fields as the config.
     */
    static SingleDocumentJob publicFeatures() {
        return new SingleDocumentJob(
                "public_features",
                "2.2",
                "public_features",
                Kind.FEATURES,
                FirestoreSource::publicFeaturesDocument,
                List.of(
                        Column.req("feature", Conversion.TEXT),
                        Column.def("enabled", Conversion.BOOL, false),
                        Column.def("config", Conversion.JSON_OBJECT, "{}"),
                        Column.nullable("updated_by", Conversion.TEXT),
                        Column.def("updated_at", Conversion.TIME, Column.NOW)));
    }

    public String documentPath() {
        return documentPath.get();
    }

    private DocumentSnapshot document(Firestore db) throws Exception {
        return db.document(documentPath.get()).get().get();
    }

    @Override
    protected long countSource(Firestore db) throws Exception {
        DocumentSnapshot doc = document(db);
        return doc.exists() ? doc.getData().size() : 0;
    }

    @Override
    protected void read(Firestore db, ReadState state, RowSink sink) throws Exception {
        DocumentSnapshot doc = document(db);
        String path = documentPath.get();
        parkSiblings(db, path, state);
        if (!doc.exists()) {
            requireSource(0, "the Firestore document " + path + " does not exist (configured by " + configKey() + ")");
            state.warnings.add(
                    name() + ": the document " + path + " does not exist; allowed empty, nothing to migrate");
            return;
        }
        requireSource(doc.getData().size(), "the Firestore document " + path + " has no fields");
        Object updated = doc.getUpdateTime() == null ? state.now : Conversion.micros(doc.getUpdateTime());
        for (Map.Entry<String, Object> e : doc.getData().entrySet()) {
            String field = e.getKey();
            Object raw = e.getValue();
            Map<String, Object> source = new LinkedHashMap<>();
            source.put(field, raw);
            try {
                Object[] row = kind == Kind.SETTINGS
                        ? setting(path, field, raw, state, updated)
                        : feature(path, field, raw, state, updated);
                sink.accept(path + "#" + field, row, source);
            } catch (IllegalArgumentException ex) {
                throw fieldError(path, field, ex.getMessage());
            }
        }
    }

    private String configKey() {
        return kind == Kind.SETTINGS
                ? "bellsys.migration.firestore.settings-document"
                : "bellsys.migration.firestore.public-features-document";
    }

    /**
     * Every other document of the configured document's collection is accounted for: parked
     * (kept whole, with the reason) and reported, never skipped without a word. The public
     * features job leaves the settings document's collection to the settings job.
     */
    private void parkSiblings(Firestore db, String path, ReadState state) throws Exception {
        DocumentReference ref = db.document(path);
        String collection = ref.getParent().getPath();
        if (kind == Kind.FEATURES
                && db.document(FirestoreSource.settingsDocument())
                        .getParent()
                        .getPath()
                        .equals(collection)) {
            return;
        }
        Set<String> configured = Set.of(FirestoreSource.settingsDocument(), FirestoreSource.publicFeaturesDocument());
        for (QueryDocumentSnapshot doc : ref.getParent().get().get().getDocuments()) {
            String p = doc.getReference().getPath();
            if (!configured.contains(p)) {
                state.parkUncounted(new Parked(
                        collection,
                        doc.getId(),
                        p,
                        "a document of '" + collection + "' that is neither the settings document ("
                                + FirestoreSource.settingsDocument() + ") nor the public features document ("
                                + FirestoreSource.publicFeaturesDocument() + "); nothing migrates it",
                        doc.getData()));
            }
        }
    }

    /** The parked documents are not rows of this job's source count (which counts fields). */
    @Override
    long countSourceForVerify(Firestore db, Connection pg) throws Exception {
        return firestore(() -> countSource(db));
    }

    private Object[] setting(String path, String field, Object raw, ReadState state, Object updated) {
        String value = Conversion.json(raw, state.json);
        Map<String, Object> extra = new LinkedHashMap<>();
        if (!FirestoreValues.same(Conversion.JSON.back(value, state.json), raw)) {
            extra.put(field, raw);
            state.inexact(new Inexact(path, field, "value", describe(raw), value));
        }
        return new Object[] {field, value, null, updated, extra(path, extra, state)};
    }

    /**
     * A boolean is the switch with an empty config; a map gives {@code enabled} and its
     * {@code config} map, or, without one, its other keys as the config. Keys beside
     * {@code enabled} and {@code config} (e.g. {@code percent}, {@code audience}) have no column:
     * the feature's whole original is kept in firestore_extra and they are reported. A feature
     * whose shape the columns do not give back exactly (a plain boolean, a map without config)
     * keeps its original there too, counted in the report.
     */
    private Object[] feature(String path, String field, Object raw, ReadState state, Object updated) {
        boolean enabled;
        String config;
        if (raw instanceof Boolean b) {
            enabled = b;
            config = "{}";
        } else if (raw instanceof Map<?, ?> map) {
            Object on = map.get("enabled");
            Object cfg = map.get("config");
            Map<String, Object> rest = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                if (!"enabled".equals(k) && !"config".equals(k)) {
                    rest.put(String.valueOf(k), v);
                }
            });
            if (cfg != null && !(cfg instanceof Map<?, ?>)) {
                throw new IllegalArgumentException("config: expected a map, found " + Conversion.kind(cfg));
            }
            enabled = on == null ? false : Conversion.bool(on);
            config = Conversion.json(cfg != null ? cfg : rest, state.json);
            if (cfg != null && !rest.isEmpty()) {
                rest.keySet().forEach(k -> state.extraField(field + "." + k));
            }
        } else {
            throw new IllegalArgumentException("expected a boolean or a map, found " + Conversion.kind(raw));
        }
        Map<String, Object> rebuilt = featureValue(enabled, config, state.json);
        Map<String, Object> extra = new LinkedHashMap<>();
        if (!FirestoreValues.same(rebuilt, raw)) {
            extra.put(field, raw);
            state.typedOriginals++;
        }
        return new Object[] {field, enabled, config, null, updated, extra(path, extra, state)};
    }

    private static Map<String, Object> featureValue(boolean enabled, Object config, ObjectMapper json) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("enabled", enabled);
        value.put("config", Conversion.JSON.back(config, json));
        return value;
    }

    /** The field as a writer restores it: firestore_extra's original, else the row's value. */
    @Override
    protected Map<String, Object> rebuild(Object[] row, Map<String, Object> source, ObjectMapper json) {
        Map<String, Object> extra = extraFields(row[extraIndex()], json);
        String field = (String) row[0];
        Map<String, Object> doc = new LinkedHashMap<>();
        if (extra.containsKey(field)) {
            doc.put(field, extra.get(field));
        } else if (kind == Kind.SETTINGS) {
            doc.put(field, Conversion.JSON.back(row[1], json));
        } else {
            doc.put(field, featureValue((Boolean) row[1], row[2], json));
        }
        extra.forEach((k, v) -> {
            if (!k.equals(field)) {
                doc.put(k, v);
            }
        });
        return doc;
    }
}
