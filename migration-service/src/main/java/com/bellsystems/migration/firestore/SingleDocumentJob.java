package com.bellsystems.migration.firestore;

import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A single Firestore document spread over rows, one per top-level field: the {@code settings}
 * document into {@code console_settings} (key, value as JSONB) and the {@code public_features}
 * document into {@code public_features} (feature, enabled, config). Rows take the document's
 * update time as {@code updated_at}. A missing document migrates nothing and says so.
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
        if (!doc.exists()) {
            state.warnings.add(name() + ": the document " + path + " does not exist; nothing to migrate");
            return;
        }
        Object updated = doc.getUpdateTime() == null ? state.now : Conversion.micros(doc.getUpdateTime());
        for (Map.Entry<String, Object> e : doc.getData().entrySet()) {
            String field = e.getKey();
            Object raw = e.getValue();
            try {
                Object[] row = kind == Kind.SETTINGS
                        ? new Object[] {field, Conversion.json(raw, state.json), null, updated}
                        : feature(field, raw, state, updated);
                sink.accept(path + "#" + field, row);
            } catch (IllegalArgumentException ex) {
                throw fieldError(path, field, ex.getMessage());
            }
        }
    }

    private static Object[] feature(String field, Object raw, ReadState state, Object updated) {
        if (raw instanceof Boolean b) {
            return new Object[] {field, b, "{}", null, updated};
        }
        if (raw instanceof Map<?, ?> map) {
            Object enabled = map.get("enabled");
            Object config = map.get("config");
            Map<String, Object> rest = new LinkedHashMap<>();
            if (config == null) {
                map.forEach((k, v) -> {
                    if (!"enabled".equals(k)) {
                        rest.put(String.valueOf(k), v);
                    }
                });
            } else if (!(config instanceof Map<?, ?>)) {
                throw new IllegalArgumentException("config: expected a map, found " + Conversion.kind(config));
            }
            return new Object[] {
                field,
                enabled == null ? Boolean.FALSE : Conversion.bool(enabled),
                Conversion.json(config != null ? config : rest, state.json),
                null,
                updated
            };
        }
        throw new IllegalArgumentException("expected a boolean or a map, found " + Conversion.kind(raw));
    }
}
