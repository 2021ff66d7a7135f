package dev.cti.agent.testkit;

import dev.cti.agent.media.ToneSource;
import dev.cti.protocol.audio.G711;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The far end's media in tests: a real UDP socket on 127.0.0.1 that records the µ-law audio and RFC 4733 events it
 * receives and can send a paced tone back to where the softphone's packets came from (symmetric RTP).
 */
public final class RtpPeer implements AutoCloseable {
    private final DatagramSocket socket;
    private final List<short[]> frames = new CopyOnWriteArrayList<>();
    private final List<Integer> dtmfEvents = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
    private volatile SocketAddress phone;
    private volatile long lastAudioAt;

    public RtpPeer() throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        Thread t = new Thread(this::receive, "rtp-peer");
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    public SocketAddress phone() {
        return phone;
    }

    public int audioFrames() {
        return frames.size();
    }

    public long lastAudioAtNanos() {
        return lastAudioAt;
    }

    public List<Integer> dtmfEvents() {
        return dtmfEvents;
    }

    /** Audio received from frame {@code from} on, as linear samples. */
    public short[] samples(int from) {
        List<short[]> all = List.copyOf(frames); // one snapshot: the receiver thread keeps adding frames
        List<short[]> f = all.subList(Math.min(from, all.size()), all.size());
        short[] out = new short[f.size() * 160];
        int i = 0;
        for (short[] fr : f) for (short s : fr) if (i < out.length) out[i++] = s;
        return out;
    }

    private void receive() {
        byte[] buf = new byte[2048];
        while (!socket.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                phone = p.getSocketAddress();
                int pt = buf[1] & 0x7F;
                if (pt == 0) {
                    short[] f = new short[p.getLength() - 12];
                    for (int i = 0; i < f.length; i++) f[i] = G711.PCMU.decode(buf[12 + i]);
                    frames.add(f);
                    lastAudioAt = System.nanoTime();
                } else if (pt == 101) {
                    dtmfEvents.add(buf[12] & 0xFF);
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Sends {@code frames} µ-law frames of a tone, one every 20 ms, to the phone. */
    public void sendTone(double hz, int count) {
        ToneSource tone = new ToneSource(hz);
        int ssrc = 0x1234;
        int[] n = {0};
        pacer.scheduleAtFixedRate(() -> {
            if (n[0] >= count || phone == null) return;
            short[] f = new short[160];
            tone.read(f);
            ByteBuffer b = ByteBuffer.allocate(172);
            b.put((byte) 0x80).put((byte) 0).putShort((short) n[0]).putInt(n[0] * 160).putInt(ssrc);
            for (short s : f) b.put(G711.PCMU.encode(s));
            try {
                socket.send(new DatagramPacket(b.array(), 172, phone));
            } catch (IOException ignored) {
                // the test's assertions will say what is missing
            }
            n[0]++;
        }, 0, 20, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        pacer.shutdownNow();
        socket.close();
    }
}
