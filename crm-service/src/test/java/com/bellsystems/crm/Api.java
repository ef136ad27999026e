package com.bellsystems.crm;

import static io.restassured.RestAssured.given;

import com.bellsystems.common.testing.TestDatabaseResource;
import com.bellsystems.common.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;

/** Test helpers: requests as a given staff member, and direct reads of the run's database. */
public final class Api {

    private Api() {}

    public static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    public static RequestSpecification admin() {
        return as(TestTokens.sysadmin());
    }

    /** A staff member with only the given permissions, e.g. {@code staff("crm", "view")}. */
    public static RequestSpecification staff(String area, String... actions) {
        Map<String, Boolean> granted = new LinkedHashMap<>();
        for (String a : actions) {
            granted.put(a, true);
        }
        return as(TestTokens.staff(Map.of(area, granted)));
    }

    /** Rows of a query on the run's database as maps (column -> value). */
    public static List<Map<String, Object>> query(String sql, Object... params) {
        String db = ConfigProvider.getConfig().getValue("bellsys.test.database", String.class);
        try (Connection c = TestDatabaseResource.connect(db);
                PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            List<Map<String, Object>> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                    }
                    out.add(row);
                }
            }
            return out;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The audit actions recorded for one entity, oldest first. */
    public static List<String> auditActions(String entityType, String entityId) {
        return query(
                        "SELECT action FROM audit_log WHERE entity_type = ? AND entity_id = ? ORDER BY id",
                        entityType,
                        entityId)
                .stream()
                .map(r -> (String) r.get("action"))
                .toList();
    }
}
