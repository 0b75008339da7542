package io.podchain.testing;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A test peer that speaks the protocol by hand, so it can also speak it wrongly. Connects from its own loopback
 * address, so that a ban of one rogue does not affect the next.
 */
public final class RogueClient implements AutoCloseable {
    private static final int RECEIVE_BUFFER_BYTES = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final io.podchain.p2p.ProtocolCodec CODEC = new io.podchain.p2p.ProtocolCodec();
    private static final Vertx VERTX = Vertx.vertx();
    /** Added to each received message: how many WebSocket frames carried it. */
    public static final String FRAMES = "_frames";

    private static final io.podchain.p2p.Membership OPEN_NETWORK = io.podchain.p2p.Membership.of(
            java.util.Optional.empty());

    private final WebSocketClient client;
    private final io.podchain.p2p.SecureChannel channel;
    private final java.util.function.Function<JsonNode, String> responder;
    private volatile String closeReason;
    private final WebSocket socket;
    private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile int framesOfLastMessage;
    private volatile Short closeStatus;
    /** The key to prove and what our HELLO said, once {@link #hello} was sent; the AUTH goes out on the node's HELLO. */
    private volatile io.podchain.chain.SigningKey provingKey;
    private volatile io.podchain.p2p.ProtocolMessage.Hello sentHello;
    /** The node's HELLO, which may arrive before or after ours is sent. */
    private JsonNode nodeHello;
    private boolean authSent;

    public RogueClient(String localAddress, String host, int port) throws Exception {
        this(localAddress, host, port, message -> null);
    }

    /** @param responder answers received messages at once (null: no answer), e.g. PONG for PING */
    public RogueClient(String localAddress, String host, int port,
            java.util.function.Function<JsonNode, String> responder) throws Exception {
        this(localAddress, host, port, responder, OPEN_NETWORK);
        if (!openChannel()) {
            throw new IllegalStateException("the node refused the channel: " + closeStatus + " " + closeReason);
        }
    }

    /**
     * Connected, the channel not yet opened: {@link #openChannel} opens it as a member of {@code membership}'s
     * network, or {@link #sendRawFrame} sends what a stranger likes.
     */
    public static RogueClient connected(String localAddress, String host, int port,
            io.podchain.p2p.Membership membership) throws Exception {
        return new RogueClient(localAddress, host, port, message -> null, membership);
    }

    /** A member of {@code membership}'s network, its channel open; {@code responder} sees every message first. */
    public static RogueClient member(String localAddress, String host, int port,
            java.util.function.Function<JsonNode, String> responder, io.podchain.p2p.Membership membership)
            throws Exception {
        RogueClient client = new RogueClient(localAddress, host, port, responder, membership);
        if (!client.openChannel()) {
            client.close();
            throw new IllegalStateException("the node refused the channel: " + client.closeStatus + " "
                    + client.closeReason);
        }
        return client;
    }

    private RogueClient(String localAddress, String host, int port,
            java.util.function.Function<JsonNode, String> responder, io.podchain.p2p.Membership membership)
            throws Exception {
        this.responder = responder;
        this.channel = io.podchain.p2p.SecureChannel.dialling(membership, io.podchain.p2p.P2pLimits.MIN_PROTOCOL_VERSION,
                io.podchain.p2p.P2pLimits.PROTOCOL_VERSION);
        // a fixed, small receive window (no autotuning): a client that stops reading makes the node's own queue
        // fill after a few answers, not after megabytes of kernel buffers, however busy the machine is
        client = VERTX.createWebSocketClient(new WebSocketClientOptions().setLocalAddress(localAddress)
                .setReceiveBufferSize(RECEIVE_BUFFER_BYTES)
                .setMaxMessageSize(16 * 1024 * 1024).setMaxFrameSize(16 * 1024 * 1024));
        java.util.concurrent.CompletableFuture<WebSocket> connected = new java.util.concurrent.CompletableFuture<>();
        // handlers are set on the event loop as the handshake completes, so not even an immediate REJECT is missed
        client.connect(port, host, "/p2p").onComplete(result -> {
            if (result.failed()) {
                connected.completeExceptionally(result.cause());
                return;
            }
            WebSocket ws = result.result();
            ws.frameHandler(frame -> {
                if (frame.isBinary() || frame.isContinuation()) {
                    framesOfLastMessage = frame.isContinuation() ? framesOfLastMessage + 1 : 1;
                }
            });
            ws.binaryMessageHandler(this::frameArrived);
            ws.closeHandler(v -> {
                closeStatus = ws.closeStatusCode();
                closeReason = ws.closeReason();
                closed.set(true);
            });
            connected.complete(ws);
        });
        socket = connected.get(30, TimeUnit.SECONDS);
    }

    /** The channel's handshake as a node dials: true once open, false when the node closed instead. */
    public boolean openChannel() {
        socket.writeBinaryMessage(io.vertx.core.buffer.Buffer.buffer(channel.firstFrame()));
        await("the channel opened or refused").atMost(Duration.ofSeconds(30))
                .until(() -> channel.isOpen() || closed.get());
        return channel.isOpen();
    }

    /** Sends bytes as one binary frame, whatever the channel's state: what a stranger or a broken node sends. */
    public void sendRawFrame(byte[] frame) {
        socket.writeBinaryMessage(io.vertx.core.buffer.Buffer.buffer(frame));
    }

    /** The reason of the node's close frame, once closed. */
    public String closeReason() {
        return closeReason;
    }

    /** What the channel shares with the node alone: HELLO's "challenge" since protocol version 4. */
    public String binding() {
        return io.podchain.chain.Hex.encode(channel.binding());
    }

    private void frameArrived(io.vertx.core.buffer.Buffer frame) {
        if (!channel.isOpen()) {
            channel.handshake(frame.getBytes());
            return;
        }
        try {
            JsonNode message = JSON.readTree(channel.open(frame.getBytes()));
            if ("HELLO".equals(message.path("type").asText())) {
                nodeHelloArrived(message);
            }
            String answer = responder.apply(message);
            if (answer != null) {
                send(answer);
            }
            if (message.has("type")) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) message).put(FRAMES, framesOfLastMessage);
            }
            received.add(message);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The handshake as a real node does it: a HELLO from {@code key} claiming the given tip and work, and, as soon as
     * the node's HELLO arrives, the AUTH that proves {@code key} for this connection.
     */
    public void hello(String networkId, String genesisHash, io.podchain.chain.SigningKey key, String advertisedAddress,
            long height, String tipHash, String cumulativeWork) {
        io.podchain.p2p.ProtocolMessage.Hello hello = new io.podchain.p2p.ProtocolMessage.Hello(
                io.podchain.p2p.P2pLimits.PROTOCOL_VERSION, networkId, genesisHash, key.publicKey().toHex(),
                advertisedAddress, binding(), height, tipHash, cumulativeWork);
        synchronized (this) {
            sentHello = hello;
            provingKey = key;
            send(CODEC.encode(hello));
            sendAuthOnce();
        }
    }

    private synchronized void nodeHelloArrived(JsonNode hello) {
        nodeHello = hello;
        sendAuthOnce();
    }

    /** The AUTH goes out once both HELLOs are known, whichever came last. */
    private void sendAuthOnce() {
        if (provingKey != null && nodeHello != null && !authSent) {
            authSent = true;
            send(auth(nodeHello));
        }
    }

    /**
     * A HELLO that claims {@code nodeKeyHex} without the proof following by itself (an impersonator's).
     *
     * @return the challenge it carried
     */
    public String claim(String networkId, String genesisHash, String nodeKeyHex, String advertisedAddress, long height,
            String tipHash, String cumulativeWork) {
        String challenge = binding();
        send(CODEC.encode(new io.podchain.p2p.ProtocolMessage.Hello(io.podchain.p2p.P2pLimits.PROTOCOL_VERSION,
                networkId, genesisHash, nodeKeyHex, advertisedAddress, challenge, height, tipHash, cumulativeWork)));
        return challenge;
    }

    /**
     * An AUTH for the node's {@code hello} signed by {@code key} as if it were the key our HELLO claimed: what an
     * impersonator who claimed another node's key can at best send.
     */
    public void authAs(io.podchain.chain.SigningKey key, String claimedKeyHex, String ourChallengeHex, JsonNode hello) {
        io.podchain.p2p.HandshakeProof.Transcript transcript = new io.podchain.p2p.HandshakeProof.Transcript(
                hello.get("networkId").asText(), io.podchain.chain.Hash.fromHex(hello.get("genesisHash").asText()),
                io.podchain.chain.PublicKey.fromHex(claimedKeyHex),
                io.podchain.chain.PublicKey.fromHex(hello.get("nodeKey").asText()),
                io.podchain.chain.Hex.decode(ourChallengeHex, "challenge"),
                io.podchain.chain.Hex.decode(hello.get("challenge").asText(), "challenge"));
        send(CODEC.encode(new io.podchain.p2p.ProtocolMessage.Auth(
                transcript.sign(key, io.podchain.p2p.HandshakeProof.Role.INITIATOR).toHex())));
    }

    public static String randomChallenge() {
        byte[] challenge = new byte[io.podchain.p2p.HandshakeProof.CHALLENGE_LENGTH];
        new java.security.SecureRandom().nextBytes(challenge);
        return io.podchain.chain.Hex.encode(challenge);
    }

    /** Our AUTH for the node's {@code hello}: we dialled, so we sign as the initiator. */
    private String auth(JsonNode hello) {
        io.podchain.p2p.ProtocolMessage.Hello ours = sentHello;
        io.podchain.p2p.HandshakeProof.Transcript transcript = new io.podchain.p2p.HandshakeProof.Transcript(
                ours.networkId(), io.podchain.chain.Hash.fromHex(ours.genesisHash()), provingKey.publicKey(),
                io.podchain.chain.PublicKey.fromHex(hello.get("nodeKey").asText()),
                io.podchain.chain.Hex.decode(ours.challenge(), "challenge"),
                io.podchain.chain.Hex.decode(hello.get("challenge").asText(), "challenge"));
        return CODEC.encode(new io.podchain.p2p.ProtocolMessage.Auth(
                transcript.sign(provingKey, io.podchain.p2p.HandshakeProof.Role.INITIATOR).toHex()));
    }

    /** The PONG a node answers {@code ping} with. */
    public static String pong(JsonNode ping) {
        return CODEC.encode(new io.podchain.p2p.ProtocolMessage.Pong(ping.get("nonce").asLong()));
    }

    /** A BLOCK announcement of {@code block}, as a node relays it. */
    public static String announce(io.podchain.chain.Block block) {
        return CODEC.encode(new io.podchain.p2p.ProtocolMessage.BlockAnnouncement(
                io.podchain.chain.Hex.encode(block.canonicalBytes())));
    }

    public static String inventory(io.podchain.chain.Message... messages) {
        return CODEC.encode(new io.podchain.p2p.ProtocolMessage.Inventory(java.util.Arrays.stream(messages)
                .map(m -> m.id().toHex()).toList()));
    }

    public static String messages(io.podchain.chain.Message... messages) {
        return CODEC.encode(new io.podchain.p2p.ProtocolMessage.Messages(java.util.Arrays.stream(messages)
                .map(m -> io.podchain.chain.Hex.encode(m.canonicalBytes())).toList()));
    }

    /** Sends {@code text} through the channel, as a node sends a message. */
    public void send(String text) {
        synchronized (channel) {
            socket.writeBinaryMessage(io.vertx.core.buffer.Buffer.buffer(channel.seal(text)));
        }
    }

    /** Sends {@code text} as a text frame, outside the channel: what an older node or a stranger sends. */
    public void sendText(String text) {
        socket.writeTextMessage(text);
    }

    /**
     * Asks for a WebSocket upgrade from {@code localAddress} and says how it was answered: 101 when it was upgraded
     * (the connection is then closed at once), otherwise the HTTP status of the refusal.
     */
    public static int upgradeStatus(String localAddress, String host, int port) throws Exception {
        try (RogueClient client = connected(localAddress, host, port, OPEN_NETWORK)) {
            return 101;
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof io.vertx.core.http.UpgradeRejectedException refused) {
                return refused.getStatus();
            }
            throw e;
        }
    }

    /** Messages received so far (of any type), without waiting. */
    public java.util.List<JsonNode> receivedSoFar() {
        return java.util.List.copyOf(received);
    }

    /** The next message of the given type, skipping others (PINGs, STATUS), within a deadline. */
    public JsonNode next(String type) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode message = received.poll(100, TimeUnit.MILLISECONDS);
            if (message != null && type.equals(message.get("type").asText())) {
                return message;
            }
        }
        throw new AssertionError("no " + type + " within 30 s");
    }

    public void awaitClosed() {
        await("connection closed by the node").atMost(Duration.ofSeconds(30)).untilTrue(closed);
    }

    /** The WebSocket close code the node sent (1001: going away), once closed. */
    public Short closeStatus() {
        return closeStatus;
    }

    /** Stops reading from the socket, as a peer that never reads: what the node sends piles up on its side. */
    public void pauseReading() {
        socket.pause();
    }

    public void resumeReading() {
        socket.resume();
    }

    public boolean isClosed() {
        return closed.get();
    }

    @Override
    public void close() {
        if (!closed.get()) {
            socket.close();
        }
        client.close();
    }
}
