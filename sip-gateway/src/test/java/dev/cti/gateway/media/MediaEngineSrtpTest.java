package dev.cti.gateway.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.gateway.media.srtp.SrtpSession;
import dev.cti.protocol.audio.G711;
import dev.cti.protocol.audio.Goertzel;
import dev.cti.protocol.audio.ToneGenerator;
import dev.cti.protocol.sdp.MediaDirection;
import dev.cti.protocol.srtp.SrtpKey;
import dev.cti.protocol.srtp.SrtpKeys;
import dev.cti.protocol.srtp.SrtpSuite;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SRTP in the real packet path over loopback UDP: an SRTP phone and a plain phone bridged hear each other by signal
 * (the gateway decrypts and encrypts), the recording tap reads plain audio both ways, and forged, plain, replayed and
 * early packets are dropped, counted and never latch or reach the other phone.
 */
class MediaEngineSrtpTest {
    private static final int PACKETS = 50;
    private static final SrtpSuite SUITE = SrtpSuite.AES_CM_128_HMAC_SHA1_80;

    private final Random random = new Random(5);
    private final SrtpKey gatewayKey = SrtpKey.random(random);
    private final SrtpKey phoneKey = SrtpKey.random(random);

    @BeforeAll
    static void warm() {
        SrtpSession.warmUp();
    }

    @Test
    void anSrtpPhoneAndAPlainPhoneHearEachOtherAndTheTapHearsPlainAudio() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (MediaEngine engine = MediaEngineFixture.start(registry, MediaListener.NONE, 30);
             TestPhone srtpPhone = new TestPhone();
             TestPhone plainPhone = new TestPhone()) {
            MediaLeg secure = engine.allocateLeg().get(5, TimeUnit.SECONDS);
            MediaLeg plain = engine.allocateLeg(secure).get(5, TimeUnit.SECONDS);
            secure.requireSrtp();
            secure.configure(new RemoteMedia(srtpPhone.address(), G711.PCMU, 101, MediaDirection.SENDRECV)
                    .withSrtp(new SrtpKeys(SUITE, gatewayKey, phoneKey)));
            plain.configure(new RemoteMedia(plainPhone.address(), G711.PCMU, 101, MediaDirection.SENDRECV));
            assertThat(secure.srtp()).isTrue();
            assertThat(plain.srtp()).isFalse();
            List<byte[]> tapReceived = new CopyOnWriteArrayList<>();
            List<byte[]> tapSent = new CopyOnWriteArrayList<>();
            engine.tap(secure, new LegTap() {
                @Override
                public void received(G711 law, ByteBuf buf, int index, int length) {
                    tapReceived.add(ByteBufUtil.getBytes(buf, index, length));
                }

                @Override
                public void sent(G711 law, ByteBuf buf, int index, int length) {
                    tapSent.add(ByteBufUtil.getBytes(buf, index, length));
                }
            });
            engine.bridge(secure, plain);
            SrtpSession phone = SrtpSession.of(new SrtpKeys(SUITE, phoneKey, gatewayKey));

            ToneGenerator toneA = ToneGenerator.at8kHz(12000, 440);
            ToneGenerator toneB = ToneGenerator.at8kHz(12000, 880);
            byte[] frame = new byte[160];
            for (int i = 0; i < PACKETS; i++) {
                G711.PCMU.encode(toneA.next(160), 0, 160, frame, 0);
                srtpPhone.sendRaw(secure.localAddress(), protect(phone, i, 0xAAAA, frame));
                G711.PCMU.encode(toneB.next(160), 0, 160, frame, 0);
                plainPhone.send(plain.localAddress(), 0, i == 0, 1000 + i, i * 160L, 0xBBBB, frame);
            }
            short[] heardByPlain = new short[PACKETS * 160];
            short[] heardBySrtpDecrypted = new short[PACKETS * 160];
            short[] heardBySrtpOnTheWire = new short[PACKETS * 160];
            for (int i = 0; i < PACKETS; i++) {
                TestPhone.Received r = plainPhone.receive();
                assertThat(r.payload()).as("plain leg: plain 160-byte payloads").hasSize(160);
                System.arraycopy(G711.PCMU.decode(r.payload()), 0, heardByPlain, i * 160, 160);
                TestPhone.Received s = srtpPhone.receive();
                assertThat(s.payload()).as("SRTP leg: payload and 80-bit tag").hasSize(160 + SUITE.tagLength());
                System.arraycopy(G711.PCMU.decode(java.util.Arrays.copyOf(s.payload(), 160)), 0, heardBySrtpOnTheWire,
                        i * 160, 160);
                ByteBuf wire = Unpooled.buffer().writeBytes(header(s)).writeBytes(s.payload());
                assertThat(phone.unprotect(wire)).isEqualTo(SrtpSession.Verdict.OK);
                System.arraycopy(G711.PCMU.decode(ByteBufUtil.getBytes(wire, 12, 160)), 0, heardBySrtpDecrypted,
                        i * 160, 160);
                wire.release();
            }
            assertThat(Goertzel.relativePower(heardByPlain, 440)).as("the plain phone hears the SRTP phone").isGreaterThan(0.8);
            assertThat(Goertzel.relativePower(heardBySrtpDecrypted, 880)).as("the SRTP phone hears the plain one")
                    .isGreaterThan(0.8);
            assertThat(Goertzel.relativePower(heardBySrtpOnTheWire, 880)).as("but not in clear on the wire").isLessThan(0.05);
            assertThat(Goertzel.relativePower(pcm(tapReceived), 440)).as("the tap reads the SRTP phone decrypted")
                    .isGreaterThan(0.8);
            assertThat(Goertzel.relativePower(pcm(tapSent), 880)).as("the tap reads what is sent before encryption")
                    .isGreaterThan(0.8);
            assertThat(dropped(registry, "srtp_auth") + dropped(registry, "srtp_replay")).isZero();
        }
    }

    @Test
    void forgedPlainAndReplayedPacketsAreDroppedCountedAndNeverLatch() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (MediaEngine engine = MediaEngineFixture.start(registry, MediaListener.NONE, 30);
             TestPhone srtpPhone = new TestPhone();
             TestPhone forger = new TestPhone(); // same host, another port: the NAT rule would let it latch
             TestPhone plainPhone = new TestPhone()) {
            MediaLeg secure = engine.allocateLeg().get(5, TimeUnit.SECONDS);
            MediaLeg plain = engine.allocateLeg(secure).get(5, TimeUnit.SECONDS);
            secure.configure(new RemoteMedia(srtpPhone.address(), G711.PCMU, 101, MediaDirection.SENDRECV)
                    .signalledFrom(srtpPhone.address().getAddress()).withSrtp(new SrtpKeys(SUITE, gatewayKey, phoneKey)));
            plain.configure(new RemoteMedia(plainPhone.address(), G711.PCMU, 101, MediaDirection.SENDRECV));
            engine.bridge(secure, plain);
            SrtpSession phone = SrtpSession.of(new SrtpKeys(SUITE, phoneKey, gatewayKey));
            SrtpSession wrongKey = SrtpSession.of(new SrtpKeys(SUITE, SrtpKey.random(random), gatewayKey));
            byte[] frame = new byte[160];

            forger.sendRaw(secure.localAddress(), protect(wrongKey, 1, 0xAAAA, frame)); // another key
            forger.send(secure.localAddress(), 0, false, 2, 320, 0xAAAA, frame);        // plain RTP
            awaitDropped(registry, "srtp_auth", 2);
            assertThat(plainPhone.receive(300)).as("nothing forged is relayed").isNull();

            byte[] genuine = protect(phone, 3, 0xAAAA, frame);
            srtpPhone.sendRaw(secure.localAddress(), genuine);
            assertThat(plainPhone.receive().seq()).isNotNegative();
            srtpPhone.sendRaw(secure.localAddress(), genuine); // replayed
            awaitDropped(registry, "srtp_replay", 1);
            assertThat(plainPhone.receive(300)).as("a replay is not relayed").isNull();
            byte[] tampered = protect(phone, 4, 0xAAAA, frame);
            tampered[20] ^= 1;
            srtpPhone.sendRaw(secure.localAddress(), tampered);
            awaitDropped(registry, "srtp_auth", 3);

            plainPhone.send(plain.localAddress(), 0, true, 9, 0, 0xBBBB, frame);
            assertThat(srtpPhone.receive().payload()).as("latched to the genuine phone").hasSize(160 + SUITE.tagLength());
            assertThat(forger.receive(300)).as("the forger never latched").isNull();
        }
    }

    @Test
    void anSrtpLegWithoutKeysLetsNothingThroughEitherWay() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (MediaEngine engine = MediaEngineFixture.start(registry, MediaListener.NONE, 30);
             TestPhone srtpPhone = new TestPhone();
             TestPhone plainPhone = new TestPhone()) {
            MediaLeg secure = engine.allocateLeg().get(5, TimeUnit.SECONDS);
            MediaLeg plain = engine.allocateLeg(secure).get(5, TimeUnit.SECONDS);
            secure.requireSrtp(); // our RTP/SAVP offer left; the answer has not come
            secure.configure(new RemoteMedia(srtpPhone.address(), G711.PCMU, 101, MediaDirection.SENDRECV));
            plain.configure(new RemoteMedia(plainPhone.address(), G711.PCMU, 101, MediaDirection.SENDRECV));
            engine.bridge(secure, plain);
            byte[] frame = new byte[160];
            srtpPhone.send(secure.localAddress(), 0, true, 1, 0, 0xAAAA, frame);
            awaitDropped(registry, "srtp_auth", 1);
            plainPhone.send(plain.localAddress(), 0, true, 1, 0, 0xBBBB, frame);
            awaitDropped(registry, "srtp_send", 1);
            assertThat(plainPhone.receive(300)).isNull();
            assertThat(srtpPhone.receive(300)).as("nothing plain leaves an SRTP leg").isNull();
        }
    }

    private static byte[] protect(SrtpSession session, int seq, long ssrc, byte[] payload) {
        ByteBuf p = Unpooled.buffer(12 + payload.length + 16);
        p.writeByte(0x80).writeByte(seq == 0 ? 0x80 : 0).writeShort(seq).writeInt(seq * 160).writeInt((int) ssrc)
                .writeBytes(payload);
        assertThat(session.protect(p)).isTrue();
        byte[] bytes = ByteBufUtil.getBytes(p);
        p.release();
        return bytes;
    }

    private static byte[] header(TestPhone.Received r) {
        ByteBuf h = Unpooled.buffer(12);
        h.writeByte(0x80).writeByte((r.marker() ? 0x80 : 0) | r.payloadType()).writeShort(r.seq())
                .writeInt((int) r.ts()).writeInt((int) r.ssrc());
        byte[] bytes = ByteBufUtil.getBytes(h);
        h.release();
        return bytes;
    }

    private static short[] pcm(List<byte[]> payloads) {
        List<Short> all = new ArrayList<>();
        for (byte[] p : payloads) {
            for (short s : G711.PCMU.decode(p)) {
                all.add(s);
            }
        }
        short[] out = new short[all.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = all.get(i);
        }
        return out;
    }

    private static double dropped(SimpleMeterRegistry registry, String reason) {
        var c = registry.find("rtp.packets.dropped").tag("reason", reason).counter();
        return c == null ? 0 : c.count();
    }

    private static void awaitDropped(SimpleMeterRegistry registry, String reason, int count) {
        org.awaitility.Awaitility.await(reason + " >= " + count).atMost(java.time.Duration.ofSeconds(3))
                .until(() -> dropped(registry, reason) >= count);
    }

}
