package io.podchain.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.podchain.chain.SigningKey;
import io.podchain.p2p.P2pLimits;
import io.podchain.testing.ChainChecks;
import io.podchain.testing.NodeProcess;
import io.podchain.testing.PodJvm;
import io.podchain.testing.RogueClient;
import io.podchain.testing.TestBlocks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Strangers who try to crash a node, lock it away from its peers or flood its log, from several loopback addresses
 * as a cluster's pods would, against a node whose JVM runs as in a pod ({@link PodJvm}: the image's options at the
 * chart's memory limit, exiting on OutOfMemoryError). Each attack is bounded in count and time; after each, the node
 * is alive, serves, and an honest newcomer completes its handshake. Resident memory is sampled throughout.
 */
@Order(4) // among the longest: started first, so that the two at a time end together
class HostilePeersIT {
    /** This class's loopback addresses (see TestNetwork). */
    private static final String NET = TestNetwork.HOSTILE_PEERS;
    @TempDir
    static Path home;
    static NodeProcess node;
    static JsonNode chain;
    /** Highest resident memory of the node seen while attacks ran. */
    static final AtomicLong PEAK_RSS = new AtomicLong();
    static ExecutorService sampler;
    static int nextHonest = 200;

    @BeforeAll
    static void startNode() {
        // the API's per-client shares as deployed (tests elsewhere lift them)
        node = new NodeProcess(home, NET + "2", TestNetwork.ENV).env("PODCHAIN_MINING_AUTO", "false").asInAPod()
                .env("PODCHAIN_API_CLIENT_REQUESTS_PER_SECOND", "200").env("PODCHAIN_API_CLIENT_CONCURRENT_REQUESTS", "16")
                .start();
        // answers of some size: 200 headers are ~76 KB, a page of 200 blocks more
        for (int i = 0; i < 200; i++) {
            node.post("/api/mine", "");
        }
        chain = ChainChecks.json(node.get("/api/chain").body());
        sampler = Executors.newSingleThreadExecutor();
        long pid = node.processHandle().pid();
        sampler.submit(() -> {
            while (!Thread.currentThread().isInterrupted() && node.processHandle().isAlive()) {
                PEAK_RSS.accumulateAndGet(PodJvm.residentBytes(pid), Math::max);
                try {
                    Thread.sleep(50); // a sampling period, not a synchronisation
                } catch (InterruptedException e) {
                    return null;
                }
            }
            return null;
        });
    }

    @AfterAll
    static void stopNode() throws Exception {
        sampler.shutdownNow();
        System.out.printf("HostilePeersIT: the node's resident memory peaked at %d MiB (limit %d MiB, JVM %s)%n",
                PEAK_RSS.get() >> 20, PodJvm.MEMORY_LIMIT_BYTES >> 20, PodJvm.OPTIONS);
        assertThat(PEAK_RSS.get()).as("resident memory within the pod's limit throughout")
                .isLessThan(PodJvm.MEMORY_LIMIT_BYTES);
        node.close();
    }

    /** After every attack: the node runs, serves, and a newcomer from a clean address proves itself and is a peer. */
    @AfterEach
    void theNodeStillServesAndTakesNewPeers() throws Exception {
        assertThat(node.processHandle().isAlive()).as("the node survived").isTrue();
        assertThat(node.get("/api/chain").statusCode()).isEqualTo(200);
        assertThat(node.getManagement("/q/health/ready").statusCode()).as("still ready").isEqualTo(200);
        try (RogueClient honest = new RogueClient(NET + nextHonest++, node.host(), node.port(),
                m -> "PING".equals(m.path("type").asText()) ? RogueClient.pong(m) : null)) {
            SigningKey key = TestBlocks.key("honest-" + nextHonest);
            hello(honest, key);
            honest.next("HELLO");
            await().atMost(Duration.ofSeconds(30)).until(() -> isOnline(key));
        }
    }

    /** What the node holds for peers now, from its metrics ({@code podchain_p2p_queued_chars}). */
    private static double queued(String direction) {
        for (String line : node.getManagement("/q/metrics").body().split("\n")) {
            if (line.startsWith("podchain_p2p_queued_chars{direction=\"" + direction + "\"")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no podchain_p2p_queued_chars for " + direction);
    }

    private static void hello(RogueClient client, SigningKey key) {
        client.hello(chain.get("networkId").asText(), chain.get("genesisHash").asText(), key, NET + "250:1", 0,
                chain.get("genesisHash").asText(), "1");
    }

    private static boolean isOnline(SigningKey key) {
        for (JsonNode row : ChainChecks.json(node.get("/api/peers").body())) {
            if (row.get("nodeKey").asText().equals(key.publicKey().toHex())) {
                return row.get("status").asText().equals("ONLINE");
            }
        }
        return false;
    }

    private static RogueClient connect(int lastOctet) throws Exception {
        return new RogueClient(NET + lastOctet, node.host(), node.port());
    }

    /**
     * 8 addresses, 2 unproven connections each (the most an address may hold), each sending large frames: a frame
     * over the handshake's bound is refused undecoded, the connection closed and its address penalised; the second
     * such frame from an address bans it, and its next upgrade is refused before it becomes a connection.
     */
    @Test
    void largeFramesBeforeTheProofCostTheirAddressesNotTheNodesMemory() throws Exception {
        String large = "{\"type\":\"REJECT\",\"code\":\"X\",\"reason\":\"" + "r".repeat(P2pLimits.MAX_MESSAGE_CHARS - 100)
                + "\"}";
        List<RogueClient> attackers = new ArrayList<>();
        try {
            for (int ip = 10; ip < 18; ip++) {
                for (int c = 0; c < P2pLimits.MAX_UNPROVEN_PER_IP; c++) {
                    attackers.add(connect(ip));
                }
            }
            for (RogueClient attacker : attackers) {
                attacker.send(large);
                attacker.send(large);
            }
            for (RogueClient attacker : attackers) {
                attacker.awaitClosed();
            }
        } finally {
            attackers.forEach(RogueClient::close);
        }
        for (int ip = 10; ip < 18; ip++) {
            assertThat(RogueClient.upgradeStatus(NET + ip, node.host(), node.port())).as(NET + ip)
                    .isEqualTo(403);
        }
    }

    /**
     * 8 event streams from each of 8 addresses and 600 requests for the largest page of messages, on connections
     * that never read their answers: each address gets its share of streams (the rest is refused at once with 429),
     * the node keeps answering another client and its probes, and stays within its memory.
     */
    @Test
    void aCrowdOfApiClientsThatNeverReadGetTheirShareAndNoMore() throws Exception {
        List<java.net.Socket> crowd = new ArrayList<>();
        try {
            for (int i = 0; i < 600 + 64; i++) {
                java.net.Socket socket = new java.net.Socket();
                socket.bind(new java.net.InetSocketAddress(NET + (80 + i % 8), 0));
                socket.connect(new java.net.InetSocketAddress(node.host(), node.port()));
                crowd.add(socket);
                // the streams first, so that each address's streams meet the streams' bound, not its share of
                // requests in progress
                String path = i >= 64 ? "/api/messages?party=" + TestBlocks.key("x").publicKey().toHex() + "&limit=100"
                        : "/api/events";
                socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + node.host() + "\r\n\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
            // another client, from another address, is served meanwhile, and the probes answer
            assertThat(node.get("/api/chain").statusCode()).isEqualTo(200);
            assertThat(node.get("/api/messages?party=" + TestBlocks.key("x").publicKey().toHex() + "&limit=100")
                    .statusCode()).isEqualTo(200);
            assertThat(node.getManagement("/q/health/ready").statusCode()).isEqualTo(200);
            // the streams' answers: at most 4 of each address's 8 open, the others refused with 429
            java.util.Map<String, List<String>> statuses = new java.util.HashMap<>();
            for (int i = 0; i < 64; i++) {
                java.net.Socket socket = crowd.get(i);
                socket.setSoTimeout(30_000);
                String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                        java.nio.charset.StandardCharsets.US_ASCII)).readLine();
                statuses.computeIfAbsent(socket.getLocalAddress().getHostAddress(), k -> new ArrayList<>())
                        .add(status.split(" ")[1]);
            }
            assertThat(statuses).hasSize(8).allSatisfy((address, codes) -> {
                assertThat(codes).as(address).hasSize(8).containsOnly("200", "429");
                assertThat(codes.stream().filter("200"::equals).count()).as(address)
                        .isEqualTo(io.podchain.api.ApiLimits.MAX_STREAMS_PER_CLIENT);
            });
        } finally {
            for (java.net.Socket socket : crowd) {
                socket.close();
            }
        }
    }

    /** A hash asked for 500 times is served once: a request's answer is never larger than the blocks it names. */
    @Test
    void aBlockAskedForManyTimesIsServedOnce() throws Exception {
        try (RogueClient rogue = connect(20)) {
            hello(rogue, TestBlocks.key("repeater"));
            rogue.next("HELLO");
            String tip = chain.get("tipHash").asText();
            rogue.send("{\"type\":\"GET_BLOCKS\",\"hashes\":[" + ("\"" + tip + "\",").repeat(499) + "\"" + tip + "\"]}");
            assertThat(rogue.next("BLOCKS").get("blocks")).hasSize(1);
        }
    }

    /**
     * 64 fresh keys, in two waves of 32 from 8 addresses (as many proven connections as the node takes), ask for pages
     * of blocks and never read: the node builds answers only while they fit what it keeps for each peer and for all
     * of them, then cuts each one off (its queue released); none is banned, since an honest peer in a busy moment
     * looks the same.
     */
    @Test
    void freshKeysThatAskAndNeverReadAreCutOff() throws Exception {
        List<String> hashes = new ArrayList<>();
        for (JsonNode block : ChainChecks.json(node.get("/api/blocks?fromHeight=1&limit=500").body()).get("blocks")) {
            hashes.add("\"" + block.get("hash").asText() + "\"");
        }
        String ask = "{\"type\":\"GET_HEADERS\",\"locator\":[\"" + chain.get("genesisHash").asText()
                + "\"],\"stopHash\":\"" + io.podchain.chain.Hash.ZERO.toHex() + "\"}";
        String askBlocks = "{\"type\":\"GET_BLOCKS\",\"hashes\":[" + String.join(",", hashes) + "]}";
        for (int wave = 0; wave < 2; wave++) {
            nonReaders(wave, ask, askBlocks);
        }
    }

    private void nonReaders(int wave, String ask, String askBlocks) throws Exception {
        List<RogueClient> readers = new ArrayList<>();
        List<SigningKey> keys = new ArrayList<>();
        try {
            for (int i = 0; i < 32; i++) {
                RogueClient rogue = connect(30 + i % 8);
                SigningKey key = TestBlocks.key("non-reader-" + wave + "-" + i);
                keys.add(key);
                hello(rogue, key);
                rogue.next("HELLO");
                readers.add(rogue);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> keys.stream().allMatch(HostilePeersIT::isOnline));
            for (RogueClient rogue : readers) {
                rogue.pauseReading();
            }
            for (int round = 0; round < 200; round++) {
                for (RogueClient rogue : readers) {
                    rogue.send(round % 2 == 0 ? ask : askBlocks);
                }
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> keys.stream().noneMatch(HostilePeersIT::isOnline));
            await("what was queued for them released").atMost(Duration.ofSeconds(30))
                    .until(() -> queued("sent") == 0 && queued("received") == 0);
            for (JsonNode row : ChainChecks.json(node.get("/api/peers").body())) {
                assertThat(row.get("status").asText()).as(row.get("nodeKey").asText()).isNotEqualTo("BANNED");
            }
        } finally {
            readers.forEach(RogueClient::close);
        }
    }

    /**
     * Connections that never say HELLO: one address gets two handshake slots; many addresses fill the table, and a
     * newcomer still gets in (the oldest connection of the address holding the most makes room). The next
     * {@link #theNodeStillServesAndTakesNewPeers} proves a newcomer while they are all held.
     */
    @Test
    void silentConnectionsCannotLockNewcomersOut() throws Exception {
        List<RogueClient> silent = new ArrayList<>();
        try {
            for (int c = 0; c < P2pLimits.MAX_UNPROVEN_PER_IP; c++) {
                silent.add(connect(40)); // connected once the node answered the channel's handshake
            }
            assertThat(RogueClient.upgradeStatus(NET + "40", node.host(), node.port())).isEqualTo(429);
            for (int ip = 41; ip < 41 + P2pLimits.MAX_UNPROVEN; ip++) {
                silent.add(connect(ip));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> silent.get(0).isClosed());
            try (RogueClient honest = new RogueClient(NET + "99", node.host(), node.port(),
                    m -> "PING".equals(m.path("type").asText()) ? RogueClient.pong(m) : null)) {
                SigningKey key = TestBlocks.key("newcomer");
                hello(honest, key);
                honest.next("HELLO");
                await().atMost(Duration.ofSeconds(30)).until(() -> isOnline(key));
            }
        } finally {
            silent.forEach(RogueClient::close);
        }
    }

    /**
     * An announcer that never delivers cannot keep a message out of the pool: once its request is old, the next peer
     * that announces the message is asked for it, and the message is stored.
     */
    @Test
    void aMessageAnnouncedByOneThatNeverDeliversIsFetchedFromTheNext() throws Exception {
        io.podchain.chain.Message message = io.podchain.chain.Message.sign(TestBlocks.key("announced"), "bob",
                "asked twice", System.currentTimeMillis());
        try (RogueClient silent = connect(70); RogueClient honest = new RogueClient(NET + "71", node.host(),
                node.port(), m -> "PING".equals(m.path("type").asText()) ? RogueClient.pong(m) : null)) {
            hello(silent, TestBlocks.key("never-delivers"));
            silent.next("HELLO");
            silent.send(RogueClient.inventory(message));
            assertThat(silent.next("GET_MESSAGES").get("ids").get(0).asText()).isEqualTo(message.id().toHex());
            hello(honest, TestBlocks.key("delivers"));
            honest.next("HELLO");
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                honest.send(RogueClient.inventory(message));
                return honest.receivedSoFar().stream().anyMatch(m -> "GET_MESSAGES".equals(m.path("type").asText()));
            });
            honest.send(RogueClient.messages(message));
            await().atMost(Duration.ofSeconds(30)).until(() -> node.get("/api/messages/" + message.id().toHex())
                    .statusCode() == 200);
        }
    }

    /**
     * What a peer reports of its own connections (STATUS) is bounded (64 entries) and shown as reported, never as
     * this node's measurement.
     */
    @Test
    void reportedConnectionsAreBoundedAndShownAsReported() throws Exception {
        StringBuilder latencies = new StringBuilder();
        for (int i = 0; i < P2pLimits.MAX_STATUS_LATENCIES + 1; i++) {
            latencies.append(i == 0 ? "" : ",").append("\"").append(TestBlocks.key("invented-" + i).publicKey().toHex())
                    .append("\":1.0");
        }
        String tip = chain.get("genesisHash").asText();
        java.util.function.Function<String, String> status = map -> "{\"type\":\"STATUS\",\"height\":0,\"tipHash\":\""
                + tip + "\",\"cumulativeWork\":\"1\",\"latencies\":{" + map + "}}";
        String all = latencies.toString();
        try (RogueClient reporter = new RogueClient(NET + "72", node.host(), node.port(),
                m -> "PING".equals(m.path("type").asText()) ? RogueClient.pong(m) : null)) {
            SigningKey key = TestBlocks.key("reporter");
            hello(reporter, key);
            reporter.next("HELLO");
            reporter.send(status.apply(all.substring(0, all.lastIndexOf(','))));
            String invented = TestBlocks.key("invented-1").publicKey().toHex();
            await().atMost(Duration.ofSeconds(30)).until(() -> node.get("/api/network").body().contains(invented));
            for (JsonNode edge : ChainChecks.json(node.get("/api/network").body()).get("edges")) {
                if (edge.get("from").asText().equals(key.publicKey().toHex())) {
                    assertThat(edge.get("measured").asBoolean()).as("reported, not measured").isFalse();
                }
            }
            reporter.send(status.apply(all));
            assertThat(reporter.next("REJECT").get("code").asText()).isEqualTo("OVERSIZE");
        }
    }

    /**
     * A fresh key that proves itself and leaves again, doing nothing else, leaves nothing behind: it is shown while
     * connected, and the registry (1,000 rows) gets no row for it, so throwaway keys cannot push honest nodes out.
     */
    @Test
    void aThrowawayKeyLeavesNoRowBehind() throws Exception {
        SigningKey key = TestBlocks.key("throwaway");
        try (RogueClient passing = connect(73)) {
            hello(passing, key);
            passing.next("HELLO");
            await().atMost(Duration.ofSeconds(30)).until(() -> isOnline(key));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> !node.get("/api/peers").body()
                .contains(key.publicKey().toHex()));
    }

    /** A proven peer that stops answering PINGs holds no slot for long: dropped without penalty. */
    @Test
    void aPeerThatNeverAnswersPingsIsDropped() throws Exception {
        try (RogueClient mute = connect(50)) {
            hello(mute, TestBlocks.key("mute"));
            mute.next("HELLO");
            JsonNode reject = mute.next("REJECT");
            assertThat(reject.get("code").asText()).isEqualTo("PING_TIMEOUT");
            mute.awaitClosed();
        }
    }

    /**
     * A proven peer sends 1,500 PINGs at once, more than its rate allows: they are handled more slowly, every one
     * answered, and the peer is neither refused nor banned.
     */
    @Test
    void aBurstBeyondTheRateIsSlowedDownNotPunished() throws Exception {
        List<Long> pongs = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (RogueClient bursty = new RogueClient(NET + "51", node.host(), node.port(), m -> {
            if ("PONG".equals(m.path("type").asText())) {
                pongs.add(m.get("nonce").asLong());
            }
            return "PING".equals(m.path("type").asText()) ? RogueClient.pong(m) : null;
        })) {
            hello(bursty, TestBlocks.key("bursty"));
            bursty.next("HELLO");
            int burst = P2pLimits.RATE_LIMIT_BURST + 500;
            for (int i = 0; i < burst; i++) {
                bursty.send("{\"type\":\"PING\",\"nonce\":" + i + "}");
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> pongs.size() == burst);
            assertThat(bursty.receivedSoFar()).noneMatch(m -> "REJECT".equals(m.path("type").asText()));
            assertThat(bursty.isClosed()).isFalse();
        }
    }

    /**
     * What a peer says reaches the log escaped (a newline cannot start a line of its choosing), and a peer that
     * keeps earning lines gets a few a minute, then a count: 300 REJECTs from one proven peer are not 300 lines.
     */
    @Test
    void aPeerCanNeitherForgeNorFloodTheLog() throws Exception {
        try (RogueClient forger = connect(60)) {
            forger.send("{\"type\":\"REJECT\",\"code\":\"BANNED\",\"reason\":\"bye\\n2026-12-03 INFO FORGED-LINE\"}");
            forger.awaitClosed();
        }
        try (RogueClient chatty = connect(61)) {
            hello(chatty, TestBlocks.key("chatty"));
            chatty.next("HELLO");
            for (int i = 0; i < 300; i++) {
                chatty.send("{\"type\":\"REJECT\",\"code\":\"BANNED\",\"reason\":\"CHATTY-" + i + "\"}");
            }
            // handled in order: once the answer to this arrives, every REJECT before it was handled
            chatty.send("{\"type\":\"GET_HEADERS\",\"locator\":[\"" + chain.get("tipHash").asText() + "\"],"
                    + "\"stopHash\":\"" + io.podchain.chain.Hash.ZERO.toHex() + "\"}");
            chatty.next("HEADERS");
        }
        List<String> lines = Files.readAllLines(node.log());
        assertThat(lines).anyMatch(line -> line.contains("bye\\n2026-12-03 INFO FORGED-LINE"));
        assertThat(lines).noneMatch(line -> line.startsWith("2026-12-03 INFO FORGED-LINE"));
        assertThat(lines.stream().filter(line -> line.contains("CHATTY-")).count())
                .isLessThanOrEqualTo(io.podchain.log.LogLimiter.LINES_PER_WINDOW);
    }
}
