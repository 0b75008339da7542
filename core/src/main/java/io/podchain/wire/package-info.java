/**
 * JSON views of chain objects, shared by the REST API and (later) the peer protocol. JSON is only a view: every
 * hash and signature is of the canonical bytes, and decoding a view rebuilds those bytes and checks them.
 */
package io.podchain.wire;
