package io.podchain.api;

import io.podchain.node.ApiConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Checks the optional admin token on endpoints that operate the node. */
@ApplicationScoped
public class AdminGuard {
    private static final String BEARER = "Bearer ";
    private final ApiConfig config;

    AdminGuard(ApiConfig config) {
        this.config = config;
    }

    /** Passes when no token is configured, or when {@code authorization} carries it. */
    void check(String authorization) {
        if (config.adminToken().isEmpty()) {
            return;
        }
        byte[] expected = config.adminToken().get().getBytes(StandardCharsets.UTF_8);
        byte[] given = authorization != null && authorization.startsWith(BEARER)
                ? authorization.substring(BEARER.length()).getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (!MessageDigest.isEqual(expected, given)) {
            throw new ApiException(Problem.of("unauthorized", "Unauthorized", 401,
                    "this endpoint needs 'Authorization: Bearer <admin token>'"));
        }
    }
}
