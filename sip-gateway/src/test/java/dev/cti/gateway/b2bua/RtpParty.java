package dev.cti.gateway.b2bua;

import dev.cti.protocol.audio.G711;
import dev.cti.protocol.audio.ToneGenerator;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A plain-Java RTP phone for the media test: listens on a loopback port (its SDP port, given to sipp), learns the
 * gateway's leg address from the first packet it receives (symmetric RTP), then sends a PCMU tone there every
 * 20 ms, and records everything it hears with its arrival time.
 */
final class RtpParty implements AutoCloseable {
    record Chunk(long arrivalNanos, short[] samples) {}

    private final DatagramSocket socket;
    private final ToneGenerator tone;
    private final List<Chunk> heard = new CopyOnWriteArrayList<>();
    private final Thread receiver;
    private final Thread sender;
    private volatile InetSocketAddress target;
    private volatile boolean running = true;
    private final java.util.concurrent.atomic.AtomicInteger seq = new java.util.concurrent.atomic.AtomicInteger(1);
    private final java.util.concurrent.atomic.AtomicLong timestamp = new java.util.concurrent.atomic.AtomicLong();

    RtpParty(double frequency) throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        tone = ToneGenerator.at8kHz(8000, frequency);
        receiver = new Thread(this::receive, "rtp-party-rx-" + (int) frequency);
        sender = new Thread(this::send, "rtp-party-tx-" + (int) frequency);
        receiver.setDaemon(true);
        sender.setDaemon(true);
        receiver.start();
        sender.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    private void receive() {
        byte[] buf = new byte[2048];
        while (running) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (IOException e) {
                return;
            }
            if (target == null) {
                target = (InetSocketAddress) p.getSocketAddress();
            }
            ByteBuffer b = ByteBuffer.wrap(p.getData(), 0, p.getLength());
            int b0 = b.get() & 0xFF;
            int pt = b.get() & 0x7F;
            if (pt != G711.PCMU.payloadType()) {
                continue;
            }
            int header = 12 + 4 * (b0 & 0x0F);
            byte[] payload = Arrays.copyOfRange(p.getData(), header, p.getLength());
            heard.add(new Chunk(System.nanoTime(), G711.PCMU.decode(payload)));
        }
    }

    private void send() {
        long next = System.nanoTime();
        byte[] payload = new byte[160];
        while (running) {
            next += 20_000_000L;
            InetSocketAddress to = target;
            if (to != null) {
                short[] pcm = tone.next(160);
                G711.PCMU.encode(pcm, 0, 160, payload, 0);
                ByteBuffer b = ByteBuffer.allocate(172);
                b.put((byte) 0x80).put((byte) 0).putShort((short) seq.getAndIncrement())
                        .putInt((int) timestamp.getAndAdd(160)).putInt(0x1234abcd).put(payload);
                try {
                    socket.send(new DatagramPacket(b.array(), b.capacity(), to));
                } catch (IOException e) {
                    return;
                }
            }
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                try {
                    Thread.sleep(sleep / 1_000_000L, (int) (sleep % 1_000_000L));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /**
     * Starts sending to {@code gatewayLeg} before anything was received: a phone behind NAT sends first (the
     * gateway cannot reach the private address in its SDP until the NAT mapping exists).
     */
    void sendTo(InetSocketAddress gatewayLeg) {
        target = gatewayLeg;
    }

    /**
     * Presses a key: RFC 4733 telephone-event packets (payload type {@code pt}) in the same stream, 3 updates then
     * the end packet three times, all with the event's start timestamp.
     */
    void pressKey(int pt, int event) throws IOException {
        InetSocketAddress to = target;
        if (to == null) {
            throw new IllegalStateException("no RTP target learned yet");
        }
        long start = timestamp.get();
        for (int i = 1; i <= 6; i++) {
            boolean end = i >= 4;
            int duration = Math.min(i, 4) * 160;
            ByteBuffer b = ByteBuffer.allocate(16);
            b.put((byte) 0x80).put((byte) ((i == 1 ? 0x80 : 0) | pt)).putShort((short) seq.getAndIncrement())
                    .putInt((int) start).putInt(0x1234abcd)
                    .put((byte) event).put((byte) ((end ? 0x80 : 0) | 10)).putShort((short) duration);
            socket.send(new DatagramPacket(b.array(), b.capacity(), to));
        }
    }

    /** Samples that arrived between the two instants (System.nanoTime). */
    short[] heardBetween(long fromNanos, long toNanos) {
        List<short[]> parts = new ArrayList<>();
        int n = 0;
        for (Chunk c : heard) {
            if (c.arrivalNanos() >= fromNanos && c.arrivalNanos() < toNanos) {
                parts.add(c.samples());
                n += c.samples().length;
            }
        }
        short[] all = new short[n];
        int at = 0;
        for (short[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    static double rms(short[] samples) {
        double sum = 0;
        for (short s : samples) {
            sum += (double) s * s;
        }
        return samples.length == 0 ? 0 : Math.sqrt(sum / samples.length);
    }

    @Override
    public void close() {
        running = false;
        socket.close();
        sender.interrupt();
    }
}
