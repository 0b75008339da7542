package io.podchain.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.podchain.chain.Message;
import io.podchain.chain.SigningKey;
import io.podchain.testing.Api;
import io.podchain.testing.EmbeddedPostgresResource;
import io.podchain.testing.TestBlocks;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The pending pool's bounds through the API (here 8 messages, a sender's share 2): beyond a sender's share and
 * beyond the pool, 503 {@code pool-full} problem+json with Retry-After and nothing stored; what was accepted stays
 * pending, is accepted again unchanged, and room comes back once a block takes messages out.
 */
@QuarkusTest
@TestProfile(PoolFullTest.SmallPool.class)
@WithTestResource(EmbeddedPostgresResource.class)
class PoolFullTest {
    public static class SmallPool implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("podchain.pool.max-pending-messages", "8");
        }
    }

    private static Message from(String sender, int n) {
        SigningKey key = TestBlocks.key("pool-full-" + sender);
        return Message.sign(key, "bob", "message " + n, System.currentTimeMillis());
    }

    private static long pending() {
        return Api.chain().getLong("pendingMessages");
    }

    @Test
    void beyondItsBoundsThePoolAnswers503PoolFullAndKeepsWhatItAccepted() {
        Api.mine();
        assertThat(pending()).isZero();
        Message first = from("alice", 1);
        Api.submit(first).then().statusCode(202);
        Api.submit(from("alice", 2)).then().statusCode(202);
        Api.submit(from("alice", 3)).then().statusCode(503).contentType(startsWith("application/problem+json"))
                .header("Retry-After", equalTo("2")).body("type", equalTo("urn:podchain:problem:pool-full"))
                .body("detail", containsString("this sender"));
        assertThat(pending()).isEqualTo(2);

        List<Message> accepted = new ArrayList<>(List.of(first));
        for (String sender : List.of("carol", "dave", "erin")) {
            for (int n = 1; n <= 2; n++) {
                Message message = from(sender, n);
                Api.submit(message).then().statusCode(202);
                accepted.add(message);
            }
        }
        assertThat(pending()).isEqualTo(8);
        Message overflow = from("frank", 1);
        Api.submit(overflow).then().statusCode(503).body("type", equalTo("urn:podchain:problem:pool-full"))
                .body("detail", containsString("pending pool holds 8 messages"));
        given().get("/api/messages/" + overflow.id().toHex()).then().statusCode(404);
        for (Message message : accepted) {
            Api.submit(message).then().statusCode(202);
            assertThat(Api.messageStatus(message.id())).isEqualTo("PENDING");
        }
        assertThat(pending()).isEqualTo(8);

        Api.mine();
        assertThat(pending()).isZero();
        Api.submit(overflow).then().statusCode(202);
        assertThat(pending()).isEqualTo(1);
    }
}
