package dev.cti.gateway.sip.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * A browser-like SIP phone over WebSocket (RFC 7118): the JDK's WebSocket client with the {@code sip} sub-protocol,
 * one SIP message per text frame, as JsSIP sends them. Messages from the gateway are queued whole.
 */
public final class WsSipClient implements AutoCloseable {
    private final WebSocket socket;
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    /** The sub-protocol the server agreed to (RFC 7118 5.1: "sip"). */
    public final String subprotocol;

    private WsSipClient(URI uri, SSLContext tls) throws Exception {
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (tls != null) {
            http.sslContext(tls);
        }
        StringBuilder partial = new StringBuilder();
        socket = http.build().newWebSocketBuilder().subprotocols("sip").buildAsync(uri, new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    received.add(partial.toString());
                    partial.setLength(0);
                }
                ws.request(1);
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
        subprotocol = socket.getSubprotocol();
    }

    /** Connects to {@code ws://} or, with {@code tls}, {@code wss://}. */
    public static WsSipClient connect(URI uri, SSLContext tls) throws Exception {
        return new WsSipClient(uri, tls);
    }

    public void send(String message) throws Exception {
        socket.sendText(message, true).get(5, TimeUnit.SECONDS);
    }

    /** The next message from the gateway; fails after {@code seconds}. */
    public String next(int seconds) throws InterruptedException {
        String m = received.poll(seconds, TimeUnit.SECONDS);
        if (m == null) {
            throw new AssertionError("no SIP message over the WebSocket within " + seconds + " s");
        }
        return m;
    }

    /** The first header value {@code name} of a message, or null. */
    public static String header(String message, String name) {
        for (String line : message.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    @Override
    public void close() {
        socket.abort();
    }
}
