package dev.cti.gateway.media.mix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.protocol.audio.G711;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The mixing core without network: each party sends a constant level that is exact in both laws, and
 * each listener's linear mix must be exactly the sum of the levels the matrix lets it hear.
 */
class CallMixerTest {

    /** Distinct levels whose every subset sum is distinct; decoded values, so the codec keeps them. */
    private static final Map<Party, Short> LEVEL = Map.of(
            Party.CUSTOMER, G711.PCMA.decode(G711.PCMA.encode((short) 104)),
            Party.AGENT, G711.PCMU.decode(G711.PCMU.encode((short) 1020)),
            Party.SUPERVISOR, G711.PCMA.decode(G711.PCMA.encode((short) -5000)));
    private static final Map<Party, G711> LAW = Map.of(
            Party.CUSTOMER, G711.PCMA, Party.AGENT, G711.PCMU, Party.SUPERVISOR, G711.PCMA);

    /** Collects what one tick gives each listener. */
    static final class Capture implements CallMixer.FrameSink {
        final Map<Party, short[]> pcm = new EnumMap<>(Party.class);
        final Map<Party, byte[]> encoded = new EnumMap<>(Party.class);
        final Map<Party, G711> laws = new EnumMap<>(Party.class);

        @Override
        public G711 law(Party listener) {
            return LAW.get(listener);
        }

        @Override
        public void frame(Party listener, G711 law, short[] frame, byte[] bytes) {
            assertThat(pcm).doesNotContainKey(listener);
            pcm.put(listener, frame.clone());
            encoded.put(listener, bytes.clone());
            laws.put(listener, law);
        }
    }

    private static void send(CallMixer mixer, Party from) {
        G711 law = LAW.get(from);
        byte[] codes = new byte[160];
        java.util.Arrays.fill(codes, law.encode(LEVEL.get(from)));
        ByteBuf buf = Unpooled.wrappedBuffer(codes);
        mixer.receive(from, law, buf, 0, 160);
        buf.release();
    }

    private static Capture tick(CallMixer mixer) {
        Capture c = new Capture();
        mixer.tick(c);
        return c;
    }

    @ParameterizedTest
    @EnumSource(MonitorMode.class)
    void eachListenerGetsExactlyTheSumOfWhatTheMatrixAllows(MonitorMode mode) {
        CallMixer mixer = new CallMixer(mode);
        for (Party p : Party.values()) {
            send(mixer, p);
        }
        Capture got = tick(mixer);
        for (Party listener : Party.values()) {
            Set<Party> sources = MixMatrix.sources(mode, listener);
            if (sources.isEmpty()) {
                assertThat(got.pcm).as("%s is detached in %s", listener, mode).doesNotContainKey(listener);
                continue;
            }
            int sum = sources.stream().mapToInt(LEVEL::get).sum();
            assertThat(got.pcm.get(listener)).as("%s in %s", listener, mode).containsOnly((short) sum);
            G711 law = LAW.get(listener);
            assertThat(got.laws.get(listener)).isEqualTo(law);
            assertThat(got.encoded.get(listener)).containsOnly(law.encode((short) sum));
        }
    }

    @Test
    void aPartyWithNoFrameThisTickIsSilenceNotTheLastFrameAgain() {
        CallMixer mixer = new CallMixer(MonitorMode.BARGE);
        send(mixer, Party.CUSTOMER);
        send(mixer, Party.AGENT);
        tick(mixer);
        send(mixer, Party.AGENT); // the customer's next packet is late
        Capture got = tick(mixer);
        assertThat(got.pcm.get(Party.SUPERVISOR)).containsOnly(LEVEL.get(Party.AGENT));
        assertThat(got.pcm.get(Party.AGENT)).containsOnly((short) 0);
        assertThat(mixer.buffer(Party.CUSTOMER).underruns()).isEqualTo(1);
    }

    @Test
    void aModeChangeAppliesWholeAtTheNextTick() {
        CallMixer mixer = new CallMixer(MonitorMode.LISTEN);
        for (Party p : Party.values()) {
            send(mixer, p);
        }
        mixer.mode(MonitorMode.WHISPER);
        Capture got = tick(mixer);
        // LISTEN discarded the supervisor's audio; WHISPER hears it from the next packet on
        assertThat(got.pcm.get(Party.AGENT)).containsOnly(LEVEL.get(Party.CUSTOMER));
        for (Party p : Party.values()) {
            send(mixer, p);
        }
        got = tick(mixer);
        assertThat(got.pcm.get(Party.AGENT)).containsOnly((short) (LEVEL.get(Party.CUSTOMER) + LEVEL.get(Party.SUPERVISOR)));
        assertThat(got.pcm.get(Party.CUSTOMER)).containsOnly(LEVEL.get(Party.AGENT));
    }

    @Test
    void aHeldCustomerGetsNoMixAndIsNotHeardByTheAgentWhileTheSupervisorStillIs() {
        CallMixer mixer = new CallMixer(MonitorMode.WHISPER);
        mixer.customerHeld(true);
        for (Party p : Party.values()) {
            send(mixer, p);
        }
        Capture got = tick(mixer);
        assertThat(got.pcm).doesNotContainKey(Party.CUSTOMER);
        assertThat(got.pcm.get(Party.AGENT)).as("the whisper, not the held customer")
                .containsOnly(LEVEL.get(Party.SUPERVISOR));
        assertThat(got.pcm.get(Party.SUPERVISOR)).containsOnly((short) (LEVEL.get(Party.CUSTOMER) + LEVEL.get(Party.AGENT)));
        mixer.customerHeld(false);
        send(mixer, Party.AGENT);
        assertThat(tick(mixer).pcm.get(Party.CUSTOMER)).containsOnly(LEVEL.get(Party.AGENT));
    }

    @Test
    void loudPartiesClipInTheMix() {
        CallMixer mixer = new CallMixer(MonitorMode.LISTEN);
        short[] loud = new short[160];
        java.util.Arrays.fill(loud, (short) 30000);
        mixer.buffer(Party.CUSTOMER).write(loud, 0, 160);
        mixer.buffer(Party.AGENT).write(loud, 0, 160);
        assertThat(tick(mixer).pcm.get(Party.SUPERVISOR)).containsOnly(Short.MAX_VALUE);
    }
}
