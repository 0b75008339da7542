package io.podchain.api;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** The operator is whoever presents {@code podchain.api.admin-token}; compared in constant time. */
@ApplicationScoped
public class OperatorTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {
    /** The role of every operator action: node-signed messages, mining, submitting blocks. */
    public static final String OPERATOR = "operator";

    private final ApiConfig config;

    OperatorTokenIdentityProvider(ApiConfig config) {
        this.config = config;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        byte[] given = request.getToken().getToken().getBytes(StandardCharsets.UTF_8);
        boolean valid = config.adminToken()
                .map(token -> MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), given)).orElse(false);
        if (!valid) {
            return Uni.createFrom().failure(new AuthenticationFailedException("not the admin token"));
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(OPERATOR))
                .addRole(OPERATOR).build());
    }
}
