package io.podchain.api;

import io.podchain.chain.PublicKey;
import io.podchain.crypto.SignatureBackends;
import io.podchain.identity.NodeIdentity;
import io.podchain.store.ChainStore;
import io.podchain.ledger.ChainSummary;
import io.podchain.store.MessageStore;
import io.smallrye.faulttolerance.api.ApplyGuard;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;

@Path("/api")
public class ChainResource {
    private final ChainStore chain;
    private final MessageStore messages;
    private final NodeIdentity identity;
    private final SignatureBackends signatures;
    private final String version;

    ChainResource(ChainStore chain, MessageStore messages, NodeIdentity identity, SignatureBackends signatures,
            @ConfigProperty(name = "quarkus.application.version") String version) {
        this.chain = chain;
        this.messages = messages;
        this.identity = identity;
        this.signatures = signatures;
        this.version = version;
    }

    /**
     * @param difficulty the difficulty the next block must carry
     */
    public record ChainInfo(String networkId, String genesisHash, long height, String tipHash, String cumulativeWork,
            int difficulty, long pendingMessages) {
    }

    /**
     * @param signatureVerifier which implementation verifies signatures: {@code libsecp256k1} or {@code bouncycastle}
     */
    public record NodeInfo(String publicKey, String version, String networkId, String signatureVerifier) {
    }

    @GET
    @ApplyGuard(ApiGuard.READS)
    @Path("/chain")
    public ChainInfo chain() {
        ChainSummary summary = chain.summary();
        return new ChainInfo(summary.networkId(), summary.genesisHash().toHex(), summary.height(),
                summary.tip().hash().toHex(), summary.cumulativeWork().toString(), chain.nextBlock().difficulty(),
                messages.pendingCount());
    }

    @GET
    @ApplyGuard(ApiGuard.READS)
    @Path("/node")
    public NodeInfo node() {
        PublicKey key = identity.publicKey();
        return new NodeInfo(key.toHex(), version, chain.summary().networkId(), signatures.verifier());
    }
}
