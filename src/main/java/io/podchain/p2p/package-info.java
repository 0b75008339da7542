/**
 * The peer-to-peer protocol over WebSockets ({@code /p2p} on the HTTP port): typed, versioned messages and their
 * strict JSON codec, one {@link io.podchain.p2p.Peer} per connection (handshake, round-trip time, misbehaviour,
 * rate limit), the {@link io.podchain.p2p.PeerManager} that dials, accepts, bans and relays, and the persisted
 * peer registry. Blocks go to the store through the same path as every other block; this package knows no SQL.
 */
package io.podchain.p2p;
