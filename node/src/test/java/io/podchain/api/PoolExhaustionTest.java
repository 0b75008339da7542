package io.podchain.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.agroal.api.AgroalDataSource;
import io.podchain.testing.EmbeddedPostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every database connection in use (here: a pool of 2, both held by the test) is a busy node, not a broken one: a
 * read answers 503 problem+json with Retry-After, never 500, and answers again once a connection is free.
 */
@QuarkusTest
@TestProfile(PoolExhaustionTest.SmallPool.class)
@WithTestResource(EmbeddedPostgresResource.class)
class PoolExhaustionTest {
    public static class SmallPool implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.jdbc.max-size", "2", "quarkus.datasource.jdbc.min-size", "0",
                    "quarkus.datasource.jdbc.acquisition-timeout", "1S");
        }
    }

    @Inject
    AgroalDataSource database;

    @Test
    void aReadWithoutAFreeConnectionIsA503WithRetryAfter() throws Exception {
        given().get("/api/chain").then().statusCode(200);
        List<Connection> held = new ArrayList<>();
        try {
            held.add(database.getConnection());
            held.add(database.getConnection());
            given().get("/api/chain").then().statusCode(503).contentType(startsWith("application/problem+json"))
                    .header("Retry-After", "1").body("type", equalTo("urn:podchain:problem:busy"));
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
        }
        given().get("/api/chain").then().statusCode(200);
    }
}
