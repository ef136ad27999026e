package com.bellsystems.ingest.support;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;

import com.bellsystems.common.testing.TestTokens;
import java.util.Map;

/** Device accounts through the real provisioning endpoint, for tests that need real device ACLs. */
public final class Provisioning {

    private Provisioning() {}

    /** A staff token allowed to provision devices and read the manufacturing log. */
    public static String provisioner() {
        return TestTokens.token("mfg-3", "Manos Mfg", "staff", Map.of("mfg", Map.of("provision", true, "view", true)));
    }

    /** Provisions (or rotates) the device's account; returns its password. */
    public static String provision(String serial) {
        return given().auth()
                .oauth2(provisioner())
                .when()
                .post("/api/mfg/devices/" + serial + "/credentials")
                .then()
                .statusCode(anyOf(equalTo(201), equalTo(200)))
                .extract()
                .path("password");
    }
}
