/**
 * The peer-to-peer protocol (version 4) over WebSockets ({@code /p2p} on the HTTP port).
 *
 * <p>Transport: the {@link io.podchain.p2p.SecureChannel} of each connection (membership, session keys, version
 * range); the {@link io.podchain.p2p.P2pAdmission} that refuses an upgrade before it becomes a connection; the
 * {@link io.podchain.p2p.Dialer} (address book, backoff) and the server endpoint, which report what happens to a
 * connection as {@link io.podchain.p2p.ConnectionEvents}; a {@link io.podchain.p2p.Peer} per connection (claimed
 * versus verified chain, misbehaviour) with its {@link io.podchain.p2p.PeerInbox} (ordered, bounded, rate-paced),
 * its {@link io.podchain.p2p.PeerOutbound} (sealed sends within the peer's and the node's bounds), its
 * {@link io.podchain.p2p.PeerRequests} and its {@link io.podchain.p2p.RoundTrips}; the node-wide
 * {@link io.podchain.p2p.TrafficBudget}; {@link io.podchain.p2p.ConnectedPeers}; {@link io.podchain.p2p.RawSocket}.
 * None of these knows the protocol's handlers (ArchitectureTest).
 *
 * <p>Protocol: the {@link io.podchain.p2p.PeerManager} that handles the connection events and the
 * {@link io.podchain.p2p.MessageRouter} that takes each received frame through the channel, the codec and the peer's
 * inbox to its handler; the messages ({@link io.podchain.p2p.ProtocolMessage}, each checking its own bounds) and
 * their strict codec; the {@link io.podchain.p2p.HandshakeProof} (pure) and the {@link io.podchain.p2p.Handshake} in
 * which every peer proves its node key before anything about it counts; the one table of
 * {@link io.podchain.p2p.MessageHandlers} that routes a proven peer's messages to the {@link io.podchain.p2p.Relay}
 * of blocks, the {@link io.podchain.p2p.MessageInventory} of pending messages (INV / GET_MESSAGES / MESSAGES), the
 * {@link io.podchain.p2p.ChainServer}, the {@link io.podchain.p2p.Housekeeping} of pings and status, and sync
 * ({@link io.podchain.p2p.ChainFollower}); and {@link io.podchain.p2p.PeerDiscipline}, the one place of penalties,
 * bans ({@link io.podchain.p2p.Bans}) and refusals that every handler calls. The handlers reach our chain and our
 * messages through two ports, {@link io.podchain.p2p.LocalChain} and {@link io.podchain.p2p.LocalMessages}, which
 * {@link io.podchain.p2p.StoredChain} and {@link io.podchain.p2p.PooledMessages} implement over the store and the
 * pool, so that the handlers are unit-tested without a database.
 *
 * <p>Every limit is in {@link io.podchain.p2p.P2pLimits}. Blocks go to the store through the same path as every
 * other block; this package knows no SQL and nothing of sync but {@link io.podchain.p2p.ChainFollower}. Its files
 * form no cycle (ArchitectureTest).
 */
package io.podchain.p2p;
