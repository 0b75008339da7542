/**
 * The peer-to-peer protocol (version 3) over WebSockets ({@code /p2p} on the HTTP port), in rooms of one concept
 * each: the messages and their strict, bounded codec; the {@link io.podchain.p2p.HandshakeProof} (pure) and the
 * {@link io.podchain.p2p.Handshake} in which every peer proves its node key before anything about it counts; the
 * {@link io.podchain.p2p.P2pAdmission} that refuses an upgrade before it becomes a connection; a
 * {@link io.podchain.p2p.Peer} per connection (claimed versus verified chain, round trips, misbehaviour, what is
 * queued for it) with its {@link io.podchain.p2p.PeerInbox} (ordered, bounded, rate-paced); the node-wide
 * {@link io.podchain.p2p.TrafficBudget}; {@link io.podchain.p2p.RawSocket} to close a socket at once;
 * {@link io.podchain.p2p.ConnectedPeers}; the {@link io.podchain.p2p.Dialer} (address book, backoff);
 * {@link io.podchain.p2p.Bans} (proven keys, persisted; IPs before a proof); the {@link io.podchain.p2p.Relay} of
 * blocks and the {@link io.podchain.p2p.MessageInventory} of pending messages (INV / GET_MESSAGES / MESSAGES);
 * the {@link io.podchain.p2p.ChainServer}; and the {@link io.podchain.p2p.PeerManager} that routes each
 * connection's messages. Every limit is in {@link io.podchain.p2p.P2pLimits}. Blocks go to the store through the same
 * path as every other block; this package knows no SQL and nothing of sync but {@link io.podchain.p2p.ChainFollower}.
 */
package io.podchain.p2p;
