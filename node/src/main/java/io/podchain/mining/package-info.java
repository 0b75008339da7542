/**
 * Mining: builds a block template on the tip from pending messages, searches nonces on several threads, abandons
 * the search as soon as the tip moves, and hands the block to the store like any other block.
 */
package io.podchain.mining;
