package io.podchain.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.podchain.testing.EmbeddedPostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One client's share of the API at its edge: a client allowed 1 request a second (2 in a burst) gets its first two
 * answered and is refused with 429 problem+json and Retry-After well before 50, without any resource work.
 */
@QuarkusTest
@TestProfile(ClientLimitsTest.Slow.class)
@WithTestResource(EmbeddedPostgresResource.class)
class ClientLimitsTest {
    public static class Slow implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("podchain.api.client-requests-per-second", "1");
        }
    }

    @Test
    void aClientBeyondItsRateIsToldToComeBackLater() {
        List<Response> answers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            answers.add(given().get("/api/chain"));
        }
        assertThat(answers.subList(0, 2)).allMatch(r -> r.statusCode() == 200);
        Response refused = answers.stream().filter(r -> r.statusCode() == 429).findFirst().orElseThrow(
                () -> new AssertionError("50 requests at 1 per second were all answered"));
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.header("Retry-After")).matches("[1-9][0-9]*");
        assertThat(refused.jsonPath().getString("type")).isEqualTo("urn:podchain:problem:too-many-requests");
        assertThat(answers).allMatch(r -> r.statusCode() == 200 || r.statusCode() == 429);
    }
}
