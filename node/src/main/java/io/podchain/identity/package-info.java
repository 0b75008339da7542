/**
 * The node's own key: its BIP39 mnemonic from configuration, a file of a mounted Secret, or generated at the first
 * start and kept in the node's database; the key is never logged, only its public half.
 */
package io.podchain.identity;
