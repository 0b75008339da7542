package io.podchain.store;

import io.podchain.chain.Hash;
import java.util.Collection;
import java.util.List;

/** Lists of hashes bound as one SQL array parameter, for the stores' native queries. */
final class IdArrays {
    private IdArrays() {
    }

    /**
     * Matches a column against a list of hashes bound as one array parameter ({@link #ids}) at {@code ?parameter}:
     * one bind however long the list (an IN list costs a bind per id in Hibernate, the driver and PostgreSQL, is a
     * new statement for every list length, and must be split below PostgreSQL's bind limit), and the cast keeps the
     * comparison on the char(64) indexes.
     */
    static String anyId(int parameter) {
        return " = any(cast(?" + parameter + " as bpchar[]))";
    }

    /** The array parameter of {@link #anyId}. */
    static String[] ids(List<String> hexIds) {
        return hexIds.toArray(String[]::new);
    }

    static String[] hashIds(Collection<Hash> hashes) {
        return hashes.stream().map(Hash::toHex).toArray(String[]::new);
    }
}
