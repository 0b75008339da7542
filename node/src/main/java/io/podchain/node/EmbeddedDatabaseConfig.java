package io.podchain.node;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The embedded PostgreSQL started when no {@code quarkus.datasource.jdbc.url} is configured. Read before Quarkus
 * starts (from environment variables and system properties), since the datasource needs its URL.
 */
@ConfigMapping(prefix = "podchain.embedded-database")
public interface EmbeddedDatabaseConfig {
    /**
     * Whether this build can start one. Container images leave the binaries out (a node in a container talks to a
     * real server) and set this to false, so that a node started there without a database URL says so instead of
     * failing deep in the embedded start-up.
     */
    @WithDefault("true")
    boolean available();

    /** Where PostgreSQL keeps its files; kept across restarts. */
    @WithDefault("data/postgres")
    Path dataDir();

    /** TCP port on 127.0.0.1; 0 picks a free one at every start. */
    @WithDefault("0")
    int port();

    /**
     * How long the embedded PostgreSQL may stay down while the node restarts it before liveness fails, so that the
     * orchestrator restarts the whole node (whose start stops any server left behind). A full disk makes PostgreSQL
     * exit; the node restarts it as soon as there is room, and a restart itself takes seconds.
     */
    @WithDefault("2m")
    Duration maxDownTime();
}
