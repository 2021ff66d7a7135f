package dev.cti.gateway.media.mix;

import dev.cti.gateway.media.LegOutput;
import dev.cti.gateway.media.MediaEngine;
import dev.cti.gateway.media.MediaLeg;
import dev.cti.gateway.media.MediaSink;
import dev.cti.gateway.media.rtp.RtpPacket;
import dev.cti.protocol.audio.G711;
import io.netty.channel.EventLoop;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link MonitorSession} of one call: wires a {@link CallMixer} to the call's three legs.
 *
 * <ul>
 *   <li>Inbound: each leg's {@link MediaSink} is replaced by one that decodes the packet into the
 *       mixer's buffer for that party and releases it (telephone-events are still detected by the
 *       leg, but not relayed while monitored).
 *   <li>Outbound: each leg's stream is taken with {@link MediaEngine#attachOutput}; every tick builds
 *       one packet per listener with the session's own numbering (sequence +1 per packet, timestamp
 *       +160 per tick, marker after a pause), which the leg's rewriter maps onto its one SSRC.
 *   <li>Timing: a 20 ms fixed-rate task on the customer leg's event loop; packets of a leg on another
 *       loop hop onto it.
 * </ul>
 * Lifecycle, two states and this table (anything else is ignored, logged and counted in
 * {@link #ignoredAfterStop()}, because a supervisor's click can race a hang-up):
 * <pre>
 *  state    | mode(m) / customerHeld(h) | stop()                 | handOverToSupervisor()
 *  ---------+---------------------------+------------------------+------------------------------
 *  ACTIVE   | ACTIVE (next tick)        | STOPPED, C⇄A relay     | STOPPED, C⇄S relay, A alone
 *  STOPPED  | ignored, counted          | no-op (idempotent)     | no-op (idempotent)
 * </pre>
 */
public final class MixerSession implements MonitorSession {

    private static final Logger LOG = LoggerFactory.getLogger(MixerSession.class);
    private static final Party[] PARTIES = Party.values();

    /** States of a session; see the class comment. */
    enum State { ACTIVE, STOPPED }

    private final MediaEngine engine;
    private final MediaLeg[] legs;
    private final LegOutput[] outputs = new LegOutput[PARTIES.length];
    private final EventLoop loop;
    private final CallMixer mixer;
    private final Out out = new Out();
    private final java.util.concurrent.atomic.AtomicLong ignored = new java.util.concurrent.atomic.AtomicLong();
    private volatile State state = State.ACTIVE;
    private volatile MonitorMode mode;
    private volatile long ticks;
    private long tickFailures;
    private ScheduledFuture<?> tick;

    private MixerSession(MediaEngine engine, MediaLeg customer, MediaLeg agent, MediaLeg supervisor, MonitorMode mode) {
        this.engine = engine;
        this.legs = new MediaLeg[] {customer, agent, supervisor};
        this.loop = customer.eventLoop();
        this.mode = mode;
        this.mixer = new CallMixer(mode);
    }

    /**
     * Starts mixing the three legs in {@code mode}. The legs must be distinct and allocated by
     * {@code engine}; customer and agent are normally bridged already.
     */
    public static MonitorSession start(MediaEngine engine, MediaLeg customer, MediaLeg agent, MediaLeg supervisor,
                                       MonitorMode mode) {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(supervisor, "supervisor");
        Objects.requireNonNull(mode, "mode");
        if (customer == agent || customer == supervisor || agent == supervisor) {
            throw new IllegalArgumentException("monitoring needs three distinct legs: " + customer + ", " + agent
                    + ", " + supervisor);
        }
        MixerSession session = new MixerSession(engine, customer, agent, supervisor, mode);
        session.attach();
        LOG.info("monitoring started: customer {}, agent {}, supervisor {}, mode {}", customer, agent, supervisor, mode);
        return session;
    }

    private void attach() {
        for (Party p : PARTIES) {
            outputs[p.ordinal()] = engine.attachOutput(legs[p.ordinal()]);
        }
        for (Party p : PARTIES) {
            engine.attachSink(legs[p.ordinal()], (from, packet) -> onPacket(p, packet));
        }
        tick = loop.scheduleAtFixedRate(this::tick, 20, 20, TimeUnit.MILLISECONDS);
    }

    private void onPacket(Party from, RtpPacket packet) {
        if (!loop.inEventLoop()) {
            try {
                loop.execute(() -> onPacket(from, packet));
            } catch (RejectedExecutionException e) {
                packet.release(); // the engine is stopping
            }
            return;
        }
        try {
            G711 law = G711.forPayloadType(packet.payloadType());
            if (state == State.ACTIVE && law != null) {
                mixer.receive(from, law, packet.content(), packet.payloadIndex(0), packet.payloadLength());
            }
        } finally {
            packet.release();
        }
    }

    private void tick() {
        if (state != State.ACTIVE) {
            return;
        }
        try {
            mixer.tick(out);
            out.endTick();
            ticks++;
        } catch (RuntimeException e) {
            // keep ticking (the next frame may do), but do not flood the log 50 times a second
            if (tickFailures++ % 500 == 0) {
                LOG.warn("mixing tick failed for customer leg {} ({} failures so far)", legs[0], tickFailures, e);
            }
        }
    }

    @Override
    public void mode(MonitorMode next) {
        Objects.requireNonNull(next, "mode");
        if (ignoredIfStopped("mode(" + next + ")")) {
            return;
        }
        mode = next;
        onLoop(() -> mixer.mode(next));
        LOG.info("monitoring of customer leg {}: mode {}", legs[0], next);
    }

    @Override
    public MonitorMode mode() {
        return mode;
    }

    @Override
    public void customerHeld(boolean held) {
        if (ignoredIfStopped("customerHeld(" + held + ")")) {
            return;
        }
        onLoop(() -> mixer.customerHeld(held));
    }

    @Override
    public synchronized void stop() {
        if (!endMixing()) {
            return;
        }
        MediaLeg customer = legs[Party.CUSTOMER.ordinal()];
        MediaLeg agent = legs[Party.AGENT.ordinal()];
        engine.attachSink(legs[Party.SUPERVISOR.ordinal()], MediaSink.DISCARD);
        for (LegOutput o : outputs) {
            engine.detachOutput(o);
        }
        engine.bridge(customer, agent);
        LOG.info("monitoring stopped: customer {} and agent {} relay directly again", customer, agent);
    }

    @Override
    public synchronized void handOverToSupervisor() {
        if (!endMixing()) {
            return;
        }
        MediaLeg customer = legs[Party.CUSTOMER.ordinal()];
        MediaLeg agent = legs[Party.AGENT.ordinal()];
        MediaLeg supervisor = legs[Party.SUPERVISOR.ordinal()];
        engine.attachSink(agent, MediaSink.DISCARD);
        for (LegOutput o : outputs) {
            engine.detachOutput(o);
        }
        engine.unbridge(customer, agent); // the agent's leg now sends and relays nothing
        engine.bridge(customer, supervisor);
        LOG.info("monitoring ended by takeover: customer {} and supervisor {} relay directly; agent {} unbridged",
                customer, supervisor, agent);
    }

    /** ACTIVE → STOPPED: no more ticks, late packets released unread. False if already stopped. */
    private boolean endMixing() {
        if (state == State.STOPPED) {
            return false;
        }
        state = State.STOPPED;
        if (tick != null) {
            tick.cancel(false);
        }
        return true;
    }

    @Override
    public boolean isStopped() {
        return state == State.STOPPED;
    }

    /** Mode changes and hold flags received after {@link #stop()}. */
    public long ignoredAfterStop() {
        return ignored.get();
    }

    /** Mixing ticks run so far. */
    public long ticks() {
        return ticks;
    }

    private boolean ignoredIfStopped(String what) {
        if (state == State.STOPPED) {
            ignored.incrementAndGet();
            LOG.info("ignored {} on a stopped monitoring session (customer leg {})", what, legs[0]);
            return true;
        }
        return false;
    }

    private void onLoop(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }

    /** Turns each listener's frame into a packet on its leg's output, with the session's numbering. */
    private final class Out implements CallMixer.FrameSink {
        private final int[] sequence = new int[PARTIES.length];
        private final long[] timestamp = new long[PARTIES.length];
        private final boolean[] sentLastTick = new boolean[PARTIES.length];
        private final boolean[] sentThisTick = new boolean[PARTIES.length];

        @Override
        public G711 law(Party listener) {
            return legs[listener.ordinal()].codec();
        }

        @Override
        public void frame(Party listener, G711 law, short[] pcm, byte[] encoded) {
            int i = listener.ordinal();
            LegOutput o = outputs[i];
            RtpPacket packet = RtpPacket.create(o.alloc(), law.payloadType(), !sentLastTick[i], sequence[i],
                    timestamp[i], 0, encoded, 0, encoded.length);
            sequence[i] = (sequence[i] + 1) & 0xFFFF;
            sentThisTick[i] = true;
            o.send(packet);
        }

        /** Time advances for every listener, sent to or not, so a pause shows in the timestamps. */
        void endTick() {
            for (int i = 0; i < PARTIES.length; i++) {
                timestamp[i] = (timestamp[i] + FrameBuffer.FRAME) & 0xFFFFFFFFL;
                sentLastTick[i] = sentThisTick[i];
                sentThisTick[i] = false;
            }
        }
    }
}
