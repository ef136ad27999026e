package com.bellsystems.common.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import org.junit.jupiter.api.Test;

/**
 * What every bellsys service answers the same way, checked once here and run in each service
 * (subclass it with {@code @QuarkusTest @WithTestResource(TestDatabaseResource.class)}).
 */
public abstract class ServiceContractTest {

    @Test
    void readyIsUpAgainstPostgres() {
        given().when()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("Reactive PostgreSQL")));
    }

    @Test
    void liveIsUp() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void prometheusMetricsAreServed() {
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void openApiIsServed() {
        given().queryParam("format", "json")
                .when()
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body("openapi", containsString("3."));
    }

    @Test
    void unknownPathIsAProblem() {
        given().when().get("/api/does-not-exist").then().statusCode(404).contentType(containsString("json"));
    }
}
