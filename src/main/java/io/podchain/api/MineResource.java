package io.podchain.api;

import io.podchain.mining.Miner;
import io.podchain.wire.BlockJson;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;

@Path("/api/mine")
public class MineResource {
    private final Miner miner;
    private final AdminGuard guard;

    MineResource(Miner miner, AdminGuard guard) {
        this.miner = miner;
        this.guard = guard;
    }

    /** Mines the pending messages (or an empty block) now and returns the block. */
    @POST
    public BlockJson mine(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        guard.check(authorization);
        return miner.mineOnce().map(BlockJson::of).orElseThrow(() -> new ApiException(Problem.of("mining-raced",
                "Tip kept moving", 503, "other blocks kept arriving while mining; try again")));
    }
}
