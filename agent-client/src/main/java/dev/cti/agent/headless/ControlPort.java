package dev.cti.agent.headless;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --control-port N}: the same line commands as stdin over TCP on 127.0.0.1 only (no authentication, so never
 * on another interface). Each client receives its command results and every event as JSON lines. A thread per client:
 * a seat has one or two controllers, not thousands.
 */
public final class ControlPort implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlPort.class);

    private final ServerSocket server;
    private final LineHandler handler;
    private final EventOutput output;

    /** Runs one command line and writes its answer through {@code reply}. */
    public interface LineHandler {
        CompletableFuture<?> onLine(String line, Consumer<String> reply);
    }

    public ControlPort(int port, LineHandler handler, EventOutput output) throws IOException {
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        this.handler = handler;
        this.output = output;
        Thread t = new Thread(this::acceptLoop, "control-port-" + port());
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return server.getLocalPort();
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
        OutputStream raw;
        try {
            raw = s.getOutputStream();
        } catch (IOException e) {
            return;
        }
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
        output.subscribe(writer);
        try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank()) handler.onLine(line, writer).join(); // in order, one at a time
            }
        } catch (IOException e) {
            LOG.debug("control client gone: {}", e.toString());
        } finally {
            output.unsubscribe(writer);
        }
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
