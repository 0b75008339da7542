package io.podchain.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;

import io.podchain.chain.Message;
import io.podchain.chain.Secp256k1;
import io.podchain.chain.Signature;
import io.podchain.chain.SigningKey;
import io.podchain.testing.Api;
import io.podchain.testing.EmbeddedPostgresResource;
import io.podchain.testing.TestBlocks;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
class MessageApiTest {
    private static final SigningKey CLIENT = TestBlocks.key("message-api-client");

    private static String uniqueRecipient() {
        return "user-" + UUID.randomUUID();
    }

    private static long historyTotal(String party) {
        return given().queryParam("party", party).get("/api/messages").then().statusCode(200)
                .extract().jsonPath().getLong("total");
    }

    /** A rejected submission must leave nothing behind: no pending growth, no history for the recipient. */
    private static void assertNothingStored(String recipient, long pendingBefore) {
        assertThat(Api.chain().getLong("pendingMessages")).isEqualTo(pendingBefore);
        assertThat(historyTotal(recipient)).isZero();
    }

    @Test
    void theNodeSignsAMessageSentWithOnlyRecipientAndContent() {
        String recipient = uniqueRecipient();
        String nodeKey = given().get("/api/node").then().extract().jsonPath().getString("publicKey");
        String id = given().contentType(ContentType.JSON).body(Map.of("recipient", recipient, "content", "hi there"))
                .post("/api/messages").then().statusCode(202)
                .header("Location", containsString("/api/messages/"))
                .body("id", matchesPattern("[0-9a-f]{64}"))
                .body("status", equalTo("PENDING"))
                .body("message.sender", equalTo(nodeKey))
                .extract().jsonPath().getString("id");
        given().get("/api/messages/" + id).then().statusCode(200)
                .body("status", equalTo("PENDING"))
                .body("message.recipient", equalTo(recipient))
                .body("message.content", equalTo("hi there"));
    }

    @Test
    void aClientSignedMessageIsAcceptedOnceAndResubmittingChangesNothing() {
        String recipient = uniqueRecipient();
        Message message = Message.sign(CLIENT, recipient, "signed by the client", System.currentTimeMillis());
        Api.submit(message).then().statusCode(202)
                .body("id", equalTo(message.id().toHex()))
                .body("message.sender", equalTo(CLIENT.publicKey().toHex()));
        long pending = Api.chain().getLong("pendingMessages");
        Api.submit(message).then().statusCode(202).body("id", equalTo(message.id().toHex()));
        assertThat(Api.chain().getLong("pendingMessages")).isEqualTo(pending);
        assertThat(historyTotal(recipient)).isEqualTo(1);
    }

    private static ValidatableResponse submitRaw(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/messages").then();
    }

    private static Map<String, Object> fields(Message m) {
        return Map.of("sender", m.sender().toHex(), "recipient", m.recipient(), "content", m.content(),
                "createdAt", m.createdAt(), "signature", m.signature().toHex());
    }

    @Test
    void aSignatureOverOtherWordsIsRejectedAndNothingIsStored() {
        String recipient = uniqueRecipient();
        long pending = Api.chain().getLong("pendingMessages");
        Message original = Message.sign(CLIENT, recipient, "what I signed", System.currentTimeMillis());
        Map<String, Object> forged = new java.util.HashMap<>(fields(original));
        forged.put("content", "what I did not sign");
        submitRaw(forged).statusCode(422).contentType("application/problem+json")
                .body("violations.rule", hasItem("INVALID_MESSAGE_SIGNATURE"));
        assertNothingStored(recipient, pending);
    }

    @Test
    void aHighSSignatureIsRejected() {
        String recipient = uniqueRecipient();
        long pending = Api.chain().getLong("pendingMessages");
        Message m = Message.sign(CLIENT, recipient, "malleated", System.currentTimeMillis());
        Signature high = Signature.fromHex(String.format("%064x%064x", m.signature().r(),
                Secp256k1.order().subtract(m.signature().s())));
        Map<String, Object> body = new java.util.HashMap<>(fields(m));
        body.put("signature", high.toHex());
        submitRaw(body).statusCode(422).body("violations.rule", hasItem("INVALID_MESSAGE_SIGNATURE"))
                .body("violations.detail", hasItem(containsString("high-S")));
        assertNothingStored(recipient, pending);
    }

    @Test
    void oversizedAndMalformedFieldsAreRejected() {
        String recipient = uniqueRecipient();
        long pending = Api.chain().getLong("pendingMessages");
        String tooLong = "x".repeat(4097);
        submitRaw(Map.of("recipient", recipient, "content", tooLong)).statusCode(422)
                .body("violations.rule", hasItem("OVERSIZED"));
        submitRaw(fields(Message.sign(CLIENT, recipient, tooLong, System.currentTimeMillis()))).statusCode(422)
                .body("violations.rule", hasItem("OVERSIZED"));
        submitRaw(Map.of("recipient", "r".repeat(129), "content", "x")).statusCode(422)
                .body("violations.rule", hasItem("OVERSIZED"));
        submitRaw(Map.of("recipient", "", "content", "x")).statusCode(422)
                .body("violations.rule", hasItem("MALFORMED"));
        Map<String, Object> badHex = new java.util.HashMap<>(fields(Message.sign(CLIENT, recipient, "x", 1)));
        badHex.put("sender", "zz");
        submitRaw(badHex).statusCode(400).contentType("application/problem+json")
                .body("violations.rule", hasItem("MALFORMED"));
        badHex.put("sender", "04" + "00".repeat(32));
        submitRaw(badHex).statusCode(400).body("detail", containsString("public key"));
        assertNothingStored(recipient, pending);
    }

    @Test
    void messagesFromTheFutureAreRejected() {
        String recipient = uniqueRecipient();
        long pending = Api.chain().getLong("pendingMessages");
        Message future = Message.sign(CLIENT, recipient, "too early",
                System.currentTimeMillis() + io.podchain.chain.ConsensusLimits.MAX_FUTURE_DRIFT.toMillis()
                        + Duration.ofMinutes(1).toMillis());
        Api.submit(future).then().statusCode(422).body("violations.rule", hasItem("TIMESTAMP_TOO_NEW"));
        assertNothingStored(recipient, pending);
    }

    @Test
    void badJsonIsAProblemNotACrash() {
        long pending = Api.chain().getLong("pendingMessages");
        given().contentType(ContentType.JSON).body("{\"recipient\": ").post("/api/messages").then().statusCode(400)
                .contentType("application/problem+json").body("title", equalTo("Malformed JSON"));
        given().contentType(ContentType.JSON).body("{\"recipient\":\"a\",\"content\":\"b\",\"admin\":true}")
                .post("/api/messages").then().statusCode(400)
                .body("detail", containsString("unknown field 'admin'"));
        given().contentType(ContentType.JSON).body("{\"recipient\":\"a\",\"content\":\"b\",\"createdAt\":\"soon\"}")
                .post("/api/messages").then().statusCode(400).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body("{\"recipient\":\"a\"}").post("/api/messages").then()
                .statusCode(400).body("detail", containsString("recipient and content are required"));
        given().contentType(ContentType.JSON).body("{\"recipient\":\"a\",\"content\":\"b\",\"sender\":\"02ab\"}")
                .post("/api/messages").then().statusCode(400).body("detail", containsString("createdAt and signature"));
        given().contentType(ContentType.TEXT).body("hello").post("/api/messages").then().statusCode(415)
                .contentType("application/problem+json");
        given().contentType(ContentType.JSON).body("").post("/api/messages").then().statusCode(400)
                .contentType("application/problem+json");
        assertThat(Api.chain().getLong("pendingMessages")).isEqualTo(pending);
    }

    @Test
    void lookupsOfUnknownOrBadIdsAreProblems() {
        given().get("/api/messages/" + "ab".repeat(32)).then().statusCode(404)
                .contentType("application/problem+json");
        given().get("/api/messages/not-an-id").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void historyOfAPartyIsPagedNewestFirst() {
        String recipient = uniqueRecipient();
        long now = System.currentTimeMillis();
        for (int i = 0; i < 3; i++) {
            Api.submit(Message.sign(CLIENT, recipient, "message " + i, now - 1000 + i)).then().statusCode(202);
        }
        given().queryParam("party", recipient).queryParam("limit", 2).get("/api/messages").then().statusCode(200)
                .body("total", equalTo(3))
                .body("items.size()", equalTo(2))
                .body("items[0].message.content", equalTo("message 2"))
                .body("items[1].message.content", equalTo("message 1"));
        given().queryParam("party", recipient).queryParam("offset", 2).get("/api/messages").then().statusCode(200)
                .body("items.size()", equalTo(1))
                .body("items[0].message.content", equalTo("message 0"));
        given().queryParam("party", CLIENT.publicKey().toHex().toUpperCase()).get("/api/messages").then()
                .statusCode(200).body("items.message.recipient", hasItem(recipient));
        given().get("/api/messages").then().statusCode(400).body("detail", containsString("party"));
        given().queryParam("party", recipient).queryParam("limit", 501).get("/api/messages").then().statusCode(400);
        given().queryParam("party", recipient).queryParam("offset", -1).get("/api/messages").then().statusCode(400);
        given().queryParam("party", recipient).queryParam("limit", "many").get("/api/messages").then()
                .statusCode(400).contentType("application/problem+json").body("detail", containsString("limit"));
    }

    @Test
    void concurrentSubmissionsAreStoredOnceEachWhateverTheirBatching() throws Exception {
        String recipient = uniqueRecipient();
        long now = System.currentTimeMillis();
        java.util.List<Message> messages = new java.util.ArrayList<>();
        for (int i = 0; i < 120; i++) {
            messages.add(Message.sign(CLIENT, recipient, "concurrent " + i, now - 5_000 + i));
        }
        long pendingBefore = Api.chain().getLong("pendingMessages");
        java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(16);
        try {
            java.util.List<java.util.concurrent.Future<String>> answers = new java.util.ArrayList<>();
            for (Message message : messages) {
                for (int copy = 0; copy < 2; copy++) { // each twice, likely within one batch
                    answers.add(clients.submit(() -> Api.submit(message).then().statusCode(202)
                            .extract().jsonPath().getString("status")));
                }
            }
            for (java.util.concurrent.Future<String> answer : answers) {
                assertThat(answer.get()).isEqualTo("PENDING");
            }
        } finally {
            clients.shutdownNow();
        }
        assertThat(historyTotal(recipient)).isEqualTo(messages.size());
        assertThat(Api.chain().getLong("pendingMessages") - pendingBefore).as("each pending once")
                .isEqualTo(messages.size());
        for (Message message : messages) {
            given().get("/api/messages/" + message.id().toHex()).then().statusCode(200)
                    .body("status", equalTo("PENDING"));
        }
    }
}
