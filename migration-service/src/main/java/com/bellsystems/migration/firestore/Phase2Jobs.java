package com.bellsystems.migration.firestore;

import static com.bellsystems.migration.firestore.Column.NOW;
import static com.bellsystems.migration.firestore.Column.def;
import static com.bellsystems.migration.firestore.Column.defKeepNull;
import static com.bellsystems.migration.firestore.Column.docId;
import static com.bellsystems.migration.firestore.Column.nullable;
import static com.bellsystems.migration.firestore.Column.parentId;
import static com.bellsystems.migration.firestore.Column.req;
import static com.bellsystems.migration.firestore.Conversion.BIGINT;
import static com.bellsystems.migration.firestore.Conversion.BOOL;
import static com.bellsystems.migration.firestore.Conversion.INT;
import static com.bellsystems.migration.firestore.Conversion.JSON;
import static com.bellsystems.migration.firestore.Conversion.JSON_ARRAY;
import static com.bellsystems.migration.firestore.Conversion.JSON_OBJECT;
import static com.bellsystems.migration.firestore.Conversion.NUMERIC_12_2;
import static com.bellsystems.migration.firestore.Conversion.NUMERIC_5_2;
import static com.bellsystems.migration.firestore.Conversion.TEXT;
import static com.bellsystems.migration.firestore.Conversion.TEXT_ARRAY;
import static com.bellsystems.migration.firestore.Conversion.TIME;

import com.bellsystems.common.security.StaffPermissions;
import com.bellsystems.migration.engine.JobContext;
import com.bellsystems.migration.engine.MigrationException;
import com.bellsystems.migration.engine.MigrationJob;
import com.bellsystems.migration.engine.MigrationJob.Requirement;
import com.bellsystems.migration.engine.TableLoad;
import com.bellsystems.migration.firestore.FirestoreJob.ReadState;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The Firestore jobs in the spec's order: Phase 2 (2.1 settings, 2.2 public_features,
 * 2.3 crm_products, 2.4 crm_customers, 2.5 crm_orders, then firmware_versions as 2.6) and Phase 3's
 * 3.1 staff. Like Phase1Tables this is the whole per-table knowledge: which document fields fill
 * which columns, and what a missing field becomes (the V1 schema's defaults; NOT NULL columns
 * without one are required). Fields keep their column names, as the Python backend wrote them.
 */
public final class Phase2Jobs {

    static final String QUOTATION_FK = "fk_crm_quotations_customer";
    static final BigDecimal ZERO = BigDecimal.ZERO;

    private Phase2Jobs() {}

    /** Every Firestore job, in run order. */
    public static List<MigrationJob> all() {
        return List.of(
                SingleDocumentJob.settings(),
                SingleDocumentJob.publicFeatures(),
                products(),
                customers(),
                orders(),
                firmware(),
                staff());
    }

    static CollectionJob products() {
        return new CollectionJob(
                "crm_products",
                2,
                "2.3",
                "crm_products",
                "crm_products",
                null,
                List.of(),
                List.of(
                        docId("id"),
                        docId("firestore_id"),
                        req("name", TEXT),
                        nullable("sku", TEXT),
                        nullable("category", TEXT),
                        nullable("description", TEXT),
                        def("price", NUMERIC_12_2, ZERO),
                        def("currency", TEXT, "EUR"),
                        def("unit_type", TEXT, "pcs"),
                        def("vat_percent", NUMERIC_5_2, new BigDecimal("24")),
                        def("stock_on_hand", INT, 0L),
                        def("active", BOOL, true),
                        nullable("photo_url", TEXT),
                        def("created_at", TIME, NOW),
                        def("updated_at", TIME, NOW)));
    }

    static CollectionJob customers() {
        return new CustomersJob();
    }

    static CollectionJob orders() {
        return new OrdersJob();
    }

    static CollectionJob firmware() {
        return new CollectionJob(
                "firmware_versions",
                2,
                "2.6",
                "firmware_versions",
                "firmware_versions",
                null,
                List.of(),
                List.of(
                        docId("id"),
                        docId("firestore_id"),
                        req("hw_type", TEXT),
                        def("channel", TEXT, "stable"),
                        req("version", TEXT),
                        nullable("filename", TEXT),
                        nullable("download_url", TEXT),
                        nullable("size_bytes", BIGINT),
                        nullable("sha256", TEXT),
                        nullable("changelog", TEXT),
                        def("mandatory", BOOL, false),
                        def("metadata", JSON_OBJECT, "{}"),
                        nullable("uploaded_at", TIME),
                        def("created_at", TIME, NOW)));
    }

    /**
     * 3.1: admin_users → staff; bcrypt hashes are copied byte for byte, never re-hashed. Being
     * Phase 3, it waits for every Phase 2 job, the orders included (engine/Prerequisites).
     */
    static CollectionJob staff() {
        return new StaffJob();
    }

    /**
     * 3.1 with the permission catalogue of common ({@code StaffPermissions}): a member whose role
     * is not one of the catalogue's is parked (never given a role nothing knows), and a permission
     * map naming an unknown area or action is copied as it is but reported with a warning.
     */
    static final class StaffJob extends CollectionJob {

        StaffJob() {
            super(
                    "staff",
                    3,
                    "3.1",
                    "staff",
                    "admin_users",
                    null,
                    List.of(),
                    List.of(
                            docId("id"),
                            docId("firestore_id"),
                            req("email", TEXT),
                            req("name", TEXT),
                            def("role", TEXT, "staff"),
                            // null means "the role's defaults" since Phase 3; an absent field takes the schema's '{}'
                            defKeepNull("permissions", JSON_OBJECT, "{}"),
                            req("hashed_password", TEXT),
                            def("is_active", BOOL, true),
                            nullable("ui_prefs", JSON_OBJECT),
                            def("created_at", TIME, NOW),
                            def("updated_at", TIME, NOW)));
        }

        @Override
        protected String parkReason(
                String path, String id, String parentId, Map<String, Object> data, ReadState state) {
            Object role = data.get("role");
            if (role != null && !(role instanceof String r && StaffPermissions.ROLES.contains(r))) {
                return "unknown role " + (role instanceof String ? "'" + role + "'" : Conversion.kind(role))
                        + " (the roles are " + String.join(", ", new TreeSet<>(StaffPermissions.ROLES))
                        + "); not copied, give the member a known role in Firestore or create them in staff";
            }
            Object permissions = data.get("permissions");
            if (permissions instanceof Map<?, ?> map) {
                Map<String, Object> typed = new LinkedHashMap<>();
                map.forEach((k, v) -> typed.put(String.valueOf(k), v));
                Set<String> unknown = StaffPermissions.unknown(typed);
                if (!unknown.isEmpty()) {
                    unknownPermissions(state).put(path, List.copyOf(unknown));
                    state.warnings.add("staff: " + path + " has permission(s) the catalogue does not know: "
                            + String.join(", ", unknown)
                            + "; copied as they are, they grant nothing any endpoint asks for");
                }
            } else if (permissions != null) {
                unknownPermissions(state).put(path, List.of("permissions=" + Conversion.kind(permissions)));
            }
            return null;
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Object> unknownPermissions(ReadState state) {
            return (Map<String, Object>) state.extraReport.computeIfAbsent("unknown_permissions", k -> new TreeMap<>());
        }
    }

    /**
     * 2.4: keeps the document id as id and firestore_id, drops the legacy negotiating and
     * has_problem fields, and once customers exist validates the Phase 1 quotations key.
     */
    static final class CustomersJob extends CollectionJob {

        CustomersJob() {
            super(
                    "crm_customers",
                    2,
                    "2.4",
                    "crm_customers",
                    "crm_customers",
                    null,
                    List.of("negotiating", "has_problem"),
                    List.of(
                            docId("id"),
                            docId("firestore_id"),
                            nullable("title", TEXT),
                            req("name", TEXT),
                            nullable("surname", TEXT),
                            nullable("organization", TEXT),
                            nullable("religion", TEXT),
                            def("language", TEXT, "el"),
                            req("folder_id", TEXT),
                            def("relationship_status", TEXT, "lead"),
                            nullable("nextcloud_folder", TEXT),
                            def("contacts", JSON_ARRAY, "[]"),
                            def("notes", JSON_ARRAY, "[]"),
                            nullable("location", JSON),
                            def("tags", TEXT_ARRAY, List.of()),
                            def("owned_items", JSON_ARRAY, "[]"),
                            def("linked_user_ids", TEXT_ARRAY, List.of()),
                            def("technical_issues", JSON_ARRAY, "[]"),
                            def("install_support", JSON_ARRAY, "[]"),
                            def("transaction_history", JSON_ARRAY, "[]"),
                            nullable("crm_summary", JSON),
                            req("created_at", TIME),
                            req("updated_at", TIME)));
        }

        /** A quotation naming a customer Firestore does not have fails this job, named, before VALIDATE. */
        @Override
        protected void afterInsert(Connection pg, JobContext ctx) throws SQLException {
            if (scalar(pg, "SELECT count(*) FROM pg_constraint WHERE conname = '" + QUOTATION_FK + "'") == 0) {
                ctx.out().accept("crm_customers: constraint " + QUOTATION_FK + " does not exist; nothing to validate");
                return;
            }
            List<String> orphans = listed(
                    pg,
                    "SELECT 'quotation ' || q.id || ' (customer_id ' || q.customer_id || ')' "
                            + "FROM crm_quotations q WHERE q.customer_id IS NOT NULL AND NOT EXISTS "
                            + "(SELECT 1 FROM crm_customers c WHERE c.id = q.customer_id) ORDER BY q.id");
            if (!orphans.isEmpty()) {
                throw new MigrationException(
                        "crm_customers: cannot validate " + QUOTATION_FK + ", these quotations name a "
                                + "customer that is in neither Firestore nor Postgres: " + String.join(", ", orphans)
                                + "; the whole job was rolled back");
            }
            try (Statement st = pg.createStatement()) {
                st.execute("ALTER TABLE crm_quotations VALIDATE CONSTRAINT " + QUOTATION_FK);
            }
            ctx.out().accept("crm_customers: validated " + QUOTATION_FK);
        }
    }

    /**
     * 2.5: every {@code orders} subcollection under crm_customers through one collection-group
     * query; the customer id is the parent document's id. Refused until crm_customers has run; an
     * order whose customer is missing is parked and reported, the others load.
     */
    static final class OrdersJob extends CollectionJob {

        OrdersJob() {
            super(
                    "crm_orders",
                    2,
                    "2.5",
                    "crm_orders",
                    "orders",
                    "crm_customers",
                    List.of(),
                    List.of(
                            docId("id"),
                            parentId("customer_id"),
                            req("order_number", TEXT),
                            nullable("title", TEXT),
                            nullable("created_by", TEXT),
                            def("status", TEXT, "negotiating"),
                            nullable("status_updated_date", TIME),
                            nullable("status_updated_by", TEXT),
                            def("items", JSON_ARRAY, "[]"),
                            def("subtotal", NUMERIC_12_2, ZERO),
                            nullable("discount", JSON),
                            def("total_price", NUMERIC_12_2, ZERO),
                            def("currency", TEXT, "EUR"),
                            nullable("shipping", JSON),
                            def("payment_status", JSON_OBJECT, "{}"),
                            nullable("invoice_path", TEXT),
                            nullable("notes", TEXT),
                            def("timeline", JSON_ARRAY, "[]"),
                            req("created_at", TIME),
                            req("updated_at", TIME)));
        }

        @Override
        public List<Requirement> requires() {
            return List.of(new Requirement("crm_customers", "orders reference their customers"));
        }

        /** The customer ids Postgres holds, for parking the orders whose customer is missing. */
        @Override
        protected void prepare(ReadState state) throws SQLException {
            Set<String> ids = new HashSet<>();
            try (Statement st = state.pg.createStatement();
                    ResultSet rs = st.executeQuery("SELECT id FROM crm_customers")) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            state.prepared = ids;
        }

        /**
         * Firestore lets a subcollection outlive its parent document: such an order is parked with
         * the reason (and listed in the report) instead of blocking the phase.
         */
        @Override
        protected String parkReason(
                String path, String id, String parentId, Map<String, Object> data, ReadState state) {
            if (parentId != null && !((Set<?>) state.prepared).contains(parentId)) {
                return "the customer document crm_customers/" + parentId + " is missing (customer " + parentId
                        + " is in neither Firestore nor crm_customers)";
            }
            return null;
        }

        @Override
        protected void beforeInsert(Connection pg, String staged) throws SQLException {
            List<String> orphans = listed(
                    pg,
                    "SELECT 'order ' || s." + TableLoad.SOURCE_ROW + " || ' (customer ' || s.customer_id || ')' "
                            + "FROM " + staged + " s WHERE NOT EXISTS "
                            + "(SELECT 1 FROM crm_customers c WHERE c.id = s.customer_id) ORDER BY s."
                            + TableLoad.SOURCE_ROW);
            if (!orphans.isEmpty()) {
                throw new MigrationException("crm_orders: the customer document is missing for "
                        + String.join(", ", orphans) + "; the whole job was rolled back");
            }
        }
    }
}
