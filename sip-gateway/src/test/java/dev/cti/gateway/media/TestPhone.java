package dev.cti.gateway.media;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A phone for loopback tests: a plain {@link DatagramSocket} on 127.0.0.1 or another loopback address (ephemeral port) that
 * sends and receives raw RTP.
 */
final class TestPhone implements AutoCloseable {

    /** One received packet's header fields and payload, plus when it arrived. */
    record Received(int payloadType, boolean marker, int seq, long ts, long ssrc, byte[] payload,
                    InetSocketAddress from, long arrivalNanos) {}

    private final DatagramSocket socket;
    private final byte[] buffer = new byte[2048];

    TestPhone() throws IOException {
        this(InetAddress.getLoopbackAddress().getHostAddress());
    }

    /** A phone on another loopback address (127.0.0.2 ...): another host as far as the gateway can tell. */
    TestPhone(String host) throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(host), 0));
        socket.setSoTimeout(2000);
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    void send(InetSocketAddress to, int pt, boolean marker, int seq, long ts, long ssrc, byte[] payload) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(12 + payload.length);
        b.put((byte) 0x80).put((byte) ((marker ? 0x80 : 0) | pt)).putShort((short) seq).putInt((int) ts).putInt((int) ssrc).put(payload);
        socket.send(new DatagramPacket(b.array(), b.capacity(), to));
    }

    void sendRaw(InetSocketAddress to, byte[] bytes) throws IOException {
        socket.send(new DatagramPacket(bytes, bytes.length, to));
    }

    /** The next packet, or {@code null} after {@code timeoutMillis}. */
    Received receive(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        DatagramPacket p = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(p);
        } catch (SocketTimeoutException e) {
            return null;
        }
        long now = System.nanoTime();
        ByteBuffer b = ByteBuffer.wrap(p.getData(), 0, p.getLength());
        int b0 = b.get() & 0xFF;
        int b1 = b.get() & 0xFF;
        int seq = b.getShort() & 0xFFFF;
        long ts = b.getInt() & 0xFFFFFFFFL;
        long ssrc = b.getInt() & 0xFFFFFFFFL;
        int header = 12 + 4 * (b0 & 0x0F);
        byte[] payload = Arrays.copyOfRange(p.getData(), header, p.getLength());
        return new Received(b1 & 0x7F, (b1 & 0x80) != 0, seq, ts, ssrc, payload,
                (InetSocketAddress) p.getSocketAddress(), now);
    }

    Received receive() throws IOException {
        Received r = receive(2000);
        if (r == null) {
            throw new AssertionError("phone " + address() + " received nothing within 2 s");
        }
        return r;
    }

    /** Reads and discards whatever is queued. */
    void drain() throws IOException {
        while (receive(50) != null) {
            // discard
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
