package dev.cti.it.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP relay between the gateway and the server's CTI link (the TLS passes through untouched), which a test
 * can cut like a failed network: {@link #cut()} stops forwarding silently (bytes in flight are dropped, nobody is told:
 * each side notices only by its heartbeat) and refuses new connections; {@link #restore()} forwards again. Bounded:
 * a handful of connections, loopback only, two threads per connection, all closed with it.
 */
public final class LinkCut implements AutoCloseable {
    private final ServerSocket listener;
    private final int upstreamPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean cut;
    private volatile boolean closed;

    public LinkCut(int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.listener = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "link-cut-accept");
        accept.setDaemon(true);
        accept.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** From now on nothing gets through, silently; new connections are closed at once. */
    public void cut() {
        cut = true;
    }

    /** Forwards again (on new connections: the old ones have lost bytes, their peers drop them by heartbeat). */
    public void restore() {
        for (Socket s : sockets) {
            closeQuietly(s);
        }
        sockets.clear();
        cut = false;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket down = listener.accept();
                if (cut) {
                    down.close();
                    continue;
                }
                Socket up = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                sockets.add(down);
                sockets.add(up);
                pump(down, up);
                pump(up, down);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (!cut) {
                        out.write(buf, 0, n);
                        out.flush();
                    } // else dropped on the floor, like a dead network
                }
            } catch (IOException e) {
                // one side went away
            } finally {
                if (!cut) {
                    closeQuietly(to);
                }
            }
        }, "link-cut-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        sockets.forEach(LinkCut::closeQuietly);
    }
}
