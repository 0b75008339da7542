package io.podchain.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.podchain.p2p.Membership;
import io.podchain.p2p.P2pLimits;
import io.podchain.p2p.SecureChannel;
import io.podchain.testing.ChainChecks;
import io.podchain.testing.NodeProcess;
import io.podchain.testing.RogueClient;
import io.podchain.testing.TamperingRelay;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Only the holders of the network's cluster secret become peers, and a session cannot be taken over. Four real
 * nodes: A and B members (B reaches A only through an on-path relay of the test's, and also dials a member who
 * relays messages between two channels of its own; B speaks protocol versions [4, 5] as the next release would, A
 * [4, 4]), C with another secret, D with none; and hand-made clients.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MembershipIT {
    /** This class's loopback addresses (see TestNetwork). */
    private static final String NET = TestNetwork.MEMBERSHIP;
    private static final String SECRET = "membership-it-secret-0123456789abcdef";
    private static final String OTHER_SECRET = "another-network-secret-0123456789abcd";
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    static Path home;
    static NodeProcess a;
    static NodeProcess b;
    static NodeProcess c;
    static NodeProcess d;
    static TamperingRelay relay;
    static Vertx vertx;
    static HttpServer inTheMiddle;
    static final AtomicInteger relayedHellos = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        a = new NodeProcess(home.resolve("a"), NET + "71", TestNetwork.ENV)
                .env("PODCHAIN_MINING_AUTO", "false").env("PODCHAIN_P2P_CLUSTER_SECRET", SECRET).start();
        relay = new TamperingRelay(NET + "74", new InetSocketAddress(a.host(), a.port()));
        vertx = Vertx.vertx();
        inTheMiddle = startMemberInTheMiddle(NET + "76");
        b = new NodeProcess(home.resolve("b"), NET + "72", TestNetwork.ENV).env("PODCHAIN_MINING_AUTO", "false")
                .env("PODCHAIN_P2P_CLUSTER_SECRET", SECRET)
                // the next release during a rolling upgrade: it speaks [4, 5], A speaks [4, 4]
                .env("PODCHAIN_P2P_MAX_PROTOCOL_VERSION", "5")
                .env("PODCHAIN_DISCOVERY_PEERS", relay.address() + "," + NET + "76:" + inTheMiddle.actualPort());
        c = new NodeProcess(home.resolve("c"), NET + "73", TestNetwork.ENV).env("PODCHAIN_MINING_AUTO", "false")
                .env("PODCHAIN_P2P_CLUSTER_SECRET", OTHER_SECRET).env("PODCHAIN_DISCOVERY_PEERS", a.p2pAddress());
        d = new NodeProcess(home.resolve("d"), NET + "75", TestNetwork.ENV).env("PODCHAIN_MINING_AUTO", "false")
                .env("PODCHAIN_DISCOVERY_PEERS", a.p2pAddress());
        for (NodeProcess node : List.of(b, c, d)) {
            node.launch();
        }
        for (NodeProcess node : List.of(b, c, d)) {
            node.awaitServing();
        }
    }

    /**
     * A member who relays between two channels of its own: B dials it, it dials A, and it forwards every message
     * both ways, decrypted on one side and encrypted again on the other (the man in the middle of the membership
     * issue, now holding the secret).
     */
    private static HttpServer startMemberInTheMiddle(String host) throws Exception {
        Membership member = Membership.of(Optional.of(SECRET));
        return vertx.createHttpServer(new HttpServerOptions().setMaxWebSocketMessageSize(16 * 1024 * 1024))
                .webSocketHandler((ServerWebSocket fromB) -> {
                    SecureChannel towardsB = SecureChannel.answering(member, P2pLimits.MIN_PROTOCOL_VERSION,
                            P2pLimits.PROTOCOL_VERSION);
                    RogueClient[] towardsA = new RogueClient[1];
                    fromB.binaryMessageHandler(frame -> {
                        if (!towardsB.isOpen()) {
                            if (towardsB.handshake(frame.getBytes()) instanceof SecureChannel.Step.Answer answer) {
                                fromB.writeBinaryMessage(Buffer.buffer(answer.frame()));
                            }
                            return;
                        }
                        try {
                            String text = towardsB.open(frame.getBytes());
                            if (towardsA[0] == null) {
                                towardsA[0] = RogueClient.member(host, a.host(), a.port(), fromA -> {
                                    synchronized (towardsB) {
                                        fromB.writeBinaryMessage(Buffer.buffer(towardsB.seal(fromA.toString())));
                                    }
                                    return null;
                                }, member);
                            }
                            if (text.contains("\"HELLO\"")) {
                                relayedHellos.incrementAndGet();
                            }
                            towardsA[0].send(text);
                        } catch (Exception e) {
                            fromB.close();
                        }
                    });
                    fromB.closeHandler(v -> {
                        if (towardsA[0] != null) {
                            towardsA[0].close();
                        }
                    });
                }).listen(0, host).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        for (NodeProcess node : new NodeProcess[] {a, b, c, d}) {
            if (node != null) {
                node.close();
            }
        }
        if (relay != null) {
            relay.close();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private static JsonNode json(NodeProcess node, String path) {
        return ChainChecks.json(node.get(path).body());
    }

    private static int readyPeers(NodeProcess node) {
        return json(node, "/api/sync").get("peers").asInt();
    }

    private static String key(NodeProcess node) {
        return json(node, "/api/node").get("publicKey").asText();
    }

    private static String log(NodeProcess node) {
        try {
            return Files.readString(node.log());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Optional<JsonNode> peerRow(NodeProcess node, String nodeKey) {
        for (JsonNode row : json(node, "/api/peers")) {
            if (row.get("nodeKey").asText().equals(nodeKey)) {
                return Optional.of(row);
            }
        }
        return Optional.empty();
    }

    @Test
    @Order(1)
    void membersBecomePeersAndNodesWithAnotherSecretOrNoneAreRefusedSayingWhy() throws Exception {
        await("A and B peers through the relay").atMost(DEADLINE)
                .until(() -> readyPeers(a) == 1 && readyPeers(b) == 1);
        assertThat(peerRow(a, key(b)).orElseThrow().get("status").asText()).isEqualTo("ONLINE");
        assertThat(log(b)).as("B speaks [4, 5], A [4, 4]: they use 4").contains("(protocol version 4)");
        await("C and D told they are not members").atMost(DEADLINE).until(() ->
                log(c).contains("refused this node: not a member of this network")
                        && log(d).contains("refused this node: not a member of this network"));
        assertThat(log(a)).contains("not a member of this network (its cluster secret differs from ours");
        assertThat(log(d)).contains("This node's network is open");
        assertThat(log(a)).doesNotContain("This node's network is open");
        assertThat(readyPeers(c)).isZero();
        assertThat(readyPeers(d)).isZero();
        assertThat(readyPeers(a)).as("only B").isEqualTo(1);
        assertThat(peerRow(a, key(c))).as("nothing recorded about non-members").isEmpty();
        assertThat(peerRow(a, key(d))).isEmpty();

        try (RogueClient stranger = RogueClient.connected(NET + "77", a.host(), a.port(),
                Membership.of(Optional.of(OTHER_SECRET)))) {
            assertThat(stranger.openChannel()).isFalse();
            assertThat(stranger.closeStatus()).isEqualTo(SecureChannel.NOT_A_MEMBER);
            assertThat(stranger.closeReason()).isEqualTo("not a member of this network");
        }
        try (RogueClient member = RogueClient.member(NET + "78", a.host(), a.port(), m -> null,
                Membership.of(Optional.of(SECRET)))) {
            assertThat(member.binding()).hasSize(64);
        }
    }

    @Test
    @Order(2)
    void theSecretAppearsInNoLogEndpointOrMetric() {
        List<String> seen = new java.util.ArrayList<>();
        for (NodeProcess node : List.of(a, b, c, d)) {
            seen.add(log(node));
            for (String path : List.of("/api/node", "/api/peers", "/api/network", "/api/sync", "/api/chain", "/")) {
                seen.add(node.get(path).body());
            }
            for (String path : List.of("/q/health", "/q/metrics", "/q/health/ready")) {
                seen.add(node.getManagement(path).body());
            }
        }
        assertThat(seen).allSatisfy(text -> assertThat(text).doesNotContain(SECRET).doesNotContain(OTHER_SECRET)
                .doesNotContain(SECRET.substring(0, 16)));
    }

    /** Each way a relay can touch a frame it cannot read: the session closes, nobody is blamed, B dials again. */
    @Test
    @Order(3)
    void aFrameChangedReplayedOrInjectedOnThePathClosesTheSessionAndBansNobody() {
        String aKey = key(a);
        String bKey = key(b);
        for (TamperingRelay.Tamper how : List.of(TamperingRelay.Tamper.FLIP, TamperingRelay.Tamper.REPLAY,
                TamperingRelay.Tamper.INJECT)) {
            await("A and B peers").atMost(DEADLINE).until(() -> readyPeers(a) == 1 && readyPeers(b) == 1);
            int before = relay.tampered();
            int failuresBefore = countOf(log(b), "a frame failed authentication");
            relay.tamperNext(how);
            await(how + " done and seen").atMost(DEADLINE).until(() -> relay.tampered() > before
                    && countOf(log(b), "a frame failed authentication") > failuresBefore);
        }
        await("A and B peers again").atMost(DEADLINE).until(() -> readyPeers(a) == 1 && readyPeers(b) == 1);
        assertThat(peerRow(a, bKey).orElseThrow().get("misbehaviour").asInt()).isZero();
        assertThat(peerRow(b, aKey).orElseThrow().get("misbehaviour").asInt()).isZero();
        assertThat((log(a) + log(b)).lines().filter(line -> line.contains("Banned")))
                .as("only the member in the middle (next test) earns a ban").allMatch(line -> line.contains(NET + "76"));
    }

    /**
     * A member relaying messages between its own two channels forwards B's HELLO to A: it is bound to the channel
     * B and the relay share, not to the one A has, so A refuses it; B's key is never seen at the relay's address
     * and nobody honest is blamed.
     */
    @Test
    @Order(4)
    void aMemberInTheMiddleCannotPassOneNodesProofToAnother() {
        await("B's HELLO relayed to A").atMost(DEADLINE).until(() -> relayedHellos.get() > 0
                && log(a).contains("HELLO is bound to another connection"));
        String bKey = key(b);
        JsonNode row = peerRow(a, bKey).orElseThrow();
        assertThat(row.get("address").asText()).as("B as A knows it: through the relay, not the member")
                .startsWith(NET + "74:");
        assertThat(row.get("misbehaviour").asInt()).isZero();
        assertThat(peerRow(b, key(a)).orElseThrow().get("misbehaviour").asInt()).isZero();
        assertThat(readyPeers(a)).isEqualTo(1);
    }

    private static int countOf(String text, String what) {
        int count = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            count++;
        }
        return count;
    }
}
