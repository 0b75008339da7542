package io.podchain.network;

import io.podchain.p2p.ConnectionEvents;
import io.podchain.p2p.P2pLimits;
import io.podchain.p2p.Transport;
import io.quarkus.websockets.next.BasicWebSocketConnector;
import java.util.Optional;

/** The dialler's connections as WebSockets Next clients of {@code /p2p}, from the pod's own address. */
final class WebSocketTransport implements Transport {
    private final String httpHost;

    WebSocketTransport(String httpHost) {
        this.httpHost = httpHost;
    }

    @Override
    public void dial(String address, ConnectionEvents events, Dialled result) {
        BasicWebSocketConnector.create()
                .baseUri("ws://" + address)
                .path("/p2p")
                .executionModel(BasicWebSocketConnector.ExecutionModel.NON_BLOCKING)
                // from our own address, as a pod's connections come from its IP: the peer sees who is dialling
                .customizeOptions((connect, options) -> {
                    localAddress().ifPresent(options::setLocalAddress);
                    options.setConnectTimeout((int) P2pLimits.DIAL_CONNECT_TIMEOUT.toMillis());
                })
                .onOpen(connection -> events.opened(WebSocketLink.of(connection), address))
                .onBinaryMessage((connection, frame) -> events.received(WebSocketLink.of(connection), frame.getBytes()))
                .onTextMessage((connection, text) -> events.receivedText(WebSocketLink.of(connection), text))
                .onClose((connection, reason) -> events.closed(WebSocketLink.of(connection)))
                .onError((connection, failure) -> events.failed(WebSocketLink.of(connection), failure))
                .connect()
                .subscribe().with(connection -> result.opened(), failure -> result.failed(failure.getMessage()));
    }

    /** The HTTP host when it is one address; none when the node listens on every interface. */
    private Optional<String> localAddress() {
        boolean wildcard = httpHost.equals("0.0.0.0") || httpHost.equals("::") || httpHost.equals("[::]");
        return wildcard || httpHost.equals("localhost") ? Optional.empty() : Optional.of(httpHost);
    }
}
