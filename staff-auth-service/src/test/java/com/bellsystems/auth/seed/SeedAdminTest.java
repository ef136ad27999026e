package com.bellsystems.auth.seed;

import static com.bellsystems.auth.Fixtures.address;
import static com.bellsystems.auth.Fixtures.count;
import static com.bellsystems.auth.Fixtures.login;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.bellsystems.common.testing.TestDatabaseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The seed runs at start (own profile, so its own fresh, empty database): it creates exactly one
 * sysadmin, and running it again changes nothing.
 */
@QuarkusTest
@TestProfile(SeedAdminTest.WithSeedConfig.class)
@WithTestResource(TestDatabaseResource.class)
class SeedAdminTest {

    static final String EMAIL = "first.admin@bellsystems.test";
    static final String PASSWORD = "seeded password 1";

    public static class WithSeedConfig implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "bellsys.seed-admin.email",
                    "First.Admin@bellsystems.test",
                    "bellsys.seed-admin.password",
                    PASSWORD);
        }
    }

    @Inject
    SeedAdmin seedAdmin;

    @Test
    void startupSeedsOneSysadminAndReRunningChangesNothing() {
        assertEquals(1, count("SELECT count(*) FROM staff"));
        assertEquals(
                1,
                count(
                        "SELECT count(*) FROM staff WHERE email = ? AND role = 'sysadmin' AND is_active AND permissions IS NULL",
                        EMAIL));
        assertEquals(
                1,
                count(
                        "SELECT count(*) FROM audit_log WHERE action = 'CREATE' AND actor_id = 'system' AND entity_type = 'staff'"));
        login(EMAIL, PASSWORD, address()).then().statusCode(200).body("staff.role", equalTo("sysadmin"));

        assertEquals(
                SeedAdmin.Outcome.STAFF_EXISTS,
                seedAdmin.seedFromConfig().await().atMost(Duration.ofSeconds(30)));
        assertEquals(
                SeedAdmin.Outcome.STAFF_EXISTS,
                seedAdmin
                        .seed("other@bellsystems.test", "other password", "Other")
                        .await()
                        .atMost(Duration.ofSeconds(30)));
        assertEquals(1, count("SELECT count(*) FROM staff"));
        assertEquals(1, count("SELECT count(*) FROM audit_log WHERE action = 'CREATE'"));
        // bellsys's bootstrap account is not written into the legacy admin_users (Phase 3 would meet it)
        assertEquals(0, count("SELECT count(*) FROM firestore_outbox WHERE collection = 'admin_users'"));
        assertEquals(
                SeedAdmin.Outcome.INVALID_CONFIG,
                seedAdmin.seed("no-at-sign", "other password", "Other").await().atMost(Duration.ofSeconds(30)));
    }
}
