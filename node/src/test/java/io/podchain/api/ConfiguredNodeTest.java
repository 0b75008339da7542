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
        String id = given().contentType(ContentType.JSON).header("Authorization", "Bearer s3cret-token")
                .body(Map.of("recipient", "r", "content", "c"))
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

    @Test
    void theNodeSignsAndTakesBlocksOnlyForItsOperatorWhileSignedMessagesAndReadsStayOpen() {
        long pending = Api.chain().getLong("pendingMessages");
        given().contentType(ContentType.JSON).body(Map.of("recipient", "r", "content", "sign this for me"))
                .post("/api/messages").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer").body("detail", containsString("operator"));
        given().contentType(ContentType.JSON).header("Authorization", "Bearer wrong")
                .body(Map.of("recipient", "r", "content", "sign this for me"))
                .post("/api/messages").then().statusCode(401).contentType("application/problem+json");
        given().get("/api/chain").then().body("pendingMessages", equalTo((int) pending));
        io.podchain.chain.Block block = Api.buildOn(Api.tip(), java.util.List.of(),
                io.podchain.testing.TestBlocks.key("someone"));
        given().contentType(ContentType.JSON).body(io.podchain.testing.BlockJsonReader.write(
                io.podchain.wire.BlockJson.of(block))).post("/api/blocks").then().statusCode(401)
                .contentType("application/problem+json");
        given().get("/api/blocks/" + block.hash().toHex()).then().statusCode(404);
        // a message its sender signed needs no token, and a wrong token on an open endpoint changes nothing
        io.podchain.chain.Message signed = io.podchain.chain.Message.sign(io.podchain.testing.TestBlocks.key("client"),
                "r", "signed by its sender", System.currentTimeMillis());
        Api.submit(signed).then().statusCode(202);
        given().header("Authorization", "Bearer wrong").get("/api/chain").then().statusCode(200)
                .body("pendingMessages", equalTo((int) pending + 1));
    }
}
