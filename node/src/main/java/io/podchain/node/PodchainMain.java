package io.podchain.node;

import io.quarkus.runtime.Application;
import io.quarkus.runtime.Quarkus;
import java.time.Duration;
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
    /** The application's own shutdown is bounded by Quarkus' shutdown timeout; the database waits at most this. */
    private static final Duration APPLICATION_STOP_WAIT = Duration.ofSeconds(30);

    /** EX_CONFIG of sysexits.h: the configuration is incomplete, and restarting will not help. */
    static final int NO_DATABASE_EXIT_CODE = 78;
    static final String NO_DATABASE = """
            podchain: no database configured. Set QUARKUS_DATASOURCE_JDBC_URL (for example \
            jdbc:postgresql://127.0.0.1:5432/podchain) with QUARKUS_DATASOURCE_USERNAME and \
            QUARKUS_DATASOURCE_PASSWORD. Without a URL a node starts an embedded PostgreSQL, but this build (a \
            container image: PODCHAIN_EMBEDDED_DATABASE_AVAILABLE=false) leaves its binaries out: in a container the \
            node uses a real PostgreSQL server, such as the chart's sidecar.""";

    private PodchainMain() {
    }

    /** Until the Quarkus application has stopped (its own shutdown hook stops it), at most {@link #APPLICATION_STOP_WAIT}. */
    private static void awaitApplicationStopped() {
        Application application = Application.currentApplication();
        if (application == null) {
            return;
        }
        Thread waiter = new Thread(application::awaitShutdown, "podchain-await-stop");
        waiter.setDaemon(true);
        waiter.start();
        try {
            waiter.join(APPLICATION_STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static void main(String... args) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultSources()
                // durations as Quarkus reads them ("10s", "2m"), not only ISO-8601
                .withConverter(Duration.class, 100, new io.quarkus.runtime.configuration.DurationConverter())
                .withMapping(EmbeddedDatabaseConfig.class)
                .build();
        if (config.getOptionalValue(JDBC_URL, String.class).isEmpty()) {
            EmbeddedDatabaseConfig embedded = config.getConfigMapping(EmbeddedDatabaseConfig.class);
            if (!embedded.available()) {
                System.err.println(NO_DATABASE);
                System.exit(NO_DATABASE_EXIT_CODE);
            }
            EmbeddedDatabase database = EmbeddedDatabase.start(embedded.dataDir(), embedded.port());
            System.setProperty(JDBC_URL, database.jdbcUrl());
            System.setProperty("quarkus.datasource.username", EmbeddedDatabase.USER);
            // the database goes last: a JVM runs its shutdown hooks at the same time, so one that stopped PostgreSQL
            // at once would pull it from under the node while it shuts down
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                awaitApplicationStopped();
                database.close();
            }, "podchain-embedded-database-stop"));
        }
        Quarkus.run(args);
    }
}
