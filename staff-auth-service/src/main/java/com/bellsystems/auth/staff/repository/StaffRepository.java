package com.bellsystems.auth.staff.repository;

import com.bellsystems.auth.staff.Staff;
import com.bellsystems.auth.support.Jsons;
import com.bellsystems.common.outbox.FieldType;
import com.bellsystems.common.outbox.MirroredTable;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** SQL for {@code staff}; every method takes the client (pool or transaction) it runs on. JSONB travels as text. */
@ApplicationScoped
public class StaffRepository {

    /**
     * The Firestore mirror of a staff row during the rollback window: {@code admin_users/{id}}, the
     * fields the Phase 3 job read (the bcrypt hash byte for byte, as the legacy backend checks it).
     */
    public static final MirroredTable MIRROR = MirroredTable.of("admin_users", row -> "admin_users/" + row.get("id"))
            .fields(FieldType.STRING, "email", "name", "role", "hashed_password")
            .fields(FieldType.JSON, "permissions", "ui_prefs")
            .fields(FieldType.BOOLEAN, "is_active")
            .fields(FieldType.TIMESTAMP, "created_at", "updated_at");

    private static final String COLUMNS =
            """
            id, email, name, role, permissions::text AS permissions, hashed_password, \
            is_active, ui_prefs::text AS ui_prefs, created_at, updated_at""";

    private static final String BY_ID =
            """
            SELECT %s FROM staff WHERE id = $1
            """.formatted(COLUMNS);

    // Emails are stored lower-case; migrated rows may not be, hence lower() on both sides.
    private static final String BY_EMAIL =
            """
            SELECT %s FROM staff WHERE lower(email) = lower($1) ORDER BY is_active DESC LIMIT 1
            """
                    .formatted(COLUMNS);

    private static final String FILTER =
            """
             WHERE ($1::text IS NULL OR role = $1) AND ($2::boolean IS NULL OR is_active = $2)
            """;

    private static final String LIST =
            """
            SELECT %s FROM staff %s ORDER BY lower(name), id LIMIT $3 OFFSET $4
            """
                    .formatted(COLUMNS, FILTER);

    private static final String INSERT =
            """
            INSERT INTO staff (id, email, name, role, permissions, hashed_password, is_active)
            VALUES ($1, $2, $3, $4, $5::text::jsonb, $6, $7)
            RETURNING %s
            """
                    .formatted(COLUMNS);

    private static final String UPDATE =
            """
            UPDATE staff SET email = $2, name = $3, role = $4, permissions = $5::text::jsonb,
                   is_active = $6, updated_at = now()
             WHERE id = $1
            RETURNING %s
            """
                    .formatted(COLUMNS);

    private static final String UPDATE_PASSWORD =
            """
            UPDATE staff SET hashed_password = $2, updated_at = now() WHERE id = $1 RETURNING %s
            """
                    .formatted(COLUMNS);

    private static final String UPDATE_UI_PREFS =
            """
            UPDATE staff SET ui_prefs = $2::text::jsonb, updated_at = now() WHERE id = $1 RETURNING %s
            """
                    .formatted(COLUMNS);

    public Uni<Staff> findById(SqlClient c, String id) {
        return c.preparedQuery(BY_ID).execute(Tuple.of(id)).map(StaffRepository::first);
    }

    /** Locks the row for the rest of the transaction (read-modify-write). */
    public Uni<Staff> findByIdForUpdate(SqlClient c, String id) {
        return c.preparedQuery(BY_ID + " FOR UPDATE").execute(Tuple.of(id)).map(StaffRepository::first);
    }

    public Uni<Staff> findByEmail(SqlClient c, String email) {
        return c.preparedQuery(BY_EMAIL).execute(Tuple.of(email)).map(StaffRepository::first);
    }

    public Uni<Boolean> emailTaken(SqlClient c, String email, String exceptId) {
        return c.preparedQuery("SELECT 1 FROM staff WHERE lower(email) = lower($1) AND id <> $2")
                .execute(Tuple.of(email, exceptId == null ? "" : exceptId))
                .map(rows -> rows.size() > 0);
    }

    /** A transaction-scoped advisory lock on {@code key} (the seed: concurrent starts create one admin). */
    public Uni<Void> lockUntilCommit(SqlClient tx, long key) {
        return tx.preparedQuery("SELECT pg_advisory_xact_lock($1)")
                .execute(Tuple.of(key))
                .replaceWithVoid();
    }

    public Uni<Long> count(SqlClient c) {
        return c.query("SELECT count(*) FROM staff")
                .execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }

    public Uni<List<Staff>> list(SqlClient c, String role, Boolean active, int page, int size) {
        return c.preparedQuery(LIST)
                .execute(Tuple.of(role, active, size, (long) page * size))
                .map(rows -> {
                    List<Staff> out = new ArrayList<>(rows.size());
                    rows.forEach(r -> out.add(from(r)));
                    return out;
                });
    }

    public Uni<Long> countFiltered(SqlClient c, String role, Boolean active) {
        return c.preparedQuery("SELECT count(*) FROM staff" + FILTER)
                .execute(Tuple.of(role, active))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    public Uni<Staff> insert(SqlClient c, Staff s) {
        return c.preparedQuery(INSERT)
                .execute(Tuple.tuple()
                        .addString(s.id())
                        .addString(s.email())
                        .addString(s.name())
                        .addString(s.role())
                        .addString(Jsons.encode(s.permissions()))
                        .addString(s.hashedPassword())
                        .addBoolean(s.active()))
                .map(StaffRepository::first);
    }

    /** Writes profile and permissions (not the hash, not ui prefs). */
    public Uni<Staff> update(SqlClient c, Staff s) {
        return c.preparedQuery(UPDATE)
                .execute(Tuple.tuple()
                        .addString(s.id())
                        .addString(s.email())
                        .addString(s.name())
                        .addString(s.role())
                        .addString(Jsons.encode(s.permissions()))
                        .addBoolean(s.active()))
                .map(StaffRepository::first);
    }

    public Uni<Staff> updatePassword(SqlClient c, String id, String hash) {
        return c.preparedQuery(UPDATE_PASSWORD).execute(Tuple.of(id, hash)).map(StaffRepository::first);
    }

    public Uni<Staff> updateUiPrefs(SqlClient c, String id, Map<String, Object> prefs) {
        return c.preparedQuery(UPDATE_UI_PREFS)
                .execute(Tuple.of(id, Jsons.encode(prefs)))
                .map(StaffRepository::first);
    }

    private static Staff first(RowSet<Row> rows) {
        return rows.size() == 0 ? null : from(rows.iterator().next());
    }

    private static Staff from(Row row) {
        return new Staff(
                row.getString("id"),
                row.getString("email"),
                row.getString("name"),
                row.getString("role"),
                Jsons.decodeMap(row.getString("permissions")),
                row.getString("hashed_password"),
                Boolean.TRUE.equals(row.getBoolean("is_active")),
                Jsons.decodeMap(row.getString("ui_prefs")),
                row.getOffsetDateTime("created_at"),
                row.getOffsetDateTime("updated_at"));
    }
}
