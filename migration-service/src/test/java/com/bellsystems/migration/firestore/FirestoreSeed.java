package com.bellsystems.migration.firestore;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.Blob;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.GeoPoint;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Firestore data the Phase 2 tests migrate: every Firestore value type (null, boolean,
 * integer, double, string, timestamp, geopoint, bytes, reference, map, array), nested maps and
 * arrays, subcollections (orders and an unrelated one), missing fields (schema defaults) and extra
 * fields (ignored), legacy fields the plan drops, and an {@code orders} collection outside
 * crm_customers that the collection-group query must skip.
 */
final class FirestoreSeed {

    /** Python bcrypt 5.0.0, gensalt(12, b"2b") of {@link #PASSWORD}; staff-auth-service's AuthFlowTest logs in with it. */
    static final String PY_2B_12 = "$2b$12$VidZZP86KRdwLSRW4GvXDOARvcca1R/FpLAHaZiVqFbGzFX7smd02";

    static final String PASSWORD = "correct horse battery staple";
    /** Python bcrypt 5.0.0, gensalt(10, b"2a"). */
    static final String PY_2A_10 = "$2a$10$8tOWMhsVGP2zVPiceBSYR.V6oQbaVzHEU4XzD7igGcWV3k5P6zhwK";

    /** 2025-10-03T12:00:01.123456Z */
    static final Timestamp T1 = Timestamp.ofTimeSecondsAndNanos(1_759_492_801L, 123_456_000);
    /** 2024-02-29T00:00:00Z */
    static final Timestamp T2 = Timestamp.ofTimeSecondsAndNanos(1_709_164_800L, 0);

    static final byte[] BYTES = "bell\u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1);

    private FirestoreSeed() {}

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** Writes one document (the test records its update time). */
    @FunctionalInterface
    interface Writer {
        void put(String path, Map<String, Object> data) throws Exception;
    }

    static List<Object> list(Object... items) {
        return Arrays.asList(items);
    }

    /** Writes the data set with the test's own firebase-admin client (see FirestoreMigrationTest#put). */
    static void seed(Firestore db, Writer fs) throws Exception {
        fs.put(
                "settings/console",
                map(
                        "company_name",
                        "Bell Systems Ε.Π.Ε.",
                        "smtp",
                        map("host", "mail.example.gr", "port", 587, "tls", true, "auth", map("user", "noreply")),
                        "holidays",
                        list(T1, T2),
                        "logo",
                        Blob.fromBytes(BYTES),
                        "hq",
                        new GeoPoint(37.9838, 23.7275),
                        "default_owner",
                        db.document("admin_users/u1"),
                        "ratio",
                        0.25,
                        "nothing",
                        null));
        fs.put(
                "settings/public_features",
                map(
                        "shop", true,
                        "booking", map("enabled", true, "config", map("slots", 4, "until", T2)),
                        "beta", map("enabled", false, "max", 3),
                        "legacy", map("note", "x")));

        fs.put(
                "crm_products/p1",
                map(
                        "name",
                        "Καμπάνα 50kg",
                        "sku",
                        "BELL-50",
                        "category",
                        "bells",
                        "description",
                        "Χυτή\tκαμπάνα\nγραμμή 2 \\ end",
                        "price",
                        1234.5,
                        "currency",
                        "EUR",
                        "unit_type",
                        "pcs",
                        "vat_percent",
                        13,
                        "stock_on_hand",
                        7,
                        "active",
                        false,
                        "photo_url",
                        "https://x/p1.jpg",
                        "created_at",
                        T2,
                        "updated_at",
                        T1,
                        "legacy_extra",
                        "ignored"));
        fs.put("crm_products/p2", map("name", "Minimal"));
        fs.put(
                "crm_products/p3",
                map(
                        "name",
                        "Numbers as text",
                        "sku",
                        1234L,
                        "price",
                        "12.5",
                        "stock_on_hand",
                        3.0,
                        "created_at",
                        "2025-10-03 12:00:01",
                        "updated_at",
                        1_759_492_801L));

        Map<String, Object> everything = new HashMap<>();
        everything.put("null", null);
        everything.put("bool", true);
        everything.put("int", 9_007_199_254_740_993L);
        everything.put("double", 2.5);
        everything.put("string", "Αθήνα 🔔");
        everything.put("time", T1);
        everything.put("geo", new GeoPoint(-33.5, 151.25));
        everything.put("bytes", Blob.fromBytes(BYTES));
        everything.put("ref", db.document("crm_products/p1"));
        // Firestore refuses an array directly inside an array ("Cannot convert an array value in an
        // array value"), so legacy data can only nest one through a map.
        everything.put("list", list(1L, "two", map("inner", list(3.5, map("deep", T2))), null));
        everything.put("map", map("a", map("b", map("c", db.document("admin_users/u2")))));
        fs.put(
                "crm_customers/c1",
                map(
                        "title",
                        "Fr.",
                        "name",
                        "Γιώργος",
                        "surname",
                        "Παπαδόπουλος",
                        "organization",
                        "Ι.Ν. Αγίου Νικολάου",
                        "religion",
                        "orthodox",
                        "language",
                        "en",
                        "folder_id",
                        "F-0001",
                        "relationship_status",
                        "active",
                        "nextcloud_folder",
                        "/Customers/F-0001",
                        "contacts",
                        list(
                                map("type", "email", "value", "g@example.gr", "primary", true),
                                map("type", "phone", "value", "+30 210 000", "primary", false)),
                        "notes",
                        list(map("text", "first\nvisit", "at", T1, "by", db.document("admin_users/u1"))),
                        "location",
                        new GeoPoint(37.98, 23.72),
                        "tags",
                        list("vip", "καμπάνες", "with \"quote\", comma {brace} \\ slash"),
                        "owned_items",
                        list(
                                map(
                                        "serial",
                                        "BS-1",
                                        "photo",
                                        Blob.fromBytes(BYTES),
                                        "installed",
                                        T2,
                                        "nested",
                                        map("deep", map("list", list(1L, 2.5, null, true)))),
                                map("serial", "BS-2")),
                        "linked_user_ids",
                        list("app-u1", db.document("users/app-u2")),
                        "technical_issues",
                        list(),
                        "install_support",
                        list(map("when", T2, "where", new GeoPoint(1.5, 2.5))),
                        "transaction_history",
                        list(map("amount", 10.25, "at", T1)),
                        "crm_summary",
                        everything,
                        "created_at",
                        T2,
                        "updated_at",
                        "2025-10-03T12:00:01.123456+02:00",
                        "negotiating",
                        true,
                        "has_problem",
                        false,
                        "unknown_extra",
                        "dropped with a warning"));
        fs.put("crm_customers/c2", map("name", "Minimal", "folder_id", "F-0002", "created_at", T1, "updated_at", T1));
        fs.put(
                "crm_customers/c3",
                map(
                        "name",
                        "With subcollections",
                        "folder_id",
                        "F-0003",
                        "created_at",
                        T1,
                        "updated_at",
                        T1,
                        "tags",
                        list(),
                        "crm_summary",
                        null));

        fs.put(
                "crm_customers/c1/orders/o1a",
                map(
                        "order_number",
                        "ORD-1",
                        "title",
                        "Καμπαναριό",
                        "created_by",
                        "u1",
                        "status",
                        "paid",
                        "status_updated_date",
                        T1,
                        "status_updated_by",
                        "u2",
                        "items",
                        list(map("product", db.document("crm_products/p1"), "qty", 2L, "price", 10.5)),
                        "subtotal",
                        21.0,
                        "discount",
                        map("type", "percent", "value", 5L),
                        "total_price",
                        19.95,
                        "currency",
                        "USD",
                        "shipping",
                        map("address", map("street", "Οδός 1", "city", "Αθήνα"), "geo", new GeoPoint(37.1, 23.2)),
                        "payment_status",
                        map("paid", true, "at", T1),
                        "invoice_path",
                        "/inv/1.pdf",
                        "notes",
                        "tab\there",
                        "timeline",
                        list(map("at", T1, "event", "created"), map("at", T2, "event", "paid")),
                        "created_at",
                        T2,
                        "updated_at",
                        T1));
        fs.put("crm_customers/c1/orders/o1b", map("order_number", "ORD-2", "created_at", T1, "updated_at", T1));
        fs.put(
                "crm_customers/c3/orders/o3a",
                map("order_number", "ORD-3", "created_at", T1, "updated_at", T1, "discount", null, "extra", 1L));
        fs.put("crm_customers/c3/files/f1", map("name", "not an order"));
        // a top-level "orders" collection (e.g. another app's): the collection group finds it, the job skips it
        fs.put("orders/x1", map("order_number", "OTHER-1"));

        fs.put(
                "firmware_versions/fw1",
                map(
                        "hw_type",
                        "bell-ctl",
                        "channel",
                        "beta",
                        "version",
                        "1.2.3",
                        "filename",
                        "fw.bin",
                        "download_url",
                        "https://x/fw.bin",
                        "size_bytes",
                        5_000_000_000L,
                        "sha256",
                        "ab".repeat(32),
                        "changelog",
                        "fixes",
                        "mandatory",
                        true,
                        "metadata",
                        map("built", T1, "sig", Blob.fromBytes(BYTES)),
                        "uploaded_at",
                        T1,
                        "created_at",
                        T2));
        fs.put("firmware_versions/fw2", map("hw_type", "bell-ctl", "version", "1.0.0"));

        fs.put(
                "admin_users/u1",
                map(
                        "email",
                        "admin@bellsystems.gr",
                        "name",
                        "Admin",
                        "role",
                        "sysadmin",
                        "permissions",
                        null,
                        "hashed_password",
                        PY_2B_12,
                        "is_active",
                        true,
                        "created_at",
                        T2,
                        "updated_at",
                        T1));
        fs.put(
                "admin_users/u2",
                map(
                        "email",
                        "maria@bellsystems.gr",
                        "name",
                        "Μαρία",
                        "role",
                        "staff",
                        "permissions",
                        map("crm", map("view", true, "edit", false)),
                        "hashed_password",
                        PY_2A_10,
                        "is_active",
                        false,
                        "ui_prefs",
                        map("theme", "dark", "pinned", list("crm"))));
        fs.put(
                "admin_users/u3",
                map("email", "nikos@bellsystems.gr", "name", "Νίκος", "hashed_password", PY_2B_12, "last_login", T1));
    }
}
