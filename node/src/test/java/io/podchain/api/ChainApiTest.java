package io.podchain.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.matchesPattern;

import io.podchain.chain.ChainParams;
import io.podchain.chain.Genesis;
import io.podchain.testing.EmbeddedPostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
class ChainApiTest {
    /** The test profile's consensus parameters (application.properties, %test). */
    private static final ChainParams TEST_PARAMS = new ChainParams("podchain-dev", 4, 1, 100_000,
            ChainParams.DEFAULT_TARGET_BLOCK_TIME);

    @Test
    void chainShowsTheNetworkGenesisAndTip() {
        given().get("/api/chain").then().statusCode(200)
                .body("networkId", equalTo("podchain-dev"))
                .body("genesisHash", equalTo(Genesis.create(TEST_PARAMS).hash().toHex()))
                .body("height", greaterThanOrEqualTo(0))
                .body("tipHash", matchesPattern("[0-9a-f]{64}"))
                .body("cumulativeWork", matchesPattern("[1-9][0-9]*"))
                .body("difficulty", equalTo(4))
                .body("pendingMessages", greaterThanOrEqualTo(0));
    }

    @Test
    void nodeShowsItsPublicKeyAndVersion() {
        given().get("/api/node").then().statusCode(200)
                .body("publicKey", matchesPattern("0[23][0-9a-f]{64}"))
                .body("version", equalTo("0.1.0-SNAPSHOT"))
                .body("networkId", equalTo("podchain-dev"))
                // the node's platform carries the native library and the build's temporary directory is executable
                .body("signatureVerifier", equalTo("libsecp256k1"));
    }

    @Test
    void openApiDocumentsTheEndpoints() {
        given().get("/q/openapi").then().statusCode(200)
                .body(containsString("/api/messages"))
                .body(containsString("/api/blocks/{heightOrHash}"))
                .body(containsString("/api/mine"));
    }

    @Test
    void unknownPathsAndMethodsAreProblems() {
        given().get("/api/nothing-here").then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404));
        given().delete("/api/chain").then().statusCode(405)
                .contentType("application/problem+json");
    }
}
