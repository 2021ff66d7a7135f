package dev.cti.agent.headless;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --control-port N}: the same line commands as stdin over TCP on 127.0.0.1 only, for the seat's own user
 * (docs/AGENT-CLIENT.md, docs/SECURITY.md).
 *
 * <p>Anything on the machine can connect to 127.0.0.1, a web page in the agent's browser included (a cross-site
 * request to {@code http://127.0.0.1:N}, or a DNS-rebound name pointing there): so a client's first line must be
 * {@code auth TOKEN}, with the token made at random for this run and written to a file only the seat's user can read
 * ({@link #writeToken}). A browser's request always starts with an HTTP request line, so it can never say that: a
 * first line that looks like HTTP, or any later line that looks like an HTTP header, closes the connection without
 * a command being run, and so do a wrong token, no token within {@link #AUTH_TIMEOUT_MS}, and a line over
 * {@link #MAX_LINE} bytes. Only an authenticated client receives events. Refusals are counted ({@link #refused()}).
 *
 * <p>A thread per client: a seat has one or two controllers, not thousands.
 */
public final class ControlPort implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlPort.class);
    static final int MAX_LINE = 4096;
    static final int AUTH_TIMEOUT_MS = 10_000;
    /** An HTTP request line ({@code POST / HTTP/1.1}) or a header ({@code Host: …}): a browser, not a controller. */
    private static final Pattern HTTP_LINE = Pattern.compile("^[A-Z]{3,10} \\S+ HTTP/\\d.*|^[A-Za-z-]{2,40}:\\s.*");

    private final ServerSocket server;
    private final LineHandler handler;
    private final EventOutput output;
    private final byte[] token;
    private final AtomicLong refused = new AtomicLong();

    /** Runs one command line and writes its answer through {@code reply}. */
    public interface LineHandler {
        CompletableFuture<?> onLine(String line, Consumer<String> reply);
    }

    /** Listens on 127.0.0.1:{@code port} (0: a free one); clients must first say {@code auth token}. */
    public ControlPort(int port, String token, LineHandler handler, EventOutput output) throws IOException {
        if (token == null || token.length() < 16) {
            throw new IllegalArgumentException("the control port needs a token of at least 16 characters");
        }
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        this.handler = handler;
        this.output = output;
        Thread t = new Thread(this::acceptLoop, "control-port-" + port());
        t.setDaemon(true);
        t.start();
    }

    /** A new random token: 256 bits, base64url. */
    public static String newToken(SecureRandom random) {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /**
     * Writes {@code token} to {@code file}, readable and writable by its owner only (the directory made owner-only when
     * it is created here); an existing file is replaced.
     */
    public static void writeToken(Path file, String token) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            if (posix) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            }
        }
        Path tmp = Files.createTempFile(dir, ".control-token", ".tmp");
        try {
            if (posix) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            }
            Files.writeString(tmp, token + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Connections closed without running anything (no or wrong token, HTTP, over-long line). */
    public long refused() {
        return refused.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> serve(s), "control-client");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!server.isClosed()) LOG.warn("control port accept failed: {}", e.toString());
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            serveOpen(s);
        } catch (IOException e) {
            LOG.debug("control client gone: {}", e.toString());
        }
    }

    private void serveOpen(Socket s) throws IOException {
        try {
            OutputStream raw = s.getOutputStream();
            InputStream in = s.getInputStream();
            Consumer<String> writer = line -> {
                synchronized (raw) {
                    try {
                        raw.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                        raw.flush();
                    } catch (IOException e) {
                        closeQuietly(s);
                    }
                }
            };
            s.setSoTimeout(AUTH_TIMEOUT_MS);
            String first = readLine(in);
            if (!authenticated(first)) {
                refused.incrementAndGet();
                LOG.warn("control port: connection refused ({})", first == null ? "no auth line"
                        : HTTP_LINE.matcher(first).matches() ? "an HTTP request: a browser?" : "bad token");
                if (first != null && !HTTP_LINE.matcher(first).matches()) {
                    writer.accept("{\"event\":\"error\",\"message\":\"the first line must be: auth TOKEN\"}");
                }
                return;
            }
            s.setSoTimeout(0);
            writer.accept("{\"event\":\"ok\",\"command\":\"auth\"}");
            output.subscribe(writer);
            try {
                String line;
                while ((line = readLine(in)) != null) {
                    if (HTTP_LINE.matcher(line).matches()) {
                        refused.incrementAndGet();
                        LOG.warn("control port: an HTTP header on an authenticated connection; closed");
                        return;
                    }
                    if (!line.isBlank()) handler.onLine(line, writer).join(); // in order, one at a time
                }
            } finally {
                output.unsubscribe(writer);
            }
        } catch (LineTooLong e) {
            refused.incrementAndGet();
            LOG.warn("control port: a line over {} bytes; closed", MAX_LINE);
        }
    }

    private boolean authenticated(String first) {
        if (first == null || !first.startsWith("auth ")) {
            return false;
        }
        byte[] given = first.substring(5).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token);
    }

    private static final class LineTooLong extends IOException {
        private static final long serialVersionUID = 1L;
    }

    /** One line of at most {@link #MAX_LINE} bytes (UTF-8), without its end; null at the end of the stream. */
    private static String readLine(InputStream in) throws IOException {
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                break;
            }
            if (line.size() >= MAX_LINE) {
                throw new LineTooLong();
            }
            line.write(b);
        }
        if (b < 0 && line.size() == 0) {
            return null;
        }
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // gone already
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
