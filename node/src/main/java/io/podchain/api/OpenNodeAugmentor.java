package io.podchain.api;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A node without an admin token (a developer's node on loopback) treats every caller as its operator, as before
 * tokens existed; the Helm chart always configures one, so no deployed node runs open.
 */
@ApplicationScoped
public class OpenNodeAugmentor implements SecurityIdentityAugmentor {
    private final ApiConfig config;

    OpenNodeAugmentor(ApiConfig config) {
        this.config = config;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (config.adminToken().isPresent() || identity.hasRole(OperatorTokenIdentityProvider.OPERATOR)) {
            return Uni.createFrom().item(identity);
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder(identity)
                .addRole(OperatorTokenIdentityProvider.OPERATOR).build());
    }
}
