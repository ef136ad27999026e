package com.bellsystems.auth;

import static io.restassured.RestAssured.given;

import com.bellsystems.common.testing.TestDatabaseResource;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;

/** Test data straight into the run's database, and the small HTTP helpers the tests share. */
public final class Fixtures {

    private Fixtures() {}

    public static String database() {
        return ConfigProvider.getConfig().getValue("bellsys.test.database", String.class);
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A random client address so one test's failed logins never throttle another's. */
    public static String address() {
        return "10." + (int) (Math.random() * 250) + "." + (int) (Math.random() * 250) + "."
                + (int) (Math.random() * 250);
    }

    /** Inserts a staff row; permissions is JSON text or null (role defaults). Returns the id. */
    public static String insertStaff(String email, String role, String permissionsJson, String hash, boolean active) {
        String id = unique("staff");
        try (Connection c = TestDatabaseResource.connect(database());
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO staff (id, email, name, role, permissions, hashed_password, is_active)"
                                + " VALUES (?, ?, ?, ?, ?::jsonb, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, email);
            ps.setString(3, "Name of " + email);
            ps.setString(4, role);
            ps.setString(5, permissionsJson);
            ps.setString(6, hash);
            ps.setBoolean(7, active);
            ps.executeUpdate();
            return id;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static long count(String sql, Object... args) {
        try (Connection c = TestDatabaseResource.connect(database());
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String string(String sql, Object... args) {
        try (Connection c = TestDatabaseResource.connect(database());
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static long auditRows(String action, String entityType, String entityId) {
        return count(
                "SELECT count(*) FROM audit_log WHERE action = ? AND entity_type = ? AND entity_id = ?",
                action,
                entityType,
                entityId);
    }

    public static long auditRowsFor(String entityType, String entityId) {
        return count("SELECT count(*) FROM audit_log WHERE entity_type = ? AND entity_id = ?", entityType, entityId);
    }

    public static Response login(String email, String password, String address) {
        return given().contentType(ContentType.JSON)
                .header("X-Forwarded-For", address)
                .body(Map.of("email", email, "password", password))
                .when()
                .post("/api/auth/login");
    }

    public static Response refresh(String refreshToken) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("refresh_token", refreshToken))
                .when()
                .post("/api/auth/refresh");
    }
}
