package dev.cti.gateway.media.mix;

import dev.cti.protocol.audio.G711;
import io.netty.buffer.ByteBuf;
import java.util.Set;

/**
 * The mixing core of one monitored call, with no sockets and no timer: per-party {@link FrameBuffer}s
 * fed by {@link #receive}, and a {@link #tick} that, every 20 ms, takes one frame from each party
 * (silence if it has none) and gives each listener the saturated sum of the parties
 * {@link MixMatrix} lets it hear, encoded in that listener's law.
 *
 * <p>Exists apart from {@link MixerSession} so the arithmetic and the matrix are tested and
 * benchmarked without the network. Confined to one thread (the call's event loop); allocation-free
 * per tick.
 */
public final class CallMixer {

    /** Where a tick's frames go. Called on the mixer's thread. */
    public interface FrameSink {

        /** The law {@code listener}'s leg sends in now. */
        G711 law(Party listener);

        /**
         * One 20 ms frame for {@code listener}: the mix as linear samples and as
         * {@value FrameBuffer#FRAME} bytes in {@code law}. The arrays are reused by the next call
         * (copy them, do not keep them).
         */
        void frame(Party listener, G711 law, short[] pcm, byte[] encoded);
    }

    private static final Party[] PARTIES = Party.values();
    private static final int N = PARTIES.length;

    private final FrameBuffer[] buffers = new FrameBuffer[N];
    private final short[][] frames = new short[N][FrameBuffer.FRAME];
    private final boolean[] present = new boolean[N];
    private final boolean[] heard = new boolean[N];
    private final Party[][] sources = new Party[N][];
    private final short[][] selected = new short[N][];
    private final short[] mixed = new short[FrameBuffer.FRAME];
    private final byte[] encoded = new byte[FrameBuffer.FRAME];
    private MonitorMode mode;
    private boolean customerHeld;

    public CallMixer(MonitorMode mode) {
        for (int i = 0; i < N; i++) {
            buffers[i] = new FrameBuffer();
        }
        mode(mode);
    }

    /** Switches the whole matrix at once; the next tick mixes by the new one. */
    public void mode(MonitorMode next) {
        this.mode = java.util.Objects.requireNonNull(next, "mode");
        for (Party p : PARTIES) {
            Set<Party> set = MixMatrix.sources(next, p);
            sources[p.ordinal()] = set.toArray(new Party[0]);
            heard[p.ordinal()] = MixMatrix.isHeard(next, p);
            if (!heard[p.ordinal()]) {
                buffers[p.ordinal()].clear();
            }
        }
    }

    public MonitorMode mode() {
        return mode;
    }

    /**
     * While held, the customer is sent nothing by the mixer (it hears music) and the agent does not hear the
     * customer (a hold parts them, as without a supervisor); the agent still hears a whispering or barging
     * supervisor, and the supervisor still hears both.
     */
    public void customerHeld(boolean held) {
        this.customerHeld = held;
    }

    public boolean customerHeld() {
        return customerHeld;
    }

    /** Buffers {@code length} G.711 bytes of {@code law} from {@code from}, unless nobody hears it now. */
    public void receive(Party from, G711 law, ByteBuf buf, int index, int length) {
        if (heard[from.ordinal()]) {
            buffers[from.ordinal()].write(law, buf, index, length);
        }
    }

    /** One 20 ms mixing step. */
    public void tick(FrameSink out) {
        for (int p = 0; p < N; p++) {
            present[p] = heard[p] && buffers[p].read(frames[p]);
        }
        for (Party listener : PARTIES) {
            Party[] from = sources[listener.ordinal()];
            if (from.length == 0 || (listener == Party.CUSTOMER && customerHeld)) {
                continue; // detached, or hearing music instead of the mix
            }
            int count = 0;
            for (Party s : from) {
                if (present[s.ordinal()] && !(customerHeld && listener == Party.AGENT && s == Party.CUSTOMER)) {
                    selected[count++] = frames[s.ordinal()];
                }
            }
            PcmMix.mix(selected, count, mixed, FrameBuffer.FRAME);
            G711 law = out.law(listener);
            law.encode(mixed, 0, FrameBuffer.FRAME, encoded, 0);
            out.frame(listener, law, mixed, encoded);
        }
    }

    /** The buffer of one party (for diagnostics and tests). */
    public FrameBuffer buffer(Party party) {
        return buffers[party.ordinal()];
    }
}
