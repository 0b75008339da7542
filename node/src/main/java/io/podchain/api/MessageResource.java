package io.podchain.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.podchain.chain.Hash;
import io.podchain.pool.MessagePool;
import io.podchain.store.MessageStatus;
import io.podchain.store.MessageStore;
import io.podchain.wire.MessageJson;
import jakarta.ws.rs.Consumes;
import io.smallrye.faulttolerance.api.ApplyGuard;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;

@Path("/api/messages")
public class MessageResource {
    static final int DEFAULT_PAGE = 50;
    private static final Pattern HASH = Pattern.compile("[0-9a-fA-F]{64}");

    private final MessagePool pool;
    private final MessageStore store;
    private final io.quarkus.security.identity.SecurityIdentity caller;

    MessageResource(MessagePool pool, MessageStore store, io.quarkus.security.identity.SecurityIdentity caller) {
        this.pool = pool;
        this.store = store;
        this.caller = caller;
    }

    /**
     * A message to submit: fully signed (sender, recipient, content, createdAt, signature), or only recipient and
     * content for the node to sign with its own key.
     */
    public record SubmitMessage(String sender, String recipient, String content, Long createdAt, String signature) {
        boolean nodeSigned() {
            return sender == null && createdAt == null && signature == null;
        }
    }

    /**
     * {@code final}: confirmed deeper than {@code podchain.chain.max-fork-depth}, so no branch can take it out of the
     * chain (null unless confirmed).
     */
    public record MessageStatusJson(String id, String status, String blockHash, Long height, Long confirmations,
            @JsonProperty("final") Boolean isFinal, MessageJson message) {
        static MessageStatusJson of(MessageStatus s) {
            boolean confirmed = s.state() == MessageStatus.State.CONFIRMED;
            return new MessageStatusJson(s.message().id().toHex(), s.state().name(),
                    s.blockHash().map(Hash::toHex).orElse(null), s.height().orElse(null),
                    confirmed ? s.confirmations() : null, confirmed ? s.isFinal() : null, MessageJson.of(s.message()));
        }
    }

    public record History(String party, int offset, int limit, long total, List<MessageStatusJson> items) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response submit(SubmitMessage request) {
        if (request == null) {
            throw ApiException.badRequest("a message is required");
        }
        MessageStatus status;
        if (request.nodeSigned()) {
            if (request.recipient() == null || request.content() == null) {
                throw ApiException.badRequest("recipient and content are required");
            }
            // the node signs with its own key: only its operator may make it sign; anyone may submit a signed message
            if (!caller.hasRole(OperatorTokenIdentityProvider.OPERATOR)) {
                throw caller.isAnonymous() ? new io.quarkus.security.UnauthorizedException()
                        : new io.quarkus.security.ForbiddenException();
            }
            status = pool.submitAsNode(request.recipient(), request.content());
        } else {
            if (request.sender() == null || request.createdAt() == null || request.signature() == null) {
                throw ApiException.badRequest("a signed message needs sender, createdAt and signature;"
                        + " send only recipient and content to have the node sign it");
            }
            status = pool.submit(new MessageJson(null, request.sender(), request.recipient(), request.content(),
                    request.createdAt(), request.signature()).toMessage());
        }
        return Response.accepted(MessageStatusJson.of(status))
                .location(URI.create("/api/messages/" + status.message().id().toHex())).build();
    }

    @GET
    @ApplyGuard(ApiGuard.READS)
    @Path("/{id}")
    public MessageStatusJson get(@PathParam("id") String id) {
        if (!HASH.matcher(id).matches()) {
            throw ApiException.badRequest("a message id is 64 hex characters");
        }
        return store.status(Hash.fromHex(id.toLowerCase())).map(MessageStatusJson::of)
                .orElseThrow(() -> ApiException.notFound("no message " + id));
    }

    /** History of a party: a sender's public key (hex) or a recipient id; newest first. */
    @GET
    @ApplyGuard(ApiGuard.READS)
    public History history(@QueryParam("party") String party, @QueryParam("offset") String offsetParam,
            @QueryParam("limit") String limitParam) {
        if (party == null || party.isEmpty()) {
            throw ApiException.badRequest("party is required: a sender public key (hex) or a recipient id");
        }
        int offset = QueryParams.intIn("offset", offsetParam, 0, 0, Integer.MAX_VALUE - ApiLimits.MAX_MESSAGE_PAGE);
        int limit = QueryParams.intIn("limit", limitParam, DEFAULT_PAGE, 1, ApiLimits.MAX_MESSAGE_PAGE);
        String key = party.length() == 66 && party.matches("[0-9a-fA-F]+") ? party.toLowerCase() : party;
        return new History(party, offset, limit, store.historyCount(key),
                store.history(key, offset, limit).stream().map(MessageStatusJson::of).toList());
    }
}
