/**
 * The peer-to-peer protocol (version 4) over WebSockets ({@code /p2p} on the HTTP port).
 *
 * <p>Transport: the {@link io.podchain.p2p.SecureChannel} of each connection (membership, session keys, version
 * range); the {@link io.podchain.p2p.P2pAdmission} that refuses an upgrade before it becomes a connection; the
 * {@link io.podchain.p2p.Dialer} (address book, backoff) and the server endpoint, which report what happens to a
 * connection as {@link io.podchain.p2p.ConnectionEvents}; the {@link io.podchain.p2p.PeerManager} that handles those
 * events and the {@link io.podchain.p2p.MessageRouter} that takes each received frame through the channel, the
 * codec and the peer's inbox to its handler; a {@link io.podchain.p2p.Peer} per connection (claimed versus verified chain, round trips, misbehaviour,
 * what is queued for it) with its {@link io.podchain.p2p.PeerInbox} (ordered, bounded, rate-paced); the node-wide
 * {@link io.podchain.p2p.TrafficBudget}; {@link io.podchain.p2p.ConnectedPeers}; {@link io.podchain.p2p.RawSocket}.
 *
 * <p>Protocol: the messages ({@link io.podchain.p2p.ProtocolMessage}, each checking its own bounds) and their strict
 * codec; the {@link io.podchain.p2p.HandshakeProof} (pure) and the {@link io.podchain.p2p.Handshake} in which every
 * peer proves its node key before anything about it counts; the one table of
 * {@link io.podchain.p2p.MessageHandlers} that routes a proven peer's messages to the {@link io.podchain.p2p.Relay}
 * of blocks, the {@link io.podchain.p2p.MessageInventory} of pending messages (INV / GET_MESSAGES / MESSAGES), the
 * {@link io.podchain.p2p.ChainServer}, the {@link io.podchain.p2p.Housekeeping} of pings and status, and sync
 * ({@link io.podchain.p2p.ChainFollower}); and {@link io.podchain.p2p.PeerDiscipline}, the one place of penalties,
 * bans ({@link io.podchain.p2p.Bans}) and refusals that every handler calls.
 *
 * <p>Every limit is in {@link io.podchain.p2p.P2pLimits}. Blocks go to the store through the same path as every
 * other block; this package knows no SQL and nothing of sync but {@link io.podchain.p2p.ChainFollower}. No two files
 * of it depend on each other (ArchitectureTest).
 */
package io.podchain.p2p;
