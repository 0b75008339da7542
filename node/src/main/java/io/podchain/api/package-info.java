/**
 * The REST API: thin resources over store, pool and mining, and the mapping of every error to
 * {@code application/problem+json} (RFC 9457). No rule lives here that another package should own.
 */
package io.podchain.api;
