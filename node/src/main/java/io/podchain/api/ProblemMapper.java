package io.podchain.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.podchain.chain.MalformedException;
import io.podchain.chain.Rule;
import io.podchain.chain.Violation;
import io.podchain.ledger.PoolBusyException;
import io.podchain.pool.PoolFullException;
import io.podchain.pool.RejectedException;
import io.podchain.wallet.InvalidMnemonicException;
import jakarta.ws.rs.WebApplicationException;
import java.sql.SQLException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error leaves as {@code application/problem+json}; only unexpected ones are logged, with a stack trace. */
public class ProblemMapper {
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
    /** The readiness probe's period is of this order; a client retrying sooner would only fail again. */
    private static final int DATABASE_RETRY_AFTER_SECONDS = 5;
    /** Reads take milliseconds: a second frees the bulkhead many times over. */
    private static final int BUSY_RETRY_AFTER_SECONDS = 1;
    /** The target block time: a block takes up to thousands of messages out of the pool. */
    private static final int POOL_FULL_RETRY_AFTER_SECONDS = 2;
    /** A batch commits in milliseconds: a second lets a backlog of thousands drain. */
    private static final int POOL_RETRY_AFTER_SECONDS = 1;

    private final ObjectMapper json;

    ProblemMapper(ObjectMapper json) {
        this.json = json;
    }

    /** No token, or not the admin token: the operator's actions need it. */
    @ServerExceptionMapper({io.quarkus.security.UnauthorizedException.class,
            io.quarkus.security.AuthenticationFailedException.class})
    public Response unauthorized() {
        return Response.fromResponse(respond(Problem.of("unauthorized", "Unauthorized", 401,
                "this is an operator action: it needs 'Authorization: Bearer <admin token>'")))
                .header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(io.quarkus.security.ForbiddenException e) {
        return respond(Problem.of("forbidden", "Forbidden", 403, "this is an operator action"));
    }

    @ServerExceptionMapper
    public Response api(ApiException e) {
        Response response = respond(e.problem());
        return e.retryAfterSeconds() == 0 ? response
                : Response.fromResponse(response).header("Retry-After", e.retryAfterSeconds()).build();
    }

    @ServerExceptionMapper
    public Response rejected(RejectedException e) {
        return respond(Problem.of("rule-violation", "Rejected by consensus rules", 422,
                e.violations().size() + " rule(s) broken", e.violations()));
    }

    /** The pool's writer is behind (or the node is stopping): nothing was stored, a retry soon may succeed. */
    @ServerExceptionMapper
    public Response poolBusy(PoolBusyException e) {
        Response busy = respond(Problem.of("pool-busy", "Pool busy", 503, e.getMessage()));
        return Response.fromResponse(busy).header("Retry-After", POOL_RETRY_AFTER_SECONDS).build();
    }

    /** More API reads of the database at once than {@link ApiLimits#MAX_CONCURRENT_READS}: nothing was done. */
    @ServerExceptionMapper
    public Response busy(org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException e) {
        Response busy = respond(Problem.of("busy", "Busy", 503, "this node is serving "
                + ApiLimits.MAX_CONCURRENT_READS + " reads at once; retry shortly"));
        return Response.fromResponse(busy).header("Retry-After", BUSY_RETRY_AFTER_SECONDS).build();
    }

    /** The pending pool is at its bound (in all, or for this sender): nothing was stored; a block makes room. */
    @ServerExceptionMapper
    public Response poolFull(PoolFullException e) {
        Response full = respond(Problem.of("pool-full", "Pool full", 503, e.getMessage()));
        return Response.fromResponse(full).header("Retry-After", POOL_FULL_RETRY_AFTER_SECONDS).build();
    }

    @ServerExceptionMapper
    public Response malformed(MalformedException e) {
        return respond(Problem.of("malformed", "Malformed input", 400, e.getMessage(),
                List.of(new Violation(Rule.MALFORMED, e.getMessage()))));
    }

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e) {
        return respond(Problem.of("unknown-field", "Unknown field", 400,
                "unknown field '" + e.getPropertyName() + "'"));
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return respond(Problem.of("malformed-json", "Malformed JSON", 400, e.getOriginalMessage()));
    }

    @ServerExceptionMapper
    public Response jsonSyntax(JsonProcessingException e) {
        return respond(Problem.of("malformed-json", "Malformed JSON", 400, e.getOriginalMessage()));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException cause) {
            return jsonSyntax(cause);
        }
        int status = e.getResponse().getStatus();
        String reason = Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase();
        if (status >= 500) {
            LOG.error("request failed", e);
        }
        return respond(Problem.of("http-" + status, reason, status, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response mnemonic(InvalidMnemonicException e) {
        return respond(Problem.of("invalid-mnemonic", "Invalid mnemonic", 400, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        if (isPoolExhausted(e)) {
            LOG.debugf("request refused: no database connection free (%s)", e.getMessage());
            Response busy = respond(Problem.of("busy", "Busy", 503,
                    "every database connection of this node is in use; retry shortly"));
            return Response.fromResponse(busy).header("Retry-After", BUSY_RETRY_AFTER_SECONDS).build();
        }
        if (isDatabaseUnreachable(e)) {
            LOG.warnf("request failed: the database is unreachable (%s)", e.getMessage());
            Response unavailable = respond(Problem.of("database-unavailable", "Database unavailable", 503,
                    "the node cannot reach its database; retry later"));
            return Response.fromResponse(unavailable).header("Retry-After", DATABASE_RETRY_AFTER_SECONDS).build();
        }
        if (sqlStateClass(e, "53")) {
            LOG.debugf("request failed: the database is out of a resource (%s)", e.getMessage());
            Response full = respond(Problem.of("database-out-of-resources", "Database out of resources", 503,
                    "the node's database has run out of disk space or memory; retry later"));
            return Response.fromResponse(full).header("Retry-After", DATABASE_RETRY_AFTER_SECONDS).build();
        }
        LOG.error("unexpected error", e);
        return respond(Problem.of("internal", "Internal error", 500, "the node could not complete the request"));
    }

    /**
     * No connection free in the pool within {@code quarkus.datasource.jdbc.acquisition-timeout}: the node is busy,
     * not broken. Agroal says so in its exception's message (it has no SQLState for it).
     */
    private static boolean isPoolExhausted(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getMessage() != null
                    && sql.getMessage().toLowerCase(Locale.ROOT).contains("acquisition timeout")) {
                return true;
            }
        }
        return false;
    }

    /** SQLState class 08 is "connection exception" in the SQL standard and in PostgreSQL. */
    private static boolean isDatabaseUnreachable(Throwable e) {
        return sqlStateClass(e, "08");
    }

    /**
     * Whether a cause carries an SQLState of the class: 53 is "insufficient resources" (53100 a full disk, 53200
     * out of memory), a condition of the server that passes, so 503 and not the client's or the node's fault. On
     * a full disk PostgreSQL says 53100 both to a write ("could not extend file") and to a new connection ("could
     * not write init file").
     */
    private static boolean sqlStateClass(Throwable e, String stateClass) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && sql.getSQLState().startsWith(stateClass)) {
                return true;
            }
        }
        return false;
    }

    private Response respond(Problem problem) {
        try {
            return Response.status(problem.status()).type(Problem.MEDIA_TYPE)
                    .entity(json.writeValueAsString(problem)).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a Problem always serialises", e);
        }
    }
}
