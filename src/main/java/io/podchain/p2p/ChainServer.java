package io.podchain.p2p;

import io.podchain.chain.Block;
import io.podchain.chain.Hash;
import io.podchain.chain.Hex;
import io.podchain.store.ChainStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** Answers GET_HEADERS and GET_BLOCKS from the stored chain, within the limits of one message. */
@ApplicationScoped
class ChainServer {
    private final ChainStore chain;

    ChainServer(ChainStore chain) {
        this.chain = chain;
    }

    ProtocolMessage.Headers headers(List<Hash> locator, Hash stop) {
        return new ProtocolMessage.Headers(chain.headersAfter(locator, stop, P2pLimits.MAX_HEADERS_PER_MESSAGE)
                .stream().map(h -> Hex.encode(h.canonicalBytes())).toList());
    }

    /**
     * The asked blocks we have, in order, as many as fit in {@link P2pLimits#MAX_PAGE_BYTES}; the asker asks for the
     * rest. Blocks are read {@link P2pLimits#SERVE_CHUNK_BLOCKS} at a time and reading stops once the budget is
     * spent, so a request for 500 large blocks reads a few of them, not all 500.
     */
    ProtocolMessage.Blocks blocks(List<Hash> asked) {
        List<String> page = new ArrayList<>();
        long bytes = 0;
        for (int from = 0; from < asked.size(); from += P2pLimits.SERVE_CHUNK_BLOCKS) {
            List<Block> chunk = chain.blocks(asked.subList(from, Math.min(asked.size(),
                    from + P2pLimits.SERVE_CHUNK_BLOCKS)));
            for (Block block : chunk) {
                String hex = Hex.encode(block.canonicalBytes());
                if (!page.isEmpty() && bytes + hex.length() > P2pLimits.MAX_PAGE_BYTES) {
                    return new ProtocolMessage.Blocks(page);
                }
                bytes += hex.length();
                page.add(hex);
            }
        }
        return new ProtocolMessage.Blocks(page);
    }
}
