package dev.cti.gateway.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.gateway.media.dtmf.TelephoneEvent;
import dev.cti.gateway.media.rtp.RtpPacket;
import dev.cti.gateway.media.rtp.RtpPacketDecoder;
import dev.cti.gateway.media.rtp.RtpStreamRewriter;
import dev.cti.gateway.media.rtp.RtpTestPackets;
import dev.cti.protocol.audio.G711;
import dev.cti.protocol.sdp.MediaDirection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A leg's pipeline (decoder + {@link RtpLegHandler}) on an {@link EmbeddedChannel} with a fake clock:
 * every buffer that goes in is released or handed on, never leaked.
 */
class RtpLegHandlerTest {

    private static final InetSocketAddress PHONE = new InetSocketAddress("127.0.0.1", 40000);
    private static final InetSocketAddress NAT = new InetSocketAddress("127.0.0.1", 40002);
    private static final InetSocketAddress OTHER = new InetSocketAddress("127.0.0.1", 40004);
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 30000);

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<String> events = new ArrayList<>();
    private final List<RtpPacket> sunk = new ArrayList<>();
    private final List<ByteBuf> sent = new ArrayList<>();
    private EmbeddedChannel channel;
    private EmbeddedChannel rtcp;
    private RtpLeg leg;

    @BeforeEach
    void setUp() {
        MediaMetrics metrics = new MediaMetrics(() -> 1, 100);
        metrics.bindTo(registry);
        channel = new EmbeddedChannel();
        rtcp = new EmbeddedChannel();
        MediaListener listener = new MediaListener() {
            @Override
            public void onDtmf(MediaLeg l, char digit) {
                events.add("dtmf " + digit);
            }

            @Override
            public void onInactive(MediaLeg l, Duration silentFor) {
                events.add("inactive " + silentFor.toSeconds());
            }
        };
        leg = new RtpLeg(1, channel, rtcp, metrics, listener, now::get,
                new RtpStreamRewriter(0x5EED, 100, 1000, now::get), Duration.ofSeconds(30));
        channel.pipeline().addLast(new RtpPacketDecoder(reason -> metrics.dropped(DropReason.INVALID)),
                new RtpLegHandler(leg));
        leg.swapSink((from, packet) -> sunk.add(packet));
        leg.configure(new RemoteMedia(PHONE, G711.PCMU, 101, MediaDirection.SENDRECV));
        channel.runPendingTasks();
    }

    @AfterEach
    void tearDown() {
        sunk.forEach(RtpPacket::release);
        sent.forEach(ByteBuf::release);
        channel.finishAndReleaseAll();
        rtcp.finishAndReleaseAll();
    }

    private ByteBuf receive(InetSocketAddress from, int pt, int seq, long ts, byte[] payload) {
        ByteBuf buf = RtpTestPackets.buf(pt, false, seq, ts, 0xAB, payload);
        channel.writeInbound(new DatagramPacket(buf, LOCAL, from));
        return buf;
    }

    private double dropped(String reason) {
        return registry.get("rtp.packets.dropped").tag("reason", reason).counter().count();
    }

    @Test
    void handsAudioToTheSinkAndReleasesWhatItDrops() {
        ByteBuf audio = receive(PHONE, 0, 1, 160, new byte[160]);
        assertThat(sunk).hasSize(1);
        assertThat(sunk.get(0).content()).isSameAs(audio);

        ByteBuf video = receive(PHONE, 96, 2, 320, new byte[10]);          // not negotiated
        ByteBuf intruder = receive(OTHER, 0, 9, 0, new byte[160]);          // not the latched source
        ByteBuf garbage = io.netty.buffer.Unpooled.wrappedBuffer(new byte[] {1, 2, 3});
        channel.writeInbound(new DatagramPacket(garbage, LOCAL, PHONE));
        ByteBuf shortEvent = receive(PHONE, 101, 3, 480, new byte[2]);     // telephone-event too short

        assertThat(sunk).hasSize(1);
        assertThat(video.refCnt()).isZero();
        assertThat(intruder.refCnt()).isZero();
        assertThat(garbage.refCnt()).isZero();
        assertThat(shortEvent.refCnt()).isZero();
        assertThat(dropped("unexpected_payload_type")).isEqualTo(1);
        assertThat(dropped("unexpected_source")).isEqualTo(1);
        assertThat(dropped("invalid")).isEqualTo(2);
        Object left = channel.readInbound();
        assertThat(left).isNull();
    }

    // ---- latching onto the signalled peer (issue 13) ----------------------------------------------------------

    /** Another host: never the peer, whatever its port. */
    private static final InetSocketAddress STRANGER = new InetSocketAddress("127.0.0.9", 40000);

    private void configure(InetSocketAddress sdp, String signallingHost) {
        try {
            leg.configure(new RemoteMedia(sdp, G711.PCMU, 101, MediaDirection.SENDRECV)
                    .signalledFrom(signallingHost == null ? null : java.net.InetAddress.getByName(signallingHost)));
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        channel.runPendingTasks();
    }

    private ByteBuf receive(InetSocketAddress from, int seq, long ssrc) {
        ByteBuf buf = RtpTestPackets.buf(0, false, seq, seq * 160L, ssrc, new byte[160]);
        channel.writeInbound(new DatagramPacket(buf, LOCAL, from));
        return buf;
    }

    @Test
    void aStrangerIsDroppedBeforeLatchingAndAfterTheLatchedSourceFellSilent() {
        configure(PHONE, "127.0.0.1");
        ByteBuf first = receive(STRANGER, 0, 1, 160, new byte[160]);
        assertThat(first.refCnt()).as("the stranger's packet is released unread").isZero();
        assertThat(sunk).isEmpty();
        assertThat(leg.sendTarget()).as("a stranger does not latch the leg").contains(PHONE);

        receive(PHONE, 0, 1, 160, new byte[160]);
        assertThat(sunk).hasSize(1);
        now.addAndGet(Duration.ofMillis(1500).toNanos());
        ByteBuf afterSilence = receive(STRANGER, 0, 2, 320, new byte[160]);
        assertThat(afterSilence.refCnt()).isZero();
        assertThat(leg.sendTarget()).as("silence never moves the leg").contains(PHONE);
        receive(PHONE, 0, 2, 320, new byte[160]);
        assertThat(sunk).hasSize(2);
        assertThat(dropped("unexpected_source")).isEqualTo(2);
    }

    @Test
    void aNewSdpMovesTheLegAndTheOldSourceIsAStrangerThen() {
        configure(PHONE, "127.0.0.1");
        receive(PHONE, 0, 1, 160, new byte[160]);
        InetSocketAddress moved = new InetSocketAddress("127.0.0.3", 41000);
        configure(moved, "127.0.0.3"); // re-INVITE from the phone's new address
        assertThat(leg.sendTarget()).contains(moved);
        ByteBuf old = receive(PHONE, 0, 2, 320, new byte[160]);
        assertThat(old.refCnt()).isZero();
        receive(moved, 0, 3, 480, new byte[160]);
        assertThat(sunk).hasSize(2);
        assertThat(leg.sendTarget()).contains(moved);
        assertThat(dropped("unexpected_source")).isEqualTo(1);
    }

    @Test
    void aPhoneBehindNatSendsFromItsSignallingAddressWithAnotherPort() {
        InetSocketAddress privateSdp = new InetSocketAddress("192.168.1.10", 4000);
        configure(privateSdp, "127.0.0.1"); // its SIP came from 127.0.0.1
        receive(NAT, 0, 1, 160, new byte[160]);
        assertThat(sunk).hasSize(1);
        assertThat(leg.sendTarget()).as("latched: answers go to the NAT's mapping").contains(NAT);
        leg.setOutputSource("player");
        leg.send("player", RtpTestPackets.packet(0, 1, 160, 0x77, new byte[160]), false);
        DatagramPacket out = channel.readOutbound();
        sent.add(out.content());
        assertThat(out.recipient()).isEqualTo(NAT);

        ByteBuf otherPort = receive(OTHER, 0, 2, 320, new byte[160]); // same host, but not the latched source
        assertThat(otherPort.refCnt()).isZero();
        assertThat(dropped("unexpected_source")).isEqualTo(1);
    }

    @Test
    void aForeignSsrcFromTheRightAddressIsDroppedOnceTheSsrcIsPinned() {
        configure(PHONE, "127.0.0.1");
        receive(PHONE, 1, 0xAAAA);
        receive(PHONE, 2, 0xBBBB); // not pinned yet: a stream may still start over
        for (int seq = 3; seq < 3 + dev.cti.gateway.media.rtp.SourceLatch.PIN_AFTER_PACKETS; seq++) {
            receive(PHONE, seq, 0xBBBB);
        }
        assertThat(sunk).hasSize(2 + dev.cti.gateway.media.rtp.SourceLatch.PIN_AFTER_PACKETS);
        ByteBuf foreign = receive(PHONE, 9, 0xCCCC);
        assertThat(foreign.refCnt()).isZero();
        assertThat(dropped("unexpected_ssrc")).isEqualTo(1);
        receive(PHONE, 10, 0xBBBB);
        assertThat(sunk).hasSize(3 + dev.cti.gateway.media.rtp.SourceLatch.PIN_AFTER_PACKETS);

        configure(PHONE, "127.0.0.1"); // re-INVITE with the same address (resume): the stream may restart
        receive(PHONE, 1, 0xCCCC);
        assertThat(sunk).hasSize(4 + dev.cti.gateway.media.rtp.SourceLatch.PIN_AFTER_PACKETS);
        assertThat(leg.sendTarget()).contains(PHONE);
    }

    @Test
    void withoutASignallingHostOnlyTheSdpAddressIsThePeer() {
        ByteBuf samePortOtherHost = receive(OTHER, 0, 1, 160, new byte[160]);
        assertThat(samePortOtherHost.refCnt()).isZero();
        receive(PHONE, 0, 2, 320, new byte[160]);
        assertThat(sunk).hasSize(1);
    }

    @Test
    void reportsDtmfOnceAndInactivityOnceByTheInjectedClock() {
        for (int i = 0; i < 3; i++) {
            receive(PHONE, 101, 10 + i, 8000, new TelephoneEvent(11, false, 10, 160 * (i + 1)).toBytes());
        }
        for (int i = 0; i < 3; i++) {
            receive(PHONE, 101, 13 + i, 8000, new TelephoneEvent(11, true, 10, 640).toBytes());
        }
        assertThat(events).containsExactly("dtmf #");
        assertThat(sunk).as("events are passed on too").hasSize(6);

        now.addAndGet(Duration.ofSeconds(29).toNanos());
        leg.checkInactivity();
        assertThat(events).containsExactly("dtmf #");
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        leg.checkInactivity();
        leg.checkInactivity();
        assertThat(events).containsExactly("dtmf #", "inactive 31");
    }

    @Test
    void sendRewritesTheHeaderAndWritesToTheTarget() {
        leg.setOutputSource("player");
        RtpPacket packet = RtpTestPackets.packet(8, 7, 70, 0x77, new byte[] {(byte) 0xD5, (byte) 0xD5});
        leg.send("player", packet, false);
        DatagramPacket out = channel.readOutbound();
        sent.add(out.content());
        assertThat(out.recipient()).isEqualTo(PHONE);
        ByteBuf b = out.content();
        assertThat(b.getByte(1) & 0x7F).as("A-law translated to the leg's µ-law").isZero();
        assertThat(b.getUnsignedShort(2)).isEqualTo(100);
        assertThat(b.getUnsignedInt(4)).isEqualTo(1000);
        assertThat(b.getUnsignedInt(8)).isEqualTo(0x5EED);
        assertThat(b.getByte(12)).isEqualTo(G711.PCMU.encode(G711.PCMA.decode((byte) 0xD5)));

        RtpPacket notCurrentSource = RtpTestPackets.packet(0, 8, 230, 0x77, new byte[2]);
        leg.send("someone else", notCurrentSource, true);
        assertThat(notCurrentSource.refCnt()).isZero();
        Object none = channel.readOutbound();
        assertThat(none).isNull();
    }
}
