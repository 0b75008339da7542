package io.podchain.health;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.podchain.testing.Api;
import io.podchain.testing.EmbeddedPostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A solo node (no discovery configured) is ready once it has decided it is in sync, and says why. */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
class HealthTest {

    @Test
    void aSoloNodeIsStartedLiveAndReadyWithTheReasons() {
        await().atMost(Duration.ofSeconds(30)).until(() -> Api.management().get("/q/health/started").statusCode() == 200);
        Api.management().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("podchain-sync"))
                .body("checks.find { it.name == 'podchain-sync' }.data.state", equalTo("IN_SYNC"))
                .body("checks.find { it.name == 'podchain-sync' }.data.peers", equalTo(0))
                .body("checks.find { it.name == 'podchain-sync' }.data.minPeers", equalTo(0))
                .body("checks.find { it.name == 'podchain-sync' }.data.blocksBehind", equalTo(0));
        Api.management().get("/q/health/live").then().statusCode(200)
                .body("checks.find { it.name == 'podchain-engine' }.status", equalTo("UP"));
    }

    @Test
    void theApiSaysWhetherTheNodeIsReady() {
        await().atMost(Duration.ofSeconds(30)).until(() -> Api.management().get("/q/health/ready").statusCode() == 200);
        io.restassured.RestAssured.given().get("/api/sync").then().statusCode(200)
                .body("state", equalTo("IN_SYNC")).body("ready", equalTo(true));
    }
}
