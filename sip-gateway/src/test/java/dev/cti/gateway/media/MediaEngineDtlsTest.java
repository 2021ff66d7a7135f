package dev.cti.gateway.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cti.gateway.media.dtls.DtlsIdentity;
import dev.cti.gateway.media.dtls.DtlsRole;
import dev.cti.gateway.media.dtls.DtlsSrtpHandshake;
import dev.cti.gateway.media.ice.StunMessage;
import dev.cti.gateway.media.ice.StunRequests;
import dev.cti.gateway.media.sdp.DtlsLocal;
import dev.cti.gateway.media.sdp.DtlsRemote;
import dev.cti.gateway.media.srtp.SrtpSession;
import dev.cti.pki.Credential;
import dev.cti.protocol.audio.G711;
import dev.cti.protocol.audio.Goertzel;
import dev.cti.protocol.audio.ToneGenerator;
import dev.cti.protocol.sdp.MediaDirection;
import dev.cti.protocol.srtp.SrtpKeys;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A DTLS-SRTP leg in the real packet path over loopback UDP: a WebRTC-style peer (STUN checks, BouncyCastle DTLS
 * client, SRTP with the exported keys) and a plain phone bridged hear each other by signal; a STUN check with the
 * wrong password is not answered and is counted; a handshake that gives no keys (a certificate that is not the SDP's
 * fingerprint, a leg released first) is counted by reason.
 */
class MediaEngineDtlsTest {
    private static final int PACKETS = 50;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final java.security.Provider PROVIDER = DtlsSrtpHandshake.newProvider();

    @Test
    void aWebRtcPeerChecksHandshakesAndHearsAndIsHeardThroughTheGateway() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ExecutorService threads = Executors.newCachedThreadPool();
        Credential peerId = DtlsIdentity.create(RANDOM, Instant.now());
        try (MediaEngine engine = MediaEngineFixture.start(registry, MediaListener.NONE, 30);
             WebRtcPeer peer = new WebRtcPeer();
             TestPhone plainPhone = new TestPhone()) {
            MediaLeg webrtc = engine.allocateLeg().get(5, TimeUnit.SECONDS);
            MediaLeg plain = engine.allocateLeg(webrtc).get(5, TimeUnit.SECONDS);
            DtlsLocal local = engine.newDtlsLocal();
            webrtc.configure(new RemoteMedia(peer.address(), G711.PCMU, 101, MediaDirection.SENDRECV));
            var gatewayKeys = engine.dtlsSrtp(webrtc, local,
                    new DtlsRemote(DtlsIdentity.fingerprint(peerId), DtlsRole.SERVER, true, "peer"));
            plain.configure(new RemoteMedia(plainPhone.address(), G711.PCMU, 101, MediaDirection.SENDRECV));
            engine.bridge(webrtc, plain);
            assertThat(webrtc.srtp()).as("SRTP-only before the keys").isTrue();

            // ICE: a check with our credentials is answered, signed with our password and mapping the peer
            byte[] tid = new byte[12];
            RANDOM.nextBytes(tid);
            peer.send(webrtc.localAddress(), StunRequests.binding(tid, local.ice().ufrag() + ":peer",
                    local.ice().password()));
            StunMessage answer = StunMessage.parse(peer.stun.poll(5, TimeUnit.SECONDS));
            assertThat(answer.type()).isEqualTo(StunMessage.BINDING_SUCCESS);
            assertThat(answer.transactionId()).isEqualTo(tid);
            assertThat(answer.integrityMatches(local.ice().password())).isTrue();
            assertThat(answer.fingerprintMatches()).isTrue();
            peer.send(webrtc.localAddress(), StunRequests.binding(tid, local.ice().ufrag() + ":peer", "x".repeat(22)));
            awaitDropped(registry, "stun_refused", 1);
            assertThat(peer.stun.poll(300, TimeUnit.MILLISECONDS)).as("a wrong password gets no answer").isNull();

            // DTLS: the peer connects (its a=setup:actpass made us passive)
            DtlsSrtpHandshake client = new DtlsSrtpHandshake(DtlsRole.CLIENT, peerId, local.fingerprint(),
                    d -> peer.send(webrtc.localAddress(), d), RANDOM, PROVIDER);
            peer.dtls = client;
            SrtpKeys peerKeys = client.start(threads).get(20, TimeUnit.SECONDS);
            SrtpKeys keys = gatewayKeys.get(5, TimeUnit.SECONDS);
            assertThat(keys.local()).isEqualTo(peerKeys.remote());

            SrtpSession peerSrtp = SrtpSession.of(peerKeys);
            ToneGenerator toneA = ToneGenerator.at8kHz(12000, 440);
            ToneGenerator toneB = ToneGenerator.at8kHz(12000, 880);
            byte[] frame = new byte[160];
            for (int i = 0; i < PACKETS; i++) {
                G711.PCMU.encode(toneA.next(160), 0, 160, frame, 0);
                peer.send(webrtc.localAddress(), protect(peerSrtp, i, 0xAAAA, frame));
                G711.PCMU.encode(toneB.next(160), 0, 160, frame, 0);
                plainPhone.send(plain.localAddress(), 0, i == 0, 1000 + i, i * 160L, 0xBBBB, frame);
            }
            short[] heardByPlain = new short[PACKETS * 160];
            short[] heardByPeer = new short[PACKETS * 160];
            for (int i = 0; i < PACKETS; i++) {
                System.arraycopy(G711.PCMU.decode(plainPhone.receive().payload()), 0, heardByPlain, i * 160, 160);
                byte[] wire = peer.rtp.poll(5, TimeUnit.SECONDS);
                assertThat(wire).as("SRTP packet %d to the peer", i).isNotNull();
                ByteBuf b = Unpooled.wrappedBuffer(wire);
                assertThat(peerSrtp.unprotect(b)).isEqualTo(SrtpSession.Verdict.OK);
                System.arraycopy(G711.PCMU.decode(ByteBufUtil.getBytes(b, 12, 160)), 0, heardByPeer, i * 160, 160);
            }
            assertThat(Goertzel.relativePower(heardByPlain, 440)).as("the plain phone hears the peer").isGreaterThan(0.8);
            assertThat(Goertzel.relativePower(heardByPeer, 880)).as("the peer hears the plain phone").isGreaterThan(0.8);
            assertThat(Goertzel.relativePower(heardByPlain, 880)).as("not its own tone").isLessThan(0.05);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aPeerWhoseCertificateIsNotItsFingerprintFailsTheHandshakeAndIsCountedAsAReleasedLegIs() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ExecutorService threads = Executors.newCachedThreadPool();
        Credential announced = DtlsIdentity.create(RANDOM, Instant.now());
        Credential impostor = DtlsIdentity.create(RANDOM, Instant.now());
        try (MediaEngine engine = MediaEngineFixture.start(registry, MediaListener.NONE, 30);
             WebRtcPeer peer = new WebRtcPeer()) {
            MediaLeg webrtc = engine.allocateLeg().get(5, TimeUnit.SECONDS);
            DtlsLocal local = engine.newDtlsLocal();
            webrtc.configure(new RemoteMedia(peer.address(), G711.PCMU, 101, MediaDirection.SENDRECV));
            var gatewayKeys = engine.dtlsSrtp(webrtc, local,
                    new DtlsRemote(DtlsIdentity.fingerprint(announced), DtlsRole.SERVER, true, "peer"));
            assertThat(failed(registry, "fingerprint")).isZero();
            DtlsSrtpHandshake client = new DtlsSrtpHandshake(DtlsRole.CLIENT, impostor, local.fingerprint(),
                    d -> peer.send(webrtc.localAddress(), d), RANDOM, PROVIDER);
            peer.dtls = client;
            var peerKeys = client.start(threads);
            assertThatThrownBy(() -> gatewayKeys.get(20, TimeUnit.SECONDS)).as("no keys for an impostor");
            assertThatThrownBy(() -> peerKeys.get(20, TimeUnit.SECONDS)).as("the peer is refused too");
            awaitCount(registry, "fingerprint", 1);
            assertThat(webrtc.srtp()).as("the leg stays silent").isTrue();

            MediaLeg second = engine.allocateLeg().get(5, TimeUnit.SECONDS);
            second.configure(new RemoteMedia(peer.address(), G711.PCMU, 101, MediaDirection.SENDRECV));
            var never = engine.dtlsSrtp(second, engine.newDtlsLocal(),
                    new DtlsRemote(DtlsIdentity.fingerprint(announced), DtlsRole.SERVER, true, "peer"));
            engine.release(second);
            assertThatThrownBy(() -> never.get(10, TimeUnit.SECONDS)).hasMessageContaining("closed");
            awaitCount(registry, "closed", 1);
            assertThat(failed(registry, "timeout") + failed(registry, "error")).isZero();
        } finally {
            threads.shutdownNow();
        }
    }

    private static void awaitCount(SimpleMeterRegistry registry, String reason, double atLeast)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (failed(registry, reason) < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(failed(registry, reason)).as("rtp.dtls.handshakes.failed{reason=%s}", reason).isEqualTo(atLeast);
    }

    private static double failed(SimpleMeterRegistry registry, String reason) {
        var c = registry.find("rtp.dtls.handshakes.failed").tag("reason", reason).counter();
        return c == null ? 0 : c.count();
    }

    private static void awaitDropped(SimpleMeterRegistry registry, String reason, double atLeast)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (dropped(registry, reason) < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(dropped(registry, reason)).isGreaterThanOrEqualTo(atLeast);
    }

    private static double dropped(SimpleMeterRegistry registry, String reason) {
        var c = registry.find("rtp.packets.dropped").tag("reason", reason).counter();
        return c == null ? 0 : c.count();
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

    /** A WebRTC-style peer on one loopback socket: its reader sorts datagrams by first byte like the gateway. */
    private static final class WebRtcPeer implements AutoCloseable {
        final DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        final BlockingQueue<byte[]> stun = new LinkedBlockingQueue<>();
        final BlockingQueue<byte[]> rtp = new LinkedBlockingQueue<>();
        volatile DtlsSrtpHandshake dtls;
        private final Thread reader = new Thread(this::read, "webrtc-peer");

        WebRtcPeer() throws SocketException {
            reader.setDaemon(true);
            reader.start();
        }

        InetSocketAddress address() {
            return (InetSocketAddress) socket.getLocalSocketAddress();
        }

        void send(InetSocketAddress to, byte[] datagram) {
            try {
                socket.send(new DatagramPacket(datagram, datagram.length, to));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        private void read() {
            byte[] buf = new byte[2048];
            while (!socket.isClosed()) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(p);
                } catch (IOException e) {
                    return;
                }
                byte[] d = Arrays.copyOf(p.getData(), p.getLength());
                int b0 = d[0] & 0xFF;
                if (b0 <= 3) {
                    stun.add(d);
                } else if (b0 >= 20 && b0 <= 63 && dtls != null) {
                    dtls.receive(d);
                } else if (b0 >= 128 && b0 <= 191) {
                    rtp.add(d);
                }
            }
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
