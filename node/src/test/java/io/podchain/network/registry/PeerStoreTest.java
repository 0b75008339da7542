package io.podchain.network.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.podchain.testing.EmbeddedPostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The registry of proven peers stays bounded: a stream of fresh keys cannot grow it, and bans are kept. */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
class PeerStoreTest {
    @Inject
    PeerStore registry;

    private static String key(int i) {
        return "02" + String.format("%064x", i);
    }

    private static PeerStore.PeerRecord record(int i, String status, Instant seen, Instant bannedUntil) {
        return new PeerStore.PeerRecord(key(i), "10.0.0.1:" + (1 + i % 60_000), "INBOUND", status, null, 0L,
                BigInteger.ONE, 0L, BigInteger.ZERO, bannedUntil == null ? 0 : 100, bannedUntil, seen, seen);
    }

    @Test
    void theLongestUnseenUnbannedRowsArePrunedBeyondTheLimitAndBansAndOnlinePeersStay() {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        Instant banEnd = Instant.now().plusSeconds(3_600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        registry.save(record(0, "BANNED", start, banEnd));
        registry.save(record(1, "ONLINE", start, null));
        for (int i = 2; i < PeerStore.MAX_ROWS + 50; i++) {
            registry.save(record(i, "OFFLINE", start.plusSeconds(i), null));
        }
        var rows = registry.all();
        assertThat(rows).hasSizeLessThanOrEqualTo(PeerStore.MAX_ROWS);
        assertThat(rows).extracting(PeerStore.PeerRecord::nodeKey)
                .contains(key(0), key(1), key(PeerStore.MAX_ROWS + 49))
                .doesNotContain(key(2));
        assertThat(registry.standing(key(0))).hasValueSatisfying(s -> assertThat(s.bannedUntil()).isEqualTo(banEnd));
        assertThat(registry.bans(Instant.now())).containsKey(key(0));
    }

    @Test
    void aStreamOfThrowawayKeysDoesNotPushOutAnHonestPeerThatIsOfflineForAWhile() {
        Instant longAgo = Instant.parse("2024-01-01T00:00:00Z");
        String honest = "03" + String.format("%064x", 7);
        registry.save(new PeerStore.PeerRecord(honest, "10.0.0.9:8080", "OUTBOUND", "OFFLINE", 1.5, 10L,
                BigInteger.TEN, 10L, BigInteger.TEN, 0, null, longAgo, longAgo));
        Instant later = Instant.parse("2025-01-01T00:00:00Z");
        for (int i = 0; i < PeerStore.MAX_ROWS + 50; i++) {
            registry.save(record(100_000 + i, "OFFLINE", later.plusSeconds(i), null));
        }
        assertThat(registry.all()).hasSizeLessThanOrEqualTo(PeerStore.MAX_ROWS)
                .extracting(PeerStore.PeerRecord::nodeKey).contains(honest);
    }
}
