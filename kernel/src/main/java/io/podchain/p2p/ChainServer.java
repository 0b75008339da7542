package io.podchain.p2p;

import io.podchain.chain.Block;
import io.podchain.chain.Hash;
import io.podchain.chain.Hex;
import io.podchain.chain.MalformedException;
import java.util.ArrayList;
import java.util.List;

/** Answers GET_HEADERS and GET_BLOCKS from the stored chain, within the limits of one message. */
class ChainServer {
    private final LocalChain chain;

    ChainServer(LocalChain chain) {
        this.chain = chain;
    }

    /** GET_HEADERS: the headers after the first locator hash on our main chain, up to the stop hash. */
    void onGetHeaders(Peer peer, ProtocolMessage.GetHeaders request) {
        peer.send(headers(hashes(request.locator()), Hash.fromHex(request.stopHash())));
    }

    /** GET_BLOCKS: the blocks asked for that we have, in order; a hash asked twice is served once. */
    void onGetBlocks(Peer peer, ProtocolMessage.GetBlocks request) {
        // a page is never larger than the distinct blocks asked for
        peer.send(blocks(hashes(request.hashes()).stream().distinct().toList()));
    }

    private static List<Hash> hashes(List<String> hex) {
        return hex.stream().map(h -> {
            try {
                return Hash.fromHex(h);
            } catch (IllegalArgumentException e) {
                throw new MalformedException("not a hash: " + h);
            }
        }).toList();
    }

    ProtocolMessage.Headers headers(List<Hash> locator, Hash stop) {
        return new ProtocolMessage.Headers(chain.headersAfter(locator, stop, P2pLimits.MAX_HEADERS_PER_MESSAGE)
                .stream().map(h -> Hex.encode(h.canonicalBytes())).toList());
    }

    /**
     * The asked blocks we have, in order, as many as fit in {@link P2pLimits#MAX_PAGE_BYTES}; the asker asks for the
     * rest. Blocks are read in chunks sized from what the page has left and the size of the blocks read so far
     * (first {@link P2pLimits#SERVE_CHUNK_BLOCKS}, at most doubling), and reading stops once the budget is spent: a
     * request for 500 large blocks reads a few more than fit, not all 500, while a page of small blocks takes a few
     * queries, not one per block.
     */
    ProtocolMessage.Blocks blocks(List<Hash> asked) {
        List<String> page = new ArrayList<>();
        long bytes = 0;
        int chunk = P2pLimits.SERVE_CHUNK_BLOCKS;
        for (int from = 0; from < asked.size(); from += chunk) {
            if (!page.isEmpty()) {
                long average = Math.max(1, bytes / page.size());
                chunk = (int) Math.max(1, Math.min(2L * chunk, (P2pLimits.MAX_PAGE_BYTES - bytes) / average + 1));
            }
            List<Block> read = chain.blocks(asked.subList(from, Math.min(asked.size(), from + chunk)));
            for (Block block : read) {
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
