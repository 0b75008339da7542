package io.podchain.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import io.podchain.chain.Block;
import io.podchain.chain.BlockHeader;
import io.podchain.chain.Hash;
import io.podchain.chain.Message;
import io.podchain.chain.Signature;
import io.podchain.chain.SigningKey;
import io.podchain.testing.Api;
import io.podchain.testing.EmbeddedPostgresResource;
import io.podchain.testing.TestBlocks;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
class BlockApiTest {
    private static final SigningKey OTHER_MINER = TestBlocks.key("block-api-other-miner");
    private static final SigningKey CLIENT = TestBlocks.key("block-api-client");

    private static Message message(String content) {
        return Message.sign(CLIENT, "user-" + UUID.randomUUID(), content, System.currentTimeMillis());
    }

    /**
     * A page of blocks stops at {@link ApiLimits#MAX_BLOCK_PAGE_BYTES} of encoded blocks (beyond its first), however
     * many were asked for, and says where to go on: a page of 500 full blocks would be over a gigabyte of JSON.
     */
    @Test
    void aPageOfLargeBlocksStopsAtItsByteBoundAndSaysWhereToGoOn() {
        long first = Api.height() + 1;
        String content = "x".repeat(io.podchain.chain.ConsensusLimits.MAX_CONTENT_BYTES - 8);
        // blocks of nearly 1 MB (the test network's limit), more of them than the page bound holds
        int perBlock = 220;
        for (int b = 0; b < ApiLimits.MAX_BLOCK_PAGE_BYTES / (perBlock * content.length()) + 2; b++) {
            List<Message> messages = new java.util.ArrayList<>();
            for (int i = 0; i < perBlock; i++) {
                messages.add(message(content + String.format("%08d", b * perBlock + i)));
            }
            Api.submitBlock(Api.buildOn(Api.tip(), messages, OTHER_MINER)).then().statusCode(200);
        }
        JsonPath page = given().get("/api/blocks?fromHeight=" + first + "&limit=" + ApiLimits.MAX_BLOCK_PAGE)
                .then().statusCode(200).extract().jsonPath();
        List<String> hashes = page.getList("blocks.hash", String.class);
        long bytes = 0;
        for (String hash : hashes) {
            bytes += io.podchain.testing.BlockJsonReader.read(given().get("/api/blocks/" + hash).asString()).toBlock()
                    .encodedSize();
        }
        assertThat(hashes).as("more than one block, so the bound holds for all of them").hasSizeGreaterThan(1);
        assertThat(bytes).isLessThanOrEqualTo(ApiLimits.MAX_BLOCK_PAGE_BYTES);
        assertThat(hashes.size()).isLessThan(ApiLimits.MAX_BLOCK_PAGE);
        assertThat(page.getLong("nextFromHeight")).as("where the next page starts")
                .isEqualTo(first + hashes.size());
    }

    @Test
    void miningConfirmsPendingMessagesAndConfirmationsGrow() {
        Message m = message("mine me");
        Api.submit(m).then().statusCode(202);
        long height = Api.height();
        JsonPath block = Api.mine();
        assertThat(block.getLong("height")).isEqualTo(height + 1);
        assertThat(block.getList("messages.id", String.class)).contains(m.id().toHex());
        given().get("/api/messages/" + m.id().toHex()).then().statusCode(200)
                .body("status", equalTo("CONFIRMED"))
                .body("blockHash", equalTo(block.getString("hash")))
                .body("height", equalTo((int) (height + 1)))
                .body("confirmations", equalTo(1));
        assertThat(Api.chain().getLong("pendingMessages")).isZero();
        Api.mine();
        given().get("/api/messages/" + m.id().toHex()).then().body("confirmations", equalTo(2))
                .body("final", equalTo(false));
        assertThat(Api.chain().getString("tipHash")).isNotEqualTo(block.getString("hash"));
        // max-fork-depth is 5 in tests: final once more than 5 blocks deep, not at 5
        for (int i = 0; i < 3; i++) {
            Api.mine();
        }
        given().get("/api/messages/" + m.id().toHex()).then().body("confirmations", equalTo(5))
                .body("final", equalTo(false));
        Api.mine();
        given().get("/api/messages/" + m.id().toHex()).then().body("confirmations", equalTo(6))
                .body("final", equalTo(true));
    }

    @Test
    void blocksArePagedAndFoundByHeightOrHash() {
        Api.mine();
        Api.mine();
        JsonPath page = given().queryParam("fromHeight", 0).queryParam("limit", 2).get("/api/blocks").then()
                .statusCode(200).extract().jsonPath();
        assertThat(page.getList("blocks.height", Integer.class)).containsExactly(0, 1);
        assertThat(page.getInt("nextFromHeight")).isEqualTo(2);
        assertThat(page.getString("blocks[1].previousHash")).isEqualTo(page.getString("blocks[0].hash"));
        String hash = page.getString("blocks[1].hash");
        given().get("/api/blocks/1").then().statusCode(200).body("hash", equalTo(hash)).body("mainChain", equalTo(true));
        given().get("/api/blocks/" + hash.toUpperCase()).then().statusCode(200).body("height", equalTo(1));
        long height = Api.height();
        given().queryParam("fromHeight", height).get("/api/blocks").then().statusCode(200)
                .body("blocks.size()", equalTo(1)).body("nextFromHeight", equalTo(null));

        given().queryParam("limit", 0).get("/api/blocks").then().statusCode(400).contentType("application/problem+json");
        given().queryParam("limit", 501).get("/api/blocks").then().statusCode(400);
        given().queryParam("fromHeight", -1).get("/api/blocks").then().statusCode(400);
        given().queryParam("fromHeight", "top").get("/api/blocks").then().statusCode(400)
                .body("detail", containsString("fromHeight"));
        given().get("/api/blocks/xyz").then().statusCode(400).contentType("application/problem+json");
        given().get("/api/blocks/99999999").then().statusCode(404).contentType("application/problem+json");
        given().get("/api/blocks/" + "00".repeat(32)).then().statusCode(404);
    }

    @Test
    void aSubmittedValidBlockExtendsTheChainOnce() {
        BlockHeader tip = Api.tip();
        Message m = message("carried by a submitted block");
        Block block = Api.buildOn(tip, List.of(m), OTHER_MINER);
        Api.submitBlock(block).then().statusCode(200)
                .body("hash", equalTo(block.hash().toHex())).body("outcome", equalTo("CONNECTED"));
        Api.submitBlock(block).then().statusCode(200).body("outcome", equalTo("ALREADY_KNOWN"));
        assertThat(Api.chain().getString("tipHash")).isEqualTo(block.hash().toHex());
        assertThat(Api.messageStatus(m.id())).isEqualTo("CONFIRMED");
    }

    @Test
    void invalidBlocksAreRejectedWithEveryReasonAndChangeNothing() {
        BlockHeader tip = Api.tip();
        Block valid = Api.buildOn(tip, List.of(message("in an invalid block")), OTHER_MINER);
        BlockHeader h = valid.header();

        Block badSignature = new Block(TestBlocks.solve(h.withSignature(OTHER_MINER.sign(Hash.ZERO))), valid.messages());
        Api.submitBlock(badSignature).then().statusCode(422).contentType("application/problem+json")
                .body("violations.rule", hasItem("INVALID_BLOCK_SIGNATURE"));

        Block noWork = valid;
        for (long nonce = h.nonce() + 1; ; nonce++) {
            BlockHeader tried = h.withNonce(nonce);
            if (!io.podchain.chain.ProofOfWork.meets(tried.hash(), tried.difficulty())) {
                noWork = new Block(tried, valid.messages());
                break;
            }
        }
        Api.submitBlock(noWork).then().statusCode(422).body("violations.rule", hasItem("INSUFFICIENT_WORK"));

        Block orphan = Api.buildOn(new BlockHeader(1, tip.height() + 5, Hash.ZERO, Hash.ZERO, tip.timestamp(), 1,
                OTHER_MINER.publicKey(), Signature.NONE, 0), List.of(), OTHER_MINER);
        Api.submitBlock(orphan).then().statusCode(422).body("violations.rule", hasItem("UNKNOWN_PARENT"));

        Block gap = new Block(TestBlocks.resignAndSolve(new BlockHeader(h.version(), h.height() + 3, h.previousHash(),
                h.merkleRoot(), h.timestamp(), h.difficulty(), h.minerKey(), Signature.NONE, 0), OTHER_MINER),
                valid.messages());
        Api.submitBlock(gap).then().statusCode(422).body("violations.rule", hasItem("HEIGHT_MISMATCH"));

        String lyingHash = io.podchain.testing.BlockJsonReader.write(io.podchain.wire.BlockJson.of(valid))
                .replace(valid.hash().toHex(), "00".repeat(32));
        given().contentType(ContentType.JSON).body(lyingHash).post("/api/blocks").then().statusCode(422)
                .body("violations.rule", hasItems("INVALID_HASH"));

        given().contentType(ContentType.JSON).body("{\"height\": 1}").post("/api/blocks").then().statusCode(400)
                .contentType("application/problem+json");
        given().contentType(ContentType.JSON).body("[1,2]").post("/api/blocks").then().statusCode(400);

        assertThat(Api.chain().getString("tipHash")).isEqualTo(tip.hash().toHex());
        given().get("/api/blocks/" + badSignature.hash().toHex()).then().statusCode(404);
        given().get("/api/blocks/" + noWork.hash().toHex()).then().statusCode(404);
    }

    @Test
    void aHeavierBranchReorganisesAndNoMessageIsLost() {
        BlockHeader forkPoint = Api.tip();
        // the node mines A (with m1) on the fork point
        Message m1 = message("in the block that will be dropped");
        Api.submit(m1).then().statusCode(202);
        String a = Api.mine().getString("hash");
        assertThat(Api.messageStatus(m1.id())).isEqualTo("CONFIRMED");

        // another miner builds B1 (with m2), B2 on the fork point: equal work first, then more
        Message m2 = message("in the winning branch");
        Block b1 = losingTie(forkPoint, List.of(m2), a);
        Api.submitBlock(b1).then().statusCode(200).body("outcome", equalTo("SIDE_BRANCH"));
        assertThat(Api.chain().getString("tipHash")).as("a tie with a larger hash does not move the tip")
                .isEqualTo(a);
        given().get("/api/blocks/" + b1.hash().toHex()).then().body("mainChain", equalTo(false));
        // first seen in a side-branch block, it is pending here: this node may be the one to mine it
        assertThat(Api.messageStatus(m2.id())).isEqualTo("PENDING");

        Block b2 = Api.buildOn(b1.header(), List.of(), OTHER_MINER);
        Api.submitBlock(b2).then().statusCode(200).body("outcome", equalTo("REORGANIZED"));
        assertThat(Api.chain().getString("tipHash")).isEqualTo(b2.hash().toHex());
        given().get("/api/blocks/" + a).then().statusCode(200).body("mainChain", equalTo(false));
        given().get("/api/blocks/" + (forkPoint.height() + 1)).then().body("hash", equalTo(b1.hash().toHex()));
        assertThat(Api.messageStatus(m1.id())).as("back to pending").isEqualTo("PENDING");
        assertThat(Api.messageStatus(m2.id())).isEqualTo("CONFIRMED");

        // the returned message is mined again on the new chain
        JsonPath next = Api.mine();
        assertThat(next.getList("messages.id", String.class)).contains(m1.id().toHex());
        assertThat(Api.messageStatus(m1.id())).isEqualTo("CONFIRMED");
    }

    @Test
    void aMessageInBothBranchesStaysConfirmedThroughAReorganisation() {
        BlockHeader forkPoint = Api.tip();
        Message shared = message("in both branches");
        Api.submit(shared).then().statusCode(202);
        String mined = Api.mine().getString("hash");
        Block c1 = losingTie(forkPoint, List.of(shared), mined);
        Block c2 = Api.buildOn(c1.header(), List.of(), OTHER_MINER);
        Api.submitBlock(c1).then().body("outcome", equalTo("SIDE_BRANCH"));
        Api.submitBlock(c2).then().body("outcome", equalTo("REORGANIZED"));
        given().get("/api/messages/" + shared.id().toHex()).then().body("status", equalTo("CONFIRMED"))
                .body("blockHash", equalTo(c1.hash().toHex()));
        assertThat(Api.chain().getLong("pendingMessages")).isZero();
        // and it cannot be mined a second time on this branch
        Block again = Api.buildOn(c2.header(), List.of(shared), OTHER_MINER);
        Api.submitBlock(again).then().statusCode(422).body("violations.rule", hasItem("DUPLICATE_MESSAGE"));
    }

    /** A competitor of the tip {@code tipHash} with equal work that loses the tie: its hash is larger. */
    private static Block losingTie(BlockHeader forkPoint, List<Message> messages, String tipHash) {
        for (int attempt = 0; ; attempt++) {
            Block candidate = TestBlocks.mine(forkPoint, Api.difficulty(), System.currentTimeMillis() + attempt,
                    messages, OTHER_MINER);
            if (candidate.hash().toHex().compareTo(tipHash) > 0) {
                return candidate;
            }
        }
    }

    /** Equal-work tips resolve alike on every node: the smaller hash wins, whichever arrived first. */
    @Test
    void aTieGoesToTheSmallerHashWhicheverCameFirst() {
        BlockHeader forkPoint = Api.tip();
        String mined = Api.mine().getString("hash");
        Block winner;
        for (int attempt = 0; ; attempt++) {
            winner = TestBlocks.mine(forkPoint, Api.difficulty(), System.currentTimeMillis() + attempt, List.of(),
                    OTHER_MINER);
            if (winner.hash().toHex().compareTo(mined) < 0) {
                break;
            }
        }
        Api.submitBlock(winner).then().statusCode(200).body("outcome", equalTo("REORGANIZED"));
        assertThat(Api.chain().getString("tipHash")).isEqualTo(winner.hash().toHex());
        given().get("/api/blocks/" + mined).then().body("mainChain", equalTo(false));
    }

    /** podchain.chain.max-fork-depth is 5 in tests: deeper side branches are refused and not stored. */
    @Test
    void aSideBranchForkingDeeperThanTheBoundIsRefusedAndNotStored() {
        BlockHeader deepForkPoint = Api.tip();
        for (int i = 0; i < 6; i++) {
            Api.mine();
        }
        Block tooDeep = Api.buildOn(deepForkPoint, List.of(), OTHER_MINER);
        Api.submitBlock(tooDeep).then().statusCode(422).contentType("application/problem+json")
                .body("violations.rule", hasItem("FORK_TOO_DEEP"));
        given().get("/api/blocks/" + tooDeep.hash().toHex()).then().statusCode(404);

        // a branch that starts within the bound is kept, until the main chain has moved on past the bound
        BlockHeader shallowForkPoint = Api.header(Long.toString(Api.tip().height() - 4));
        Block first = Api.buildOn(shallowForkPoint, List.of(), OTHER_MINER);
        Api.submitBlock(first).then().statusCode(200).body("outcome", equalTo("SIDE_BRANCH"));
        Api.mine();
        Api.mine();
        Block second = Api.buildOn(first.header(), List.of(), OTHER_MINER);
        Api.submitBlock(second).then().statusCode(422).body("violations.rule", hasItem("FORK_TOO_DEEP"));
        given().get("/api/blocks/" + second.hash().toHex()).then().statusCode(404);
    }
}
