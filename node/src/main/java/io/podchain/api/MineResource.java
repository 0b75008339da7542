package io.podchain.api;

import io.podchain.mining.Miner;
import io.podchain.wire.BlockJson;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

@Path("/api/mine")
public class MineResource {
    private final Miner miner;

    MineResource(Miner miner) {
        this.miner = miner;
    }

    /** Mines the pending messages (or an empty block) now and returns the block. */
    @POST
    @RolesAllowed(OperatorTokenIdentityProvider.OPERATOR)
    public BlockJson mine() {
        return miner.mineOnce().map(BlockJson::of).orElseThrow(() -> new ApiException(Problem.of("mining-raced",
                "Tip kept moving", 503, "other blocks kept arriving while mining; try again")));
    }
}
