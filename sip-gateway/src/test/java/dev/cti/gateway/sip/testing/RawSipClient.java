package dev.cti.gateway.sip.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deliberately dumb SIP peer for tests: sends bytes exactly as given (torture messages must not be "fixed" by a
 * client stack) over UDP or TCP to 127.0.0.1 and collects whatever comes back, framed per RFC 3261 18.3 on TCP.
 */
public final class RawSipClient implements AutoCloseable {
    /** A received message, with helpers to read the start line and headers. */
    public record Received(String text) {
        public int status() {
            if (!text.startsWith("SIP/2.0 ")) {
                return -1;
            }
            return Integer.parseInt(text.substring(8, 11));
        }

        /** First value of a header (long or compact name), or null. */
        public String header(String name) {
            return headers(name).stream().findFirst().orElse(null);
        }

        public List<String> headers(String name) {
            List<String> values = new ArrayList<>();
            Pattern p = Pattern.compile("^" + Pattern.quote(name) + "\\s*:\\s*(.*)$",
                    Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);
            String head = text.split("\r\n\r\n", 2)[0];
            Matcher m = p.matcher(head);
            while (m.find()) {
                values.add(m.group(1).trim());
            }
            return values;
        }

        public String callId() {
            String v = header("Call-ID");
            return v != null ? v : header("i");
        }
    }

    private final String transport;
    private final InetSocketAddress server;
    private final BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
    private final DatagramSocket udp;
    private final Socket tcp;
    private final Thread reader;
    private volatile boolean closedByPeer;

    public RawSipClient(String transport, int serverPort) throws IOException {
        this(transport, serverPort, InetAddress.getLoopbackAddress().getHostAddress());
    }

    /**
     * A client on another loopback address ({@code 127.0.0.2}...): to the server, another host. UDP only (a TCP
     * connection is made from the default address).
     */
    public RawSipClient(String transport, int serverPort, String localHost) throws IOException {
        this.transport = transport.toLowerCase(Locale.ROOT);
        this.server = new InetSocketAddress(InetAddress.getLoopbackAddress(), serverPort);
        if (this.transport.equals("udp")) {
            udp = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(localHost), 0));
            tcp = null;
            reader = new Thread(this::readUdp, "raw-sip-udp");
        } else {
            udp = null;
            tcp = new Socket();
            tcp.connect(server, 2000);
            reader = new Thread(this::readTcp, "raw-sip-tcp");
        }
        reader.setDaemon(true);
        reader.start();
    }

    /** The address this client sends from. */
    public String localHost() {
        return udp != null ? udp.getLocalAddress().getHostAddress() : tcp.getLocalAddress().getHostAddress();
    }

    public int localPort() {
        return udp != null ? udp.getLocalPort() : tcp.getLocalPort();
    }

    public String transport() {
        return transport;
    }

    public void send(byte[] bytes) throws IOException {
        if (udp != null) {
            udp.send(new DatagramPacket(bytes, bytes.length, server));
        } else {
            tcp.getOutputStream().write(bytes);
            tcp.getOutputStream().flush();
        }
    }

    public void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Next received message, or null after the timeout. */
    public Received poll(Duration timeout) throws InterruptedException {
        return inbox.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Next final (>= 200) response for this Call-ID (others are kept out of the way), or null on timeout. */
    public Received awaitFinal(String callId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Received> skipped = new ArrayList<>();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                Received r = inbox.poll(left, TimeUnit.NANOSECONDS);
                if (r == null) {
                    return null;
                }
                if (callId.equals(r.callId()) && r.status() >= 200) {
                    return r;
                }
                if (!callId.equals(r.callId())) {
                    skipped.add(r);
                }
            }
        } finally {
            inbox.addAll(skipped);
        }
    }

    /** Everything received so far. */
    public List<Received> drain() {
        List<Received> all = new ArrayList<>();
        inbox.drainTo(all);
        return all;
    }

    private void readUdp() {
        byte[] buf = new byte[65535];
        while (!udp.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                udp.receive(p);
                inbox.add(new Received(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void readTcp() {
        try {
            InputStream in = tcp.getInputStream();
            while (true) {
                ByteArrayOutputStream head = new ByteArrayOutputStream();
                int matched = 0;
                int b;
                while (matched < 4 && (b = in.read()) != -1) {
                    head.write(b);
                    matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
                }
                if (matched < 4) {
                    closedByPeer = true;
                    return;
                }
                String headText = head.toString(StandardCharsets.UTF_8);
                if (headText.isBlank()) {
                    continue; // keep-alive CRLFs
                }
                Received headers = new Received(headText);
                String cl = headers.header("Content-Length");
                if (cl == null) {
                    cl = headers.header("l");
                }
                int length = cl == null ? 0 : Integer.parseInt(cl.trim());
                byte[] body = in.readNBytes(length);
                inbox.add(new Received(headText + new String(body, StandardCharsets.UTF_8)));
            }
        } catch (SocketTimeoutException e) {
            // closed by test
        } catch (IOException e) {
            closedByPeer = true;
        }
    }

    /** TCP: the server closed the connection. */
    public boolean closedByPeer() {
        return closedByPeer;
    }

    @Override
    public void close() throws IOException {
        if (udp != null) {
            udp.close();
        } else {
            tcp.close();
        }
    }
}
