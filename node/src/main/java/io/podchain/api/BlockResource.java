package io.podchain.api;

import io.podchain.chain.Hash;
import io.podchain.pool.RejectedException;
import io.podchain.ledger.ApplyResult;
import io.podchain.store.ChainStore;
import io.podchain.store.ChainWriter;
import io.podchain.store.StoredBlock;
import io.podchain.wire.BlockJson;
import jakarta.ws.rs.Consumes;
import io.smallrye.faulttolerance.api.ApplyGuard;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

@Path("/api/blocks")
public class BlockResource {
    static final int DEFAULT_PAGE = 100;
    private static final Pattern HEIGHT = Pattern.compile("\\d{1,18}");
    private static final Pattern HASH = Pattern.compile("[0-9a-fA-F]{64}");

    private final ChainStore chain;
    private final ChainWriter writer;

    BlockResource(ChainStore chain, ChainWriter writer) {
        this.chain = chain;
        this.writer = writer;
    }

    public record BlockPage(List<BlockJson> blocks, Long nextFromHeight) {
    }

    public record Accepted(String hash, String outcome) {
    }

    /** Main-chain blocks from a height upward. */
    @GET
    @ApplyGuard(ApiGuard.READS)
    public BlockPage page(@QueryParam("fromHeight") String fromHeightParam, @QueryParam("limit") String limitParam) {
        long fromHeight = QueryParams.longIn("fromHeight", fromHeightParam, 0, 0, Long.MAX_VALUE);
        int limit = QueryParams.intIn("limit", limitParam, DEFAULT_PAGE, 1, ApiLimits.MAX_BLOCK_PAGE);
        List<StoredBlock> blocks = new ArrayList<>();
        long bytes = 0;
        boolean full = false;
        for (long from = fromHeight; blocks.size() < limit; ) {
            int wanted = Math.min(ApiLimits.BLOCK_PAGE_CHUNK, limit - blocks.size());
            List<StoredBlock> read = chain.mainBlocks(from, wanted);
            for (StoredBlock block : read) {
                int size = block.block().encodedSize();
                if (!blocks.isEmpty() && bytes + size > ApiLimits.MAX_BLOCK_PAGE_BYTES) {
                    full = true;
                    break;
                }
                blocks.add(block);
                bytes += size;
            }
            if (full || read.size() < wanted) {
                break;
            }
            from = read.get(read.size() - 1).block().height() + 1;
        }
        // more may follow when the page is full by count or by bytes
        Long next = full || blocks.size() == limit ? blocks.get(blocks.size() - 1).block().height() + 1 : null;
        return new BlockPage(blocks.stream().map(BlockResource::json).toList(), next);
    }

    private static BlockJson json(StoredBlock stored) {
        return BlockJson.of(stored.block(), stored.cumulativeWork(), stored.mainChain());
    }

    /** A block by main-chain height (digits) or by hash (64 hex characters, any branch). */
    @GET
    @ApplyGuard(ApiGuard.READS)
    @Path("/{heightOrHash}")
    public BlockJson get(@PathParam("heightOrHash") String heightOrHash) {
        Optional<StoredBlock> block;
        if (HEIGHT.matcher(heightOrHash).matches()) {
            block = chain.mainBlockAt(Long.parseLong(heightOrHash));
        } else if (HASH.matcher(heightOrHash).matches()) {
            block = chain.block(Hash.fromHex(heightOrHash.toLowerCase()));
        } else {
            throw ApiException.badRequest("expected a height (digits) or a block hash (64 hex characters)");
        }
        return block.map(BlockResource::json)
                .orElseThrow(() -> ApiException.notFound("no block " + heightOrHash));
    }

    /** Submits a block, which takes the same path as a mined or relayed one. An operator action. */
    @POST
    @jakarta.annotation.security.RolesAllowed(OperatorTokenIdentityProvider.OPERATOR)
    @Consumes(MediaType.APPLICATION_JSON)
    public Accepted submit(BlockJson json) {
        if (json == null) {
            throw ApiException.badRequest("a block is required");
        }
        ApplyResult result = writer.apply(json.toBlock(), json.declaredHash());
        if (!result.accepted()) {
            throw new RejectedException(result.violations());
        }
        return new Accepted(result.blockHash().toHex(), result.outcome().name());
    }
}
