package com.bellsystems.audit.log;

import static io.restassured.RestAssured.given;

import com.bellsystems.common.testing.TestTokens;
import io.restassured.specification.RequestSpecification;
import java.sql.SQLException;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;

/** What the API tests share: the fixture in the run's database and a token that may read the log. */
final class AuditApi {

    static final String VIEWER = TestTokens.staff(Map.of("audit", Map.of("view", true)));

    private AuditApi() {}

    static void loadFixture() {
        try {
            AuditFixture.load(ConfigProvider.getConfig().getValue("bellsys.test.database", String.class));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static RequestSpecification viewer() {
        return given().auth().oauth2(VIEWER);
    }
}
