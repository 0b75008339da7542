package io.podchain.node;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * A real PostgreSQL server from the embedded binaries, on 127.0.0.1, with a persistent data directory.
 *
 * <p>A {@code kill -9} of the JVM leaves its PostgreSQL running and holding the data directory; the next start
 * finds it through {@code postmaster.pid} and stops it first (it has no clients left, so a normal shutdown is
 * quick and loses nothing committed).
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);
    public static final String USER = "postgres";
    public static final String DATABASE = "postgres";
    /** A smart shutdown of an idle server takes well under a second; this covers a checkpoint on a slow disk. */
    private static final Duration ORPHAN_SHUTDOWN_WAIT = Duration.ofSeconds(60);
    /** Start-up includes crash recovery after a kill -9, which replays WAL. */
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(120);

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static EmbeddedDatabase start(Path dataDir, int port) {
        try {
            Files.createDirectories(dataDir);
            stopOrphan(dataDir);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(STARTUP_WAIT)
                    // stopped by PodchainMain once the application has stopped, not by a hook racing it
                    .setRegisterShutdownHook(false)
                    // Durability is the point of a chain store: the library starts PostgreSQL with fsync off
                    // (-F) and synchronous_commit off, fine for throwaway test databases, not for a node's chain
                    // (a power cut could lose acknowledged messages or corrupt the files). Later options win.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("listen_addresses", "127.0.0.1");
            if (port > 0) {
                builder.setPort(port);
            }
            EmbeddedDatabase database = new EmbeddedDatabase(builder.start());
            LOG.infof("Embedded PostgreSQL on port %d, data in %s", database.port(), dataDir.toAbsolutePath());
            return database;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + dataDir, e);
        }
    }

    /** Stops a PostgreSQL left running on {@code dataDir} by a process that died without stopping it. */
    public static void stopOrphan(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        Optional<ProcessHandle> orphan = lines.isEmpty() ? Optional.empty() : parsePid(lines.get(0))
                .flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false));
        if (orphan.isEmpty()) {
            LOG.infof("Stale %s names no running PostgreSQL; PostgreSQL will replace it", pidFile);
            return;
        }
        ProcessHandle process = orphan.get();
        LOG.warnf("PostgreSQL %d from a previous run still holds %s; stopping it", process.pid(), dataDir);
        process.destroy();
        try {
            process.onExit().get(ORPHAN_SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warnf("PostgreSQL %d did not stop in %s; killing it (crash recovery will run)", process.pid(),
                    ORPHAN_SHUTDOWN_WAIT);
            process.destroyForcibly();
            process.onExit().join();
        }
    }

    private static Optional<Long> parsePid(String line) {
        try {
            return Optional.of(Long.parseLong(line.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl(USER, DATABASE);
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("embedded PostgreSQL did not stop cleanly", e);
        }
    }
}
