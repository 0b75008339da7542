package io.podchain.testing;

import static io.restassured.RestAssured.given;

import io.podchain.chain.Block;
import io.podchain.chain.BlockHeader;
import io.podchain.chain.Hash;
import io.podchain.chain.Message;
import io.podchain.chain.SigningKey;
import io.podchain.wire.BlockJson;
import io.podchain.wire.MessageJson;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;

/** The REST API as a test client sees it; every call goes over HTTP to the running node. */
public final class Api {
    private Api() {
    }

    /** Requests to the management interface (health, metrics), which has its own port. */
    public static RequestSpecification management() {
        return given().port(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("quarkus.management.test-port", Integer.class));
    }

    public static JsonPath chain() {
        return given().get("/api/chain").then().statusCode(200).extract().jsonPath();
    }

    public static long height() {
        return chain().getLong("height");
    }

    public static int difficulty() {
        return chain().getInt("difficulty");
    }

    public static BlockHeader header(String heightOrHash) {
        return BlockJsonReader.read(given().get("/api/blocks/" + heightOrHash).then().statusCode(200).extract()
                .asString()).toBlock().header();
    }

    public static BlockHeader tip() {
        return header(chain().getString("tipHash"));
    }

    public static JsonPath mine() {
        return given().post("/api/mine").then().statusCode(200).extract().jsonPath();
    }

    public static Response submit(Message message) {
        MessageJson json = MessageJson.of(message);
        return given().contentType(ContentType.JSON)
                .body(Map.of("sender", json.sender(), "recipient", json.recipient(), "content", json.content(),
                        "createdAt", json.createdAt(), "signature", json.signature()))
                .post("/api/messages");
    }

    public static Response submitBlock(Block block) {
        return given().contentType(ContentType.JSON).body(BlockJsonReader.write(BlockJson.of(block)))
                .post("/api/blocks");
    }

    public static String messageStatus(Hash id) {
        return given().get("/api/messages/" + id.toHex()).then().statusCode(200).extract().jsonPath()
                .getString("status");
    }

    /** Mines a block on {@code parent} at the node's current difficulty, with a timestamp that is valid now. */
    public static Block buildOn(BlockHeader parent, List<Message> messages, SigningKey miner) {
        long timestamp = Math.max(System.currentTimeMillis(), parent.timestamp() + 1);
        return TestBlocks.mine(parent, difficulty(), timestamp, messages, miner);
    }
}
