package dev.cti.server.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster for tests: {@code initdb} in a temporary directory, {@code pg_ctl start}
 * on a free loopback port with its socket in that directory, torn down (immediate stop, directory
 * deleted) on {@link #close()}. PostgreSQL refuses to run as root, so as root every command runs as the
 * {@code postgres} user through {@code runuser}. The Debian package's own cluster is never touched.
 */
public final class PostgresCluster implements AutoCloseable {
    public static final String USER = "cti";
    public static final String INSTALL_HINT = "PostgreSQL is not installed: apt-get install postgresql";

    private final Path binDir;
    private final Path dir;
    private final Path data;
    private final int port;
    private final boolean asPostgres;
    private final AtomicInteger databases = new AtomicInteger();

    private PostgresCluster(Path binDir, Path dir, int port, boolean asPostgres) {
        this.binDir = binDir;
        this.dir = dir;
        this.data = dir.resolve("data");
        this.port = port;
        this.asPostgres = asPostgres;
    }

    /** The directory holding initdb and pg_ctl, if PostgreSQL is installed. */
    public static Optional<Path> findBinDir() {
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                Optional<Path> best = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                        .max(Comparator.comparing(b -> versionOf(b.getParent().getFileName().toString())));
                if (best.isPresent()) {
                    return best;
                }
            } catch (IOException e) {
                // fall through to PATH
            }
        }
        for (String p : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path b = Path.of(p.isEmpty() ? "." : p);
            if (Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl"))) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

    private static int versionOf(String name) {
        try {
            return Integer.parseInt(name.replaceAll("[^0-9].*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public static PostgresCluster start(Path binDir) throws IOException, InterruptedException {
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("cti-pg-");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        PostgresCluster cluster = new PostgresCluster(binDir, dir, port, root);
        if (root) {
            cluster.exec(false, "chown", "postgres:postgres", dir.toString());
        }
        cluster.exec(true, binDir.resolve("initdb").toString(), "-D", cluster.data.toString(), "-U", USER,
                "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync");
        cluster.startServer();
        return cluster;
    }

    /** Starts the server again after {@link #stopServer()} (same port, same data). */
    public void startServer() throws IOException, InterruptedException {
        exec(true, binDir.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                dir.resolve("postgres.log").toString(), "-w", "-t", "60", "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1", "start");
    }

    /**
     * Stops the server as an administrator's restart does ({@code pg_ctl stop -m fast}: clients are disconnected,
     * open transactions rolled back); {@link #startServer()} brings it back.
     */
    public void stopServer() throws IOException, InterruptedException {
        exec(true, binDir.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop");
    }

    public int port() {
        return port;
    }

    /** A new empty database; returns its JDBC URL (user {@link #USER}, no password). */
    public String createDatabase() throws SQLException {
        String name = "cti_test_" + databases.incrementAndGet();
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, null);
             Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        return jdbcUrl(name);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** The postmaster's process id (first line of {@code postmaster.pid}). */
    public long postmasterPid() throws IOException {
        return Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
    }

    /** The postmaster and its backends, while it runs (e.g. to read their memory). */
    public List<ProcessHandle> processes() throws IOException {
        Optional<ProcessHandle> postmaster = ProcessHandle.of(postmasterPid());
        if (postmaster.isEmpty()) {
            return List.of();
        }
        List<ProcessHandle> all = new ArrayList<>();
        all.add(postmaster.get());
        all.addAll(postmaster.get().descendants().toList());
        return all;
    }

    /**
     * A crash: SIGKILL to the postmaster, then waits until its backends (which notice their parent's death) are gone
     * too, so that {@link #startAgain()} finds no shared memory still attached.
     */
    public void kill9() throws IOException, InterruptedException {
        ProcessHandle postmaster = ProcessHandle.of(postmasterPid()).orElseThrow(
                () -> new IllegalStateException("PostgreSQL is not running"));
        List<ProcessHandle> backends = postmaster.descendants().toList();
        exec(false, "kill", "-9", Long.toString(postmaster.pid()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while ((postmaster.isAlive() || backends.stream().anyMatch(ProcessHandle::isAlive))
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    /** Starts the cluster again on the same port and data (crash recovery runs), after {@link #kill9()}. */
    public void startAgain() throws IOException, InterruptedException {
        exec(true, binDir.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                dir.resolve("postgres.log").toString(), "-w", "-t", "60", "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1", "start");
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            exec(true, binDir.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w",
                    "stop");
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void exec(boolean asDbUser, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (asDbUser && asPostgres) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(List.of(command));
        Path out = Files.createTempFile("cti-pg-cmd", ".log");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile())
                    .directory(dir.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + String.join(" ", cmd));
            }
            if (p.exitValue() != 0) {
                throw new IOException("failed (" + p.exitValue() + "): " + String.join(" ", cmd) + "\n"
                        + Files.readString(out));
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
