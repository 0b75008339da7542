/**
 * The network's book of proven peers: one row per node key that proved itself, with its address, standing
 * (misbehaviour, ban) and last claims, kept across restarts and bounded. The p2p package writes it; nothing here
 * knows about connections.
 */
package io.podchain.network.registry;
