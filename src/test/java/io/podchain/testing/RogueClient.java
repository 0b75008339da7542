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
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final io.podchain.p2p.ProtocolCodec CODEC = new io.podchain.p2p.ProtocolCodec();
    private static final Vertx VERTX = Vertx.vertx();
    /** Added to each received message: how many WebSocket frames carried it. */
    public static final String FRAMES = "_frames";

    private final WebSocketClient client;
    private final WebSocket socket;
    private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile int framesOfLastMessage;

    public RogueClient(String localAddress, String host, int port) throws Exception {
        this(localAddress, host, port, message -> null);
    }

    /** @param responder answers received messages at once (null: no answer), e.g. PONG for PING */
    public RogueClient(String localAddress, String host, int port,
            java.util.function.Function<JsonNode, String> responder) throws Exception {
        client = VERTX.createWebSocketClient(new WebSocketClientOptions().setLocalAddress(localAddress)
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
                if (frame.isText() || frame.isContinuation()) {
                    framesOfLastMessage = frame.isContinuation() ? framesOfLastMessage + 1 : 1;
                }
            });
            ws.textMessageHandler(text -> {
                try {
                    JsonNode message = JSON.readTree(text);
                    String answer = responder.apply(message);
                    if (answer != null) {
                        ws.writeTextMessage(answer);
                    }
                    if (message.has("type")) {
                        ((com.fasterxml.jackson.databind.node.ObjectNode) message).put(FRAMES, framesOfLastMessage);
                    }
                    received.add(message);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            ws.closeHandler(v -> closed.set(true));
            connected.complete(ws);
        });
        socket = connected.get(30, TimeUnit.SECONDS);
    }

    /** A HELLO as a real node would send it, from {@code key}, claiming the given tip and work. */
    public void hello(String networkId, String genesisHash, String nodeKey, String advertisedAddress, long height,
            String tipHash, String cumulativeWork) {
        send(CODEC.encode(new io.podchain.p2p.ProtocolMessage.Hello(
                io.podchain.p2p.P2pLimits.PROTOCOL_VERSION, networkId, genesisHash, nodeKey, advertisedAddress, height,
                tipHash, cumulativeWork)));
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

    public void send(String text) {
        socket.writeTextMessage(text);
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
