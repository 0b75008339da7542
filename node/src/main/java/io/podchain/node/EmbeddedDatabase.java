package io.podchain.node;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    /** Crash recovery of a node's WAL since its last checkpoint takes seconds; a restart that takes longer failed. */
    private static final Duration RESTART_WAIT = Duration.ofSeconds(60);
    private static final Duration READY_POLL = Duration.ofMillis(100);
    /** The one embedded server of this process, once started: what {@link EmbeddedDatabaseWatch} looks after. */
    private static volatile EmbeddedDatabase started;

    private final EmbeddedPostgres postgres;
    private final Path dataDir;
    /** The server's process once the node restarted it (the first is the library's, which it does not expose). */
    private volatile Process server;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDir) {
        this.postgres = postgres;
        this.dataDir = dataDir;
    }

    /** The embedded server this process started, if it started one (none when the node uses an external one). */
    static Optional<EmbeddedDatabase> started() {
        return Optional.ofNullable(started);
    }

    /**
     * Whether a PostgreSQL holds the data directory (a full disk can make it give up and exit): the process that
     * {@code postmaster.pid} names, which the library does not hand out (its own process is the one that started it).
     */
    public boolean isRunning() {
        try {
            return postmaster(dataDir).isPresent();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Starts the server again, exactly as it ran: the command line PostgreSQL itself recorded in
     * {@code postmaster.opts} (binary, data directory, port, every setting), so the datasource's URL stays right.
     * Returns once {@code postmaster.pid} says it accepts connections.
     *
     * @throws IOException when it exits or is not ready within {@link #RESTART_WAIT} (a disk still full, say)
     */
    public synchronized void restart() throws IOException {
        if (isRunning()) {
            return;
        }
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            // as the library starts it: PostgreSQL refuses to run as root, so root runs it in a user namespace
            command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(postmasterCommand(Files.readString(dataDir.resolve("postmaster.opts"))));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        server = process;
        long deadline = System.currentTimeMillis() + RESTART_WAIT.toMillis();
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("PostgreSQL exited with code " + process.exitValue() + " (its log above says"
                        + " why)");
            }
            if (acceptsConnections(dataDir, process.pid())) {
                LOG.infof("Embedded PostgreSQL restarted on port %d", port());
                return;
            }
            try {
                Thread.sleep(READY_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while PostgreSQL starts", e);
            }
        }
        process.destroy();
        throw new IOException("PostgreSQL was not ready within " + RESTART_WAIT);
    }

    /** The tokens of a {@code postmaster.opts} line: the binary, then each argument in double quotes. */
    static List<String> postmasterCommand(String opts) {
        List<String> tokens = new ArrayList<>();
        Matcher token = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"|(\\S+)").matcher(opts.trim());
        while (token.find()) {
            tokens.add(token.group(1) != null ? token.group(1).replace("\\\"", "\"") : token.group(2));
        }
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("postmaster.opts is empty");
        }
        return tokens;
    }

    /**
     * Whether {@code postmaster.pid} is the server {@code pid}'s (not the one a dead server left, which still says
     * {@code ready}) and its status line (the 8th) says {@code ready}: it accepts connections.
     */
    private static boolean acceptsConnections(Path dataDir, long pid) {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
            return lines.size() >= 8 && lines.get(0).trim().equals(Long.toString(pid))
                    && lines.get(7).trim().equals("ready");
        } catch (IOException e) {
            return false;
        }
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
            EmbeddedDatabase database = new EmbeddedDatabase(builder.start(), dataDir);
            started = database;
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
        Optional<ProcessHandle> orphan = postmaster(dataDir);
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

    /** The live PostgreSQL that {@code postmaster.pid} in {@code dataDir} names, if any. */
    private static Optional<ProcessHandle> postmaster(Path dataDir) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty(); // none, or removed as PostgreSQL stopped
        }
        return lines.isEmpty() ? Optional.empty() : parsePid(lines.get(0))
                .flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false));
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
            postgres.close(); // pg_ctl stop on the data directory: stops a restarted server as well
        } catch (IOException e) {
            LOG.warn("embedded PostgreSQL did not stop cleanly", e);
        }
        Process current = server;
        if (current != null && current.isAlive()) {
            current.destroy();
        }
    }
}
