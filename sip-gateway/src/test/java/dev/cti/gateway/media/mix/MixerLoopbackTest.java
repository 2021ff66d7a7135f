package dev.cti.gateway.media.mix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.config.NetworkConfig;
import dev.cti.gateway.media.LegOutput;
import dev.cti.gateway.media.MediaEngine;
import dev.cti.gateway.media.MediaLeg;
import dev.cti.gateway.media.MediaListener;
import dev.cti.gateway.media.MediaSink;
import dev.cti.gateway.media.RemoteMedia;
import dev.cti.gateway.media.audio.Prompt;
import dev.cti.gateway.media.rtp.RtpPacket;
import dev.cti.protocol.audio.G711;
import dev.cti.protocol.audio.Goertzel;
import dev.cti.protocol.audio.ToneGenerator;
import dev.cti.protocol.sdp.MediaDirection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The mixer through real legs over loopback UDP, checked by signal: the customer's phone plays 440 Hz
 * (A-law), the agent's 880 Hz (µ-law), the supervisor's 1320 Hz (A-law), each paced at 20 ms; a
 * Goertzel filter over what each phone receives shows exactly whose tones it hears.
 */
class MixerLoopbackTest {

    private static final Map<Party, Double> TONE = Map.of(Party.CUSTOMER, 440.0, Party.AGENT, 880.0, Party.SUPERVISOR, 1320.0);
    private static final double MUSIC = 700.0;
    /**
     * A tone that is heard holds about half the energy of a two-party mix, all of a one-party one: it
     * must hold at least {@value #PRESENT} of the energy in at least {@value #PRESENT_FRAMES} of the
     * window's 20 ms frames (a loaded machine may lose the odd frame to scheduling).
     */
    private static final double PRESENT = 0.2;
    private static final double PRESENT_FRAMES = 0.6;
    /** A tone that is not heard: leakage and G.711 noise stay far below this. */
    private static final double ABSENT = 0.03;
    private static final long MS = 1_000_000L;

    private MediaEngine engine;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Map<Party, TonePhone> phones = new EnumMap<>(Party.class);
    private final Map<Party, MediaLeg> legs = new EnumMap<>(Party.class);
    private ScheduledExecutorService pacer;

    @BeforeEach
    void setUp() throws Exception {
        int base = 20000 + 2 * ThreadLocalRandom.current().nextInt(0, 19000);
        engine = new MediaEngine(new NetworkConfig.Rtp("127.0.0.1", base, base + 199, 30), registry,
                MediaListener.NONE, new MediaEngine.Options(2, System::nanoTime, new java.util.Random(7)));
        engine.start();
        phones.put(Party.CUSTOMER, new TonePhone("customer", TONE.get(Party.CUSTOMER), G711.PCMA, 0xC0C0));
        phones.put(Party.AGENT, new TonePhone("agent", TONE.get(Party.AGENT), G711.PCMU, 0xA0A0));
        phones.put(Party.SUPERVISOR, new TonePhone("supervisor", TONE.get(Party.SUPERVISOR), G711.PCMA, 0x5050));
        MediaLeg customer = engine.allocateLeg().get(5, TimeUnit.SECONDS);
        legs.put(Party.CUSTOMER, customer);
        legs.put(Party.AGENT, engine.allocateLeg(customer).get(5, TimeUnit.SECONDS));
        engine.bridge(customer, legs.get(Party.AGENT));
        pacer = Executors.newSingleThreadScheduledExecutor();
        pacer.scheduleAtFixedRate(() -> {
            for (TonePhone p : phones.values()) {
                try {
                    p.sendFrame();
                } catch (java.io.IOException e) {
                    // closed at the end of the test
                }
            }
        }, 0, 20, TimeUnit.MILLISECONDS);
    }

    /** The supervisor's leg, on the call's event loop or deliberately on the other one. */
    private MediaLeg supervisorLeg(boolean sameLoop) throws Exception {
        MediaLeg customer = legs.get(Party.CUSTOMER);
        MediaLeg leg = sameLoop ? engine.allocateLeg(customer).get(5, TimeUnit.SECONDS) : null;
        for (int i = 0; leg == null && i < 4; i++) {
            MediaLeg l = engine.allocateLeg().get(5, TimeUnit.SECONDS);
            if (l.eventLoop() != customer.eventLoop()) {
                leg = l;
            } else {
                engine.release(l);
            }
        }
        assertThat(leg).as("a leg on the other event loop").isNotNull();
        connect(Party.SUPERVISOR, leg);
        return leg;
    }

    private void connect(Party party, MediaLeg leg) {
        legs.put(party, leg);
        TonePhone phone = phones.get(party);
        leg.configure(new RemoteMedia(phone.address(), phone.law(), 101, MediaDirection.SENDRECV));
        phone.sendTo(leg.localAddress());
    }

    private void connectCallParties() {
        connect(Party.CUSTOMER, legs.get(Party.CUSTOMER));
        connect(Party.AGENT, legs.get(Party.AGENT));
    }

    @AfterEach
    void tearDown() {
        pacer.shutdownNow();
        phones.values().forEach(TonePhone::close);
        engine.close();
    }

    private double mixedPackets() {
        return registry.get(dev.cti.gateway.GatewayMeters.RTP_PACKETS_MIXED.getName()).counter().count();
    }

    private static void waitUntil(long nanos) {
        await().pollInterval(Duration.ofMillis(10)).atMost(Duration.ofSeconds(10)).until(() -> System.nanoTime() >= nanos);
    }

    /** What {@code listener}'s phone received in [from, to), as one block of audio. */
    private short[] heard(Party listener, long from, long to) {
        List<TonePhone.Heard> packets = phones.get(listener).heardBetween(from, to);
        assertThat(packets.size()).as("%s received packets of %d ms", listener, (to - from) / MS)
                .isGreaterThanOrEqualTo((int) ((to - from) / MS / 20 * 6 / 10));
        return TonePhone.audio(packets);
    }

    private static void assertHears(Party listener, short[] audio, Set<Double> present, Set<Double> absent) {
        for (double f : present) {
            assertThat(TonePhone.framesWith(audio, f, PRESENT)).as("%s hears %.0f Hz in enough frames (block share %.3f)",
                    listener, f, TonePhone.share(audio, f)).isGreaterThanOrEqualTo(PRESENT_FRAMES);
        }
        for (double f : absent) {
            assertThat(TonePhone.share(audio, f)).as("%s does not hear %.0f Hz", listener, f).isLessThan(ABSENT);
        }
    }

    /** Checks one window of every phone against the matrix row of {@code mode}. */
    private void assertMatrix(MonitorMode mode, long from, long to) {
        for (Party listener : Party.values()) {
            Set<Party> sources = MixMatrix.sources(mode, listener);
            if (sources.isEmpty()) {
                assertThat(phones.get(listener).heardBetween(from, to)).as("%s is detached in %s", listener, mode).isEmpty();
                continue;
            }
            short[] audio = heard(listener, from, to);
            for (Party source : Party.values()) {
                double share = TonePhone.share(audio, TONE.get(source));
                if (sources.contains(source)) {
                    assertThat(TonePhone.framesWith(audio, TONE.get(source), PRESENT))
                            .as("%s: %s hears %s in enough frames (block share %.3f)", mode, listener, source, share)
                            .isGreaterThanOrEqualTo(PRESENT_FRAMES);
                } else {
                    assertThat(share).as("%s: %s does not hear %s", mode, listener, source).isLessThan(ABSENT);
                }
            }
        }
    }

    /** Each phone gets one stream: one SSRC, consecutive sequence numbers, whatever fed it. */
    private void assertOneContinuousStreamPerPhone() {
        for (Party p : Party.values()) {
            List<TonePhone.Heard> all = phones.get(p).heard();
            assertThat(all).as(p.name()).isNotEmpty();
            for (int i = 1; i < all.size(); i++) {
                assertThat(all.get(i).ssrc()).as("%s packet %d", p, i).isEqualTo(all.get(0).ssrc());
                assertThat(all.get(i).seq()).as("%s packet %d", p, i).isEqualTo((all.get(i - 1).seq() + 1) & 0xFFFF);
            }
        }
    }

    @Test
    void everyModeIsExactlyTheMatrixAndASwitchTakesEffectWithinHalfASecond() throws Exception {
        connectCallParties();
        supervisorLeg(true);
        waitUntil(System.nanoTime() + 300 * MS); // the plain relay runs first

        MonitorSession session = engine.monitor(legs.get(Party.CUSTOMER), legs.get(Party.AGENT),
                legs.get(Party.SUPERVISOR), MonitorMode.LISTEN);
        List<MonitorMode> sequence = List.of(MonitorMode.LISTEN, MonitorMode.WHISPER, MonitorMode.BARGE,
                MonitorMode.TAKEOVER, MonitorMode.WHISPER);
        long afterTakeover = 0;
        MonitorMode previous = null;
        for (MonitorMode mode : sequence) {
            session.mode(mode);
            long switched = System.nanoTime();
            if (previous == MonitorMode.TAKEOVER) {
                afterTakeover = switched;
            }
            previous = mode;
            // the window starts 0.5 s after the switch: any older matrix still mixing would fail it
            waitUntil(switched + 900 * MS);
            assertMatrix(mode, switched + 500 * MS, switched + 900 * MS);
            assertThat(session.mode()).isEqualTo(mode);
        }
        session.stop();
        assertOneContinuousStreamPerPhone();
        long resumedAt = afterTakeover;
        TonePhone.Heard resumed = phones.get(Party.AGENT).heard().stream()
                .filter(h -> h.arrivalNanos() > resumedAt).findFirst().orElseThrow();
        assertThat(resumed.marker()).as("the agent's stream resumes after TAKEOVER with a marker").isTrue();
    }

    @Test
    void stopRestoresThePlainRelayAndTheSupervisorGetsNothing() throws Exception {
        connectCallParties();
        supervisorLeg(true);
        MonitorSession session = engine.monitor(legs.get(Party.CUSTOMER), legs.get(Party.AGENT),
                legs.get(Party.SUPERVISOR), MonitorMode.BARGE);
        long started = System.nanoTime();
        waitUntil(started + 700 * MS);
        assertMatrix(MonitorMode.BARGE, started + 300 * MS, started + 700 * MS);

        session.stop();
        assertThat(session.isStopped()).isTrue();
        long stopped = System.nanoTime();
        waitUntil(stopped + 300 * MS);
        double mixed = mixedPackets();
        assertThat(mixed).as("rtp_packets_mixed_total while monitored").isGreaterThan(3 * 10);
        waitUntil(stopped + 800 * MS);
        assertThat(mixedPackets()).as("nothing is mixed after stop").isEqualTo(mixed);
        assertHears(Party.CUSTOMER, heard(Party.CUSTOMER, stopped + 300 * MS, stopped + 800 * MS),
                Set.of(TONE.get(Party.AGENT)), Set.of(TONE.get(Party.CUSTOMER), TONE.get(Party.SUPERVISOR)));
        assertHears(Party.AGENT, heard(Party.AGENT, stopped + 300 * MS, stopped + 800 * MS),
                Set.of(TONE.get(Party.CUSTOMER)), Set.of(TONE.get(Party.AGENT), TONE.get(Party.SUPERVISOR)));
        assertThat(TonePhone.share(heard(Party.CUSTOMER, stopped + 300 * MS, stopped + 800 * MS), TONE.get(Party.AGENT)))
                .as("the plain relay: only the agent, at full share").isGreaterThan(0.8);
        assertThat(phones.get(Party.SUPERVISOR).heardBetween(stopped + 100 * MS, stopped + 800 * MS)).isEmpty();

        // every event on a stopped session: late mode/hold changes are ignored and counted, a second
        // stop or a hand-over changes nothing (the supervisor still gets nothing, the relay goes on)
        session.mode(MonitorMode.LISTEN);
        session.customerHeld(true);
        assertThat(((MixerSession) session).ignoredAfterStop()).isEqualTo(2);
        assertThat(session.mode()).isEqualTo(MonitorMode.BARGE);
        session.stop();
        session.handOverToSupervisor();
        long again = System.nanoTime();
        waitUntil(again + 500 * MS);
        assertThat(phones.get(Party.SUPERVISOR).heardBetween(again, again + 500 * MS)).isEmpty();
        assertThat(TonePhone.share(heard(Party.CUSTOMER, again + 100 * MS, again + 500 * MS), TONE.get(Party.AGENT)))
                .isGreaterThan(0.8);
        assertOneContinuousStreamPerPhone();
    }

    @Test
    void aTakeoverHandedOverLeavesCustomerAndSupervisorOnAPlainRelayAndTheAgentAlone() throws Exception {
        connectCallParties();
        supervisorLeg(true);
        waitUntil(System.nanoTime() + 300 * MS); // the plain relay runs first: the agent has a stream
        MonitorSession session = engine.monitor(legs.get(Party.CUSTOMER), legs.get(Party.AGENT),
                legs.get(Party.SUPERVISOR), MonitorMode.TAKEOVER);
        waitUntil(System.nanoTime() + 300 * MS);

        session.handOverToSupervisor();
        assertThat(session.isStopped()).isTrue();
        long handed = System.nanoTime();
        waitUntil(handed + 800 * MS);
        short[] customer = heard(Party.CUSTOMER, handed + 300 * MS, handed + 800 * MS);
        short[] supervisor = heard(Party.SUPERVISOR, handed + 300 * MS, handed + 800 * MS);
        assertThat(TonePhone.share(customer, TONE.get(Party.SUPERVISOR))).as("customer hears the supervisor").isGreaterThan(0.8);
        assertThat(TonePhone.share(customer, TONE.get(Party.AGENT))).as("customer does not hear the agent").isLessThan(ABSENT);
        assertThat(TonePhone.share(supervisor, TONE.get(Party.CUSTOMER))).as("supervisor hears the customer").isGreaterThan(0.8);
        assertThat(phones.get(Party.AGENT).heardBetween(handed + 100 * MS, handed + 800 * MS)).as("agent hears nothing").isEmpty();
        // the customer never heard the agent from the takeover on
        assertThat(phones.get(Party.CUSTOMER).heardBetween(handed - 200 * MS, handed + 800 * MS))
                .allSatisfy(h -> assertThat(Goertzel.relativePower(h.pcm(), TONE.get(Party.AGENT))).isLessThan(0.1));
        engine.release(legs.get(Party.AGENT)); // what signalling does next; the relay goes on
        long released = System.nanoTime();
        waitUntil(released + 500 * MS);
        assertThat(TonePhone.share(heard(Party.CUSTOMER, released + 100 * MS, released + 500 * MS), TONE.get(Party.SUPERVISOR)))
                .isGreaterThan(0.8);
        assertOneContinuousStreamPerPhone();
    }

    @Test
    void aHeldCustomerHearsTheMusicAndNotTheWhisperWhileAgentAndSupervisorStillMix() throws Exception {
        connectCallParties();
        supervisorLeg(false); // on another event loop: its packets hop to the mixer's
        MediaLeg customer = legs.get(Party.CUSTOMER);
        MonitorSession session = engine.monitor(customer, legs.get(Party.AGENT), legs.get(Party.SUPERVISOR),
                MonitorMode.WHISPER);
        Prompt music = new Prompt("music", ToneGenerator.at8kHz(8000, MUSIC).next(8000 * 2));

        engine.play(customer, List.of(), music); // what the B2BUA does on hold...
        session.customerHeld(true);               // ...and tells the mixer
        long held = System.nanoTime();
        waitUntil(held + 900 * MS);
        long from = held + 500 * MS;
        long to = held + 900 * MS;
        assertHears(Party.CUSTOMER, heard(Party.CUSTOMER, from, to), Set.of(MUSIC),
                Set.of(TONE.get(Party.CUSTOMER), TONE.get(Party.AGENT), TONE.get(Party.SUPERVISOR)));
        assertThat(TonePhone.share(heard(Party.CUSTOMER, from, to), MUSIC)).isGreaterThan(0.8);
        assertHears(Party.AGENT, heard(Party.AGENT, from, to), Set.of(TONE.get(Party.SUPERVISOR)),
                Set.of(TONE.get(Party.CUSTOMER), TONE.get(Party.AGENT), MUSIC));
        assertHears(Party.SUPERVISOR, heard(Party.SUPERVISOR, from, to), Set.of(TONE.get(Party.CUSTOMER), TONE.get(Party.AGENT)),
                Set.of(TONE.get(Party.SUPERVISOR), MUSIC));

        session.customerHeld(false); // resumed: back to the mix
        engine.stopPlaying(customer);
        long resumed = System.nanoTime();
        waitUntil(resumed + 900 * MS);
        assertMatrix(MonitorMode.WHISPER, resumed + 500 * MS, resumed + 900 * MS);
        session.stop();
        assertOneContinuousStreamPerPhone();
    }

    @Test
    void everyBufferTheMixerIsGivenIsReleased() throws Exception {
        connectCallParties();
        MediaLeg supervisor = supervisorLeg(false);
        MediaLeg customer = legs.get(Party.CUSTOMER);
        MonitorSession session = engine.monitor(customer, legs.get(Party.AGENT), supervisor, MonitorMode.BARGE);
        MediaSink customerSink = engine.attachSink(customer, MediaSink.DISCARD);
        engine.attachSink(customer, customerSink);
        MediaSink supervisorSink = engine.attachSink(supervisor, MediaSink.DISCARD);
        engine.attachSink(supervisor, supervisorSink);

        List<RtpPacket> given = new ArrayList<>();
        byte[] audio = new byte[160];
        for (int i = 0; i < 20; i++) {
            RtpPacket voice = RtpPacket.create(UnpooledByteBufAllocator.DEFAULT, 8, false, i, i * 160L, 1, audio, 0, 160);
            RtpPacket event = RtpPacket.create(UnpooledByteBufAllocator.DEFAULT, 101, false, i, i * 160L, 1, new byte[4], 0, 4);
            given.add(voice);
            given.add(event);
            customerSink.onPacket(customer, voice);      // same loop as the mixer (from the test thread: a hop)
            supervisorSink.onPacket(supervisor, event);  // telephone-event, from the other loop
        }
        session.stop();
        RtpPacket late = RtpPacket.create(UnpooledByteBufAllocator.DEFAULT, 0, false, 99, 0, 1, audio, 0, 160);
        given.add(late);
        customerSink.onPacket(customer, late); // a packet that raced the stop

        LegOutput detached = engine.attachOutput(supervisor);
        engine.detachOutput(detached);
        RtpPacket unsent = RtpPacket.create(UnpooledByteBufAllocator.DEFAULT, 8, false, 1, 0, 1, audio, 0, 160);
        given.add(unsent);
        detached.send(unsent); // an output no longer attached sends nothing

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(given).allSatisfy(p -> assertThat(p.refCnt()).isZero()));
    }

    @Test
    void refusesToMixALegWithItself() throws Exception {
        MediaLeg customer = legs.get(Party.CUSTOMER);
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        engine.monitor(customer, legs.get(Party.AGENT), customer, MonitorMode.LISTEN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("three distinct legs");
    }
}
