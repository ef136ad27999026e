package com.bellsystems.firestore.fake;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.Blob;
import com.google.cloud.firestore.GeoPoint;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the fake as a standalone process for the local demo ({@code bin/start --demo}), seeded from
 * a JSON file: {@code {"collection/doc": {fields...}, ...}}. Typed values are written as one-key
 * objects: {@code {"$timestamp": "2025-01-02T03:04:05Z"}}, {@code {"$geo": [lat, lng]}},
 * {@code {"$ref": "collection/doc"}}, {@code {"$bytes": "<base64>"}}.
 * <p>
 * Usage: {@code FakeFirestoreMain <port> [seed.json]}; stops on SIGTERM.
 */
public final class FakeFirestoreMain {

    private FakeFirestoreMain() {}

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8090;
        FakeFirestore fake = FakeFirestore.start(port);
        int documents = 0;
        if (args.length > 1) {
            try (Reader reader = Files.newBufferedReader(Path.of(args[1]), StandardCharsets.UTF_8)) {
                JsonObject seed = JsonParser.parseReader(reader).getAsJsonObject();
                for (Map.Entry<String, JsonElement> doc : seed.entrySet()) {
                    fake.put(doc.getKey(), fields(doc.getValue().getAsJsonObject()));
                    documents++;
                }
            } catch (IOException e) {
                fake.close();
                throw e;
            }
        }
        System.out.printf("fake Firestore on %s with %d seeded documents%n", fake.hostPort(), documents);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            fake.close();
            stopped.countDown();
        }));
        stopped.await();
    }

    static Map<String, Object> fields(JsonObject json) {
        Map<String, Object> out = new LinkedHashMap<>();
        json.entrySet().forEach(e -> out.put(e.getKey(), value(e.getValue())));
        return out;
    }

    static Object value(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (e.isJsonArray()) {
            List<Object> list = new ArrayList<>();
            e.getAsJsonArray().forEach(x -> list.add(value(x)));
            return list;
        }
        if (e.isJsonObject()) {
            JsonObject o = e.getAsJsonObject();
            if (o.size() == 1) {
                if (o.has("$timestamp")) {
                    return Timestamp.parseTimestamp(o.get("$timestamp").getAsString());
                }
                if (o.has("$geo")) {
                    JsonArray ll = o.getAsJsonArray("$geo");
                    return new GeoPoint(ll.get(0).getAsDouble(), ll.get(1).getAsDouble());
                }
                if (o.has("$ref")) {
                    return FakeFirestore.ref(o.get("$ref").getAsString());
                }
                if (o.has("$bytes")) {
                    return Blob.fromBytes(
                            Base64.getDecoder().decode(o.get("$bytes").getAsString()));
                }
            }
            return fields(o);
        }
        var p = e.getAsJsonPrimitive();
        if (p.isBoolean()) {
            return p.getAsBoolean();
        }
        if (p.isNumber()) {
            String text = p.getAsString();
            return text.contains(".") || text.contains("e") || text.contains("E")
                    ? (Object) p.getAsDouble()
                    : (Object) p.getAsLong();
        }
        return p.getAsString();
    }
}
