package com.bellsystems.crm.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.bellsystems.common.testing.FirestoreEmulatorResource;
import com.bellsystems.common.testing.TestDatabaseResource;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import com.google.cloud.firestore.GeoPoint;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The legacy Firestore documents the app reads, as typed JSON fixtures under
 * {@code src/test/resources/firestore} ({"$timestamp": iso}, {"$geo": [lat, lng]}): seeding them
 * into the run's emulator project, reading documents back with the test's own firebase-admin
 * client, and checking that a document the Console wrote has the fixture's shape (same fields,
 * same Firestore types, recursively).
 */
public final class LegacyFixtures {

    private LegacyFixtures() {}

    public static JsonObject fixture(String name) {
        try (InputStream in = LegacyFixtures.class.getResourceAsStream("/firestore/" + name + ".json")) {
            return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException("fixture " + name, e);
        }
    }

    private static final Map<String, Firestore> CLIENTS = new ConcurrentHashMap<>();

    /**
     * The test's own client of the run's emulator project, one per run. A plain Firestore client
     * (no FirebaseApp): FirebaseApp names live in a registry that outlives a Quarkus restart in the
     * test JVM, and a leaked test app would clash with the next run's service provider's name.
     */
    public static Firestore db() {
        String hostPort = FirestoreEmulatorResource.emulator().hostPort();
        String projectId = FirestoreEmulatorResource.projectId();
        return CLIENTS.computeIfAbsent(hostPort + "/" + projectId, k -> FirestoreOptions.newBuilder()
                .setProjectId(projectId)
                .setEmulatorHost(hostPort)
                .setCredentials(GoogleCredentials.create(new AccessToken("owner", null)))
                .build()
                .getService());
    }

    /** Writes the fixture (with overrides, typed JSON as well) as {@code collection/id}. */
    public static void seed(String collection, String id, JsonObject fixture, Map<String, Object> overrides) {
        Map<String, Object> data = new LinkedHashMap<>();
        fixture.getMap().keySet().forEach(k -> data.put(k, firestoreValue(fixture.getValue(k))));
        overrides.forEach((k, v) -> data.put(k, firestoreValue(v)));
        try {
            db().collection(collection).document(id).set(data).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("seeding " + collection + "/" + id, e);
        }
    }

    public static Map<String, Object> read(String collection, String id) {
        try {
            return db().collection(collection)
                    .document(id)
                    .get()
                    .get(30, TimeUnit.SECONDS)
                    .getData();
        } catch (Exception e) {
            throw new IllegalStateException("reading " + collection + "/" + id, e);
        }
    }

    static Object firestoreValue(Object v) {
        if (v instanceof JsonObject o) {
            if (o.containsKey("$timestamp")) {
                return Timestamp.parseTimestamp(o.getString("$timestamp"));
            }
            if (o.containsKey("$geo")) {
                return new GeoPoint(
                        o.getJsonArray("$geo").getDouble(0),
                        o.getJsonArray("$geo").getDouble(1));
            }
            Map<String, Object> m = new LinkedHashMap<>();
            o.getMap().keySet().forEach(k -> m.put(k, firestoreValue(o.getValue(k))));
            return m;
        }
        if (v instanceof Map<?, ?> map) {
            return firestoreValue(new JsonObject(new LinkedHashMap<>((Map<String, Object>) map)));
        }
        if (v instanceof JsonArray a) {
            List<Object> l = new ArrayList<>();
            a.forEach(x -> l.add(firestoreValue(x)));
            return l;
        }
        if (v instanceof List<?> l) {
            return firestoreValue(new JsonArray(new ArrayList<>(l)));
        }
        if (v instanceof Integer i) {
            return i.longValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        return v;
    }

    /** The document has exactly the fixture's fields, each of the fixture's Firestore type. */
    public static void assertSameShape(JsonObject fixture, Map<String, Object> document) {
        assertShape("", firestoreValue(fixture), document);
    }

    @SuppressWarnings("unchecked")
    private static void assertShape(String path, Object expected, Object actual) {
        if (expected == null) {
            assertNull(actual, path + " should be null like in the legacy document");
            return;
        }
        if (actual == null) {
            fail(path + " is null, the legacy document has a "
                    + expected.getClass().getSimpleName());
        }
        if (expected instanceof Map<?, ?> e) {
            assertTrue(actual instanceof Map<?, ?>, path + " should be a map, is " + actual.getClass());
            Map<String, Object> a = (Map<String, Object>) actual;
            assertEquals(
                    new TreeSet<>(e.keySet()),
                    new TreeSet<>(a.keySet()),
                    "fields of " + (path.isEmpty() ? "the document" : path));
            e.forEach((k, v) -> assertShape(path.isEmpty() ? (String) k : path + "." + k, v, a.get(k)));
            return;
        }
        if (expected instanceof List<?> e) {
            assertTrue(actual instanceof List<?>, path + " should be an array, is " + actual.getClass());
            if (!e.isEmpty()) {
                for (Object item : (List<?>) actual) {
                    assertShape(path + "[]", e.get(0), item);
                }
            }
            return;
        }
        assertEquals(
                expected.getClass(), actual.getClass(), path + " has another Firestore type than the legacy document");
    }

    /** Runs SQL on the run's database (set-up of rows other services own). */
    public static void sql(String statement, Object... params) {
        String db = ConfigProvider.getConfig().getValue("bellsys.test.database", String.class);
        try (Connection c = TestDatabaseResource.connect(db);
                PreparedStatement s = c.prepareStatement(statement)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            s.execute();
        } catch (Exception e) {
            throw new IllegalStateException(statement, e);
        }
    }

    /** A CRM customer row with the given linked app users. */
    public static void customer(String id, String name, String... linkedUserIds) {
        sql(
                "INSERT INTO crm_customers (id, name, folder_id, linked_user_ids, created_at, updated_at) "
                        + "VALUES (?, ?, ?, ?::text[], now(), now())",
                id,
                name,
                "folder-" + id,
                "{" + String.join(",", linkedUserIds) + "}");
    }
}
