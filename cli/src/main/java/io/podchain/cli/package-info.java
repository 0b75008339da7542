/**
 * The {@code podchain} command line: a wallet that keeps its words in a file of the user's and signs on this
 * machine, and a client of a node's REST API (one node, or a cluster behind {@code kubectl port-forward}). It runs
 * from {@code target/podchain-cli.jar} with the node's own {@code chain}, {@code wallet} and {@code wire} code and
 * no Quarkus: signing here is byte for byte what the node verifies.
 */
package io.podchain.cli;
