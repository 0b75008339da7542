package io.podchain.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.podchain.testing.Api;
import io.podchain.wallet.MnemonicWalletTest;
import io.restassured.http.ContentType;
import io.podchain.testing.EmbeddedPostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(ConfiguredNodeTest.WithToken.class)
@WithTestResource(EmbeddedPostgresResource.class)
class ConfiguredNodeTest {
    public static class WithToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // as Kubernetes mounts a Secret key: a file, with the trailing newline editors and kubectl leave
            try {
                Path file = Files.createTempFile("podchain-mnemonic", "");
                Files.writeString(file, ART_MNEMONIC + "\n");
                file.toFile().deleteOnExit();
                return Map.of("podchain.api.admin-token", "s3cret-token",
                        "podchain.identity.mnemonic-file", file.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static final String ART_MNEMONIC = "abandon abandon abandon abandon abandon abandon abandon abandon abandon "
            + "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon "
            + "abandon art";

    @Test
    void theNodeKeyComesFromTheConfiguredMnemonicFile() {
        given().get("/api/node").then().statusCode(200)
                .body("publicKey", equalTo(MnemonicWalletTest.PINNED_ART_KEY));
        String id = given().contentType(ContentType.JSON).body(Map.of("recipient", "r", "content", "c"))
                .post("/api/messages").then().statusCode(202).extract().jsonPath().getString("id");
        given().get("/api/messages/" + id).then().body("message.sender", equalTo(MnemonicWalletTest.PINNED_ART_KEY));
    }

    @Test
    void miningNeedsTheTokenWhenOneIsConfigured() {
        long height = Api.height();
        given().post("/api/mine").then().statusCode(401).contentType("application/problem+json")
                .body("detail", containsString("Bearer"));
        given().header("Authorization", "Bearer wrong").post("/api/mine").then().statusCode(401);
        given().header("Authorization", "s3cret-token").post("/api/mine").then().statusCode(401);
        given().get("/api/chain").then().body("height", equalTo((int) height));
        given().header("Authorization", "Bearer s3cret-token").post("/api/mine").then().statusCode(200)
                .body("height", equalTo((int) height + 1));
    }
}
