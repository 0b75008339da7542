package io.podchain.node;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * Entry point. With no {@code quarkus.datasource.jdbc.url} (env {@code QUARKUS_DATASOURCE_JDBC_URL}) it first starts
 * the embedded PostgreSQL and points the datasource at it; with one, it starts nothing and uses that server.
 */
@QuarkusMain
public final class PodchainMain {
    static final String JDBC_URL = "quarkus.datasource.jdbc.url";

    private PodchainMain() {
    }

    public static void main(String... args) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultSources()
                .withMapping(EmbeddedDatabaseConfig.class)
                .build();
        if (config.getOptionalValue(JDBC_URL, String.class).isEmpty()) {
            EmbeddedDatabaseConfig embedded = config.getConfigMapping(EmbeddedDatabaseConfig.class);
            EmbeddedDatabase database = EmbeddedDatabase.start(embedded.dataDir(), embedded.port());
            System.setProperty(JDBC_URL, database.jdbcUrl());
            System.setProperty("quarkus.datasource.username", EmbeddedDatabase.USER);
        }
        Quarkus.run(args);
    }
}
