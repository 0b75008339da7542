package io.podchain.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Optional;
import java.util.function.Supplier;

/** Keeps a generated identity mnemonic so the node keeps its key across restarts. */
@ApplicationScoped
public class IdentityStore {

    /** The stored mnemonic, or the one {@code generator} makes, stored now. */
    @Transactional
    public String loadOrCreate(Supplier<String> generator) {
        Optional<NodeIdentityEntity> existing = NodeIdentityEntity.findByIdOptional(NodeIdentityEntity.SINGLETON_ID);
        if (existing.isPresent()) {
            return existing.get().mnemonic;
        }
        NodeIdentityEntity created = new NodeIdentityEntity();
        created.mnemonic = generator.get();
        created.persist();
        return created.mnemonic;
    }
}
