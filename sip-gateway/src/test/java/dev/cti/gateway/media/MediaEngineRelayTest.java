package dev.cti.gateway.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.gateway.media.dtmf.TelephoneEvent;
import dev.cti.protocol.audio.G711;
import dev.cti.protocol.sdp.MediaDirection;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The relay over real loopback UDP: two plain sockets act as phones, the engine sits between them. */
class MediaEngineRelayTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<String> digits = new CopyOnWriteArrayList<>();
    /** Added to the engine's clock: time passes without sleeping. */
    private final java.util.concurrent.atomic.AtomicLong skew = new java.util.concurrent.atomic.AtomicLong();
    private MediaEngine engine;
    private TestPhone phoneA;
    private TestPhone phoneB;
    private MediaLeg legA;
    private MediaLeg legB;

    @BeforeEach
    void setUp() throws Exception {
        engine = MediaEngineFixture.start(registry, new MediaListener() {
            @Override
            public void onDtmf(MediaLeg leg, char digit) {
                digits.add(leg.id() + ":" + digit);
            }
        }, 30, () -> System.nanoTime() + skew.get());
        phoneA = new TestPhone();
        phoneB = new TestPhone();
        legA = engine.allocateLeg().get(5, TimeUnit.SECONDS);
        legB = engine.allocateLeg(legA).get(5, TimeUnit.SECONDS);
    }

    @AfterEach
    void tearDown() {
        phoneA.close();
        phoneB.close();
        engine.close();
    }

    private void bridgeBoth(G711 codecA, int eventPtA, G711 codecB, int eventPtB) {
        legA.configure(new RemoteMedia(phoneA.address(), codecA, eventPtA, MediaDirection.SENDRECV));
        legB.configure(new RemoteMedia(phoneB.address(), codecB, eventPtB, MediaDirection.SENDRECV));
        engine.bridge(legA, legB);
    }

    private static byte[] payload(int seed) {
        byte[] p = new byte[160];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) (seed + i);
        }
        return p;
    }

    @Test
    void relaysBothWaysRewritingSsrcSequenceAndTimestampAcrossTheWrap() throws IOException {
        bridgeBoth(G711.PCMU, 101, G711.PCMU, 101);
        long ts = 0xFFFFFF00L;
        for (int i = 0; i < 5; i++) {
            phoneA.send(legA.localAddress(), 0, i == 0, (65533 + i) & 0xFFFF, (ts + 160L * i) & 0xFFFFFFFFL, 0xA1A1A1A1L, payload(i));
        }
        TestPhone.Received first = phoneB.receive();
        assertThat(first.from()).as("sent from the leg's own port").isEqualTo(legB.localAddress());
        assertThat(first.ssrc()).isNotEqualTo(0xA1A1A1A1L);
        assertThat(first.payloadType()).isZero();
        assertThat(first.marker()).isTrue();
        assertThat(first.payload()).isEqualTo(payload(0));
        TestPhone.Received previous = first;
        for (int i = 1; i < 5; i++) {
            TestPhone.Received r = phoneB.receive();
            assertThat(r.ssrc()).isEqualTo(first.ssrc());
            assertThat(r.seq()).isEqualTo((previous.seq() + 1) & 0xFFFF);
            assertThat(r.ts()).isEqualTo((previous.ts() + 160) & 0xFFFFFFFFL);
            assertThat(r.marker()).isFalse();
            assertThat(r.payload()).isEqualTo(payload(i));
            previous = r;
        }

        phoneB.send(legB.localAddress(), 0, true, 1, 1, 0xB2B2B2B2L, payload(9));
        TestPhone.Received atA = phoneA.receive();
        assertThat(atA.from()).isEqualTo(legA.localAddress());
        assertThat(atA.payload()).isEqualTo(payload(9));
        assertThat(atA.ssrc()).isNotEqualTo(0xB2B2B2B2L).isNotEqualTo(first.ssrc());

        assertThat(legA.stats().received()).isEqualTo(5);
        // counters are bumped just after the write: the phone may be faster
        await().atMost(Duration.ofSeconds(2)).until(() -> registry.scrape().contains("rtp_packets_relayed_total 6.0"));
        assertThat(legB.stats().sent()).isEqualTo(5);
        String scrape = registry.scrape();
        assertThat(scrape).contains("rtp_packets_relayed_total 6.0").contains("rtp_legs_active 2.0")
                .contains("rtp_packets_lost_total 0.0");
    }

    @Test
    void latchesOntoWherePacketsComeFromAndIgnoresOtherSources() throws Exception {
        try (TestPhone sdpAddress = new TestPhone(); TestPhone intruder = new TestPhone()) {
            // phone A's SDP names one address, but its packets come from another port of the host its SIP came
            // from (NAT)
            legA.configure(new RemoteMedia(sdpAddress.address(), G711.PCMU, 101, MediaDirection.SENDRECV)
                    .signalledFrom(phoneA.address().getAddress()));
            legB.configure(new RemoteMedia(phoneB.address(), G711.PCMU, 101, MediaDirection.SENDRECV));
            engine.bridge(legA, legB);
            assertThat(legA.sendTarget()).contains(sdpAddress.address());

            phoneB.send(legB.localAddress(), 0, false, 1, 160, 7, payload(1));
            assertThat(sdpAddress.receive().payload()).as("before latching: SDP address").isEqualTo(payload(1));

            phoneA.send(legA.localAddress(), 0, false, 100, 16000, 5, payload(2));
            assertThat(phoneB.receive().payload()).isEqualTo(payload(2));
            await().atMost(Duration.ofSeconds(2)).until(() -> legA.sendTarget().orElseThrow().equals(phoneA.address()));

            phoneB.send(legB.localAddress(), 0, false, 2, 320, 7, payload(3));
            assertThat(phoneA.receive().payload()).as("after latching: the real source").isEqualTo(payload(3));
            assertThat(sdpAddress.receive(200)).isNull();

            intruder.send(legA.localAddress(), 0, false, 500, 0, 99, payload(4));
            phoneA.send(legA.localAddress(), 0, false, 101, 16160, 5, payload(5));
            assertThat(phoneB.receive().payload()).as("the intruder's packet is not relayed").isEqualTo(payload(5));
            assertThat(registry.scrape()).contains("rtp_packets_dropped_total{reason=\"unexpected_source\"} 1.0");
        }
    }

    @Test
    void aStrangerOnAnotherHostIsDroppedBeforeLatchingAndAfterSilence() throws Exception {
        try (TestPhone stranger = new TestPhone("127.0.0.2")) {
            legA.configure(new RemoteMedia(phoneA.address(), G711.PCMU, 101, MediaDirection.SENDRECV)
                    .signalledFrom(phoneA.address().getAddress()));
            legB.configure(new RemoteMedia(phoneB.address(), G711.PCMU, 101, MediaDirection.SENDRECV)
                    .signalledFrom(phoneB.address().getAddress()));
            engine.bridge(legA, legB);

            stranger.send(legA.localAddress(), 0, false, 1, 160, 0x5555, payload(1));
            phoneB.send(legB.localAddress(), 0, false, 1, 160, 7, payload(2));
            assertThat(phoneA.receive().payload()).as("A still gets its audio at its SDP address").isEqualTo(payload(2));
            assertThat(stranger.receive(300)).as("the stranger did not latch leg A").isNull();
            assertThat(phoneB.receive(300)).as("the stranger's packet was not relayed").isNull();

            phoneA.send(legA.localAddress(), 0, false, 10, 1600, 5, payload(3));
            assertThat(phoneB.receive().payload()).isEqualTo(payload(3));
            skew.addAndGet(Duration.ofMillis(1500).toNanos()); // A falls silent for 1.5 s
            stranger.send(legA.localAddress(), 0, false, 2, 320, 0x5555, payload(4));
            phoneB.send(legB.localAddress(), 0, false, 2, 320, 7, payload(5));
            assertThat(phoneA.receive().payload()).isEqualTo(payload(5));
            assertThat(stranger.receive(300)).isNull();
            assertThat(phoneB.receive(300)).isNull();
            assertThat(legA.sendTarget()).contains(phoneA.address());
            assertThat(registry.scrape()).contains("rtp_packets_dropped_total{reason=\"unexpected_source\"} 2.0");
        }
    }

    @Test
    void countsLossFromSequenceGaps() throws IOException {
        bridgeBoth(G711.PCMU, 101, G711.PCMU, 101);
        for (int seq : new int[] {65534, 65535, 2, 3, 7}) { // 0, 1 and 4, 5, 6 missing
            phoneA.send(legA.localAddress(), 0, false, seq, seq * 160L, 0x1111, payload(seq));
        }
        List<Integer> seqs = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            seqs.add(phoneB.receive().seq());
        }
        // gaps pass through: the receiver sees the same loss
        assertThat((seqs.get(2) - seqs.get(1)) & 0xFFFF).isEqualTo(3);
        assertThat((seqs.get(4) - seqs.get(3)) & 0xFFFF).isEqualTo(4);
        assertThat(legA.stats().lost()).isEqualTo(5);
        assertThat(registry.scrape()).contains("rtp_packets_lost_total 5.0");
    }

    @Test
    void passesTelephoneEventsThroughAndReportsEachKeyOnce() throws IOException {
        bridgeBoth(G711.PCMU, 101, G711.PCMU, 96);
        long ts = 48000;
        int seq = 300;
        for (int d = 160; d <= 640; d += 160) {
            phoneA.send(legA.localAddress(), 101, d == 160, seq++, ts, 0x2222, new TelephoneEvent(7, false, 10, d).toBytes());
        }
        for (int i = 0; i < 3; i++) {
            phoneA.send(legA.localAddress(), 101, false, seq++, ts, 0x2222, new TelephoneEvent(7, true, 10, 800).toBytes());
        }
        for (int i = 0; i < 7; i++) {
            TestPhone.Received r = phoneB.receive();
            assertThat(r.payloadType()).as("mapped to B's telephone-event type").isEqualTo(96);
            assertThat(r.payload()[0]).isEqualTo((byte) 7);
        }
        await().atMost(Duration.ofSeconds(2)).until(() -> !digits.isEmpty());
        assertThat(phoneB.receive(200)).isNull();
        assertThat(digits).containsExactly(legA.id() + ":7");
        assertThat(registry.scrape()).contains("rtp_dtmf_events_total 1.0");
    }

    @Test
    void translatesBetweenMuLawAndALawLegs() throws IOException {
        bridgeBoth(G711.PCMU, 101, G711.PCMA, 101);
        byte[] mu = payload(3);
        phoneA.send(legA.localAddress(), 0, false, 1, 0, 1, mu);
        TestPhone.Received r = phoneB.receive();
        assertThat(r.payloadType()).isEqualTo(8);
        for (int i = 0; i < mu.length; i++) {
            assertThat(r.payload()[i]).isEqualTo(G711.PCMA.encode(G711.PCMU.decode(mu[i])));
        }
    }

    @Test
    void sendsNothingToAPeerThatPutUsOnHoldAndNothingWhenUnbridged() throws IOException {
        bridgeBoth(G711.PCMU, 101, G711.PCMU, 101);
        legB.configure(new RemoteMedia(phoneB.address(), G711.PCMU, 101, MediaDirection.SENDONLY));
        phoneA.send(legA.localAddress(), 0, false, 1, 0, 1, payload(1));
        assertThat(phoneB.receive(300)).isNull();

        legB.configure(new RemoteMedia(phoneB.address(), G711.PCMU, 101, MediaDirection.SENDRECV));
        phoneA.send(legA.localAddress(), 0, false, 2, 160, 1, payload(2));
        assertThat(phoneB.receive().payload()).isEqualTo(payload(2));

        engine.unbridge(legA, legB);
        phoneA.send(legA.localAddress(), 0, false, 3, 320, 1, payload(3));
        assertThat(phoneB.receive(300)).isNull();
    }

    @Test
    void releasingLegsClosesTheirPortsAndUpdatesTheGauge() throws Exception {
        int port = legA.localPort();
        engine.release(legA);
        engine.release(legB);
        await().atMost(Duration.ofSeconds(2)).until(() -> engine.activeLegs() == 0);
        assertThat(registry.scrape()).contains("rtp_legs_active 0.0");
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(new InetSocketAddress("127.0.0.1", port))) {
            assertThat(s.getLocalPort()).isEqualTo(port);
        }
    }
}
