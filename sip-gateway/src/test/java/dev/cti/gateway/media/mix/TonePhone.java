package dev.cti.gateway.media.mix;

import dev.cti.protocol.audio.G711;
import dev.cti.protocol.audio.Goertzel;
import dev.cti.protocol.audio.ToneGenerator;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A phone for the mixer's loopback tests: a {@link DatagramSocket} on 127.0.0.1 that sends one tone as
 * 20 ms G.711 RTP packets (when {@link #sendFrame} is called by the test's pacer) and records every
 * packet it receives with its arrival time, decoded by the packet's own payload type.
 */
public final class TonePhone implements AutoCloseable {

    /** One received packet. */
    record Heard(long arrivalNanos, int seq, long ts, long ssrc, boolean marker, int payloadType, short[] pcm) {}

    private final String name;
    private final DatagramSocket socket;
    private final G711 law;
    private final ToneGenerator tone;
    private final long ssrc;
    private final List<Heard> heard = new ArrayList<>();
    private final Thread receiver;
    private volatile InetSocketAddress target;
    private int seq;
    private long ts;

    public TonePhone(String name, double frequency, G711 law, long ssrc) throws IOException {
        this.name = name;
        this.law = law;
        this.ssrc = ssrc;
        this.tone = ToneGenerator.at8kHz(8000, frequency);
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.receiver = new Thread(this::receive, "phone-" + name);
        receiver.setDaemon(true);
        receiver.start();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    public G711 law() {
        return law;
    }

    public void sendTo(InetSocketAddress gatewayLeg) {
        this.target = gatewayLeg;
    }

    /** Sends the next 20 ms of the tone (called every 20 ms by one pacer thread). */
    public void sendFrame() throws IOException {
        InetSocketAddress to = target;
        if (to == null || socket.isClosed()) {
            return;
        }
        byte[] payload = new byte[160];
        law.encode(tone.next(160), 0, 160, payload, 0);
        ByteBuffer b = ByteBuffer.allocate(12 + 160);
        b.put((byte) 0x80).put((byte) law.payloadType()).putShort((short) seq).putInt((int) ts).putInt((int) ssrc).put(payload);
        seq = (seq + 1) & 0xFFFF;
        ts += 160;
        socket.send(new DatagramPacket(b.array(), b.capacity(), to));
    }

    private void receive() {
        byte[] buf = new byte[2048];
        while (!socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                continue;
            }
            long now = System.nanoTime();
            ByteBuffer b = ByteBuffer.wrap(p.getData(), 0, p.getLength());
            int b0 = b.get() & 0xFF;
            int b1 = b.get() & 0xFF;
            int sequence = b.getShort() & 0xFFFF;
            long timestamp = b.getInt() & 0xFFFFFFFFL;
            long source = b.getInt() & 0xFFFFFFFFL;
            int header = 12 + 4 * (b0 & 0x0F);
            G711 in = G711.forPayloadType(b1 & 0x7F);
            if (in == null) {
                continue;
            }
            byte[] codes = java.util.Arrays.copyOfRange(p.getData(), header, p.getLength());
            synchronized (heard) {
                heard.add(new Heard(now, sequence, timestamp, source, (b1 & 0x80) != 0, b1 & 0x7F, in.decode(codes)));
            }
        }
    }

    /** Everything received so far. */
    List<Heard> heard() {
        synchronized (heard) {
            return List.copyOf(heard);
        }
    }

    /** Packets that arrived in [from, to) (System.nanoTime). */
    List<Heard> heardBetween(long fromNanos, long toNanos) {
        return heard().stream().filter(h -> h.arrivalNanos() >= fromNanos && h.arrivalNanos() < toNanos).toList();
    }

    /** The audio of {@code packets}, concatenated. */
    static short[] audio(List<Heard> packets) {
        short[] all = new short[packets.stream().mapToInt(h -> h.pcm().length).sum()];
        int at = 0;
        for (Heard h : packets) {
            System.arraycopy(h.pcm(), 0, all, at, h.pcm().length);
            at += h.pcm().length;
        }
        return all;
    }

    /** Share of {@code audio}'s energy at {@code frequency}. */
    static double share(short[] audio, double frequency) {
        return Goertzel.relativePower(audio, frequency);
    }

    /**
     * Share of the 20 ms frames of {@code audio} in which {@code frequency} holds at least
     * {@code minShare} of the frame's energy: robust to a few frames lost to scheduling on a busy
     * machine, where one block over the whole window would be dragged down by them.
     */
    static double framesWith(short[] audio, double frequency, double minShare) {
        int frames = audio.length / 160;
        if (frames == 0) {
            return 0;
        }
        int with = 0;
        for (int f = 0; f < frames; f++) {
            if (Goertzel.relativePower(audio, f * 160, 160, frequency, G711.SAMPLE_RATE) >= minShare) {
                with++;
            }
        }
        return (double) with / frames;
    }

    @Override
    public void close() {
        target = null;
        socket.close();
    }

    @Override
    public String toString() {
        return name;
    }
}
