package dev.cti.gateway.media.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cti.gateway.media.srtp.SrtpSession;
import dev.cti.pki.Credential;
import dev.cti.protocol.srtp.SrtpKeys;
import dev.cti.protocol.srtp.SrtpSuite;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The DTLS-SRTP handshake between two in-process BouncyCastle endpoints, datagrams passed by hand. */
class DtlsSrtpHandshakeTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final java.security.Provider PROVIDER = DtlsSrtpHandshake.newProvider();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Credential serverId = DtlsIdentity.create(RANDOM, Instant.now());
    private final Credential clientId = DtlsIdentity.create(RANDOM, Instant.now());

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void bothEndsExportMirroredSrtpKeysThatProtectAndUnprotect() throws Exception {
        Pair p = pair(DtlsIdentity.fingerprint(clientId), DtlsIdentity.fingerprint(serverId));
        var serverKeys = p.server.start(threads);
        var clientKeys = p.client.start(threads);
        SrtpKeys server = serverKeys.get(20, TimeUnit.SECONDS);
        SrtpKeys client = clientKeys.get(20, TimeUnit.SECONDS);

        assertThat(server.suite()).isEqualTo(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        assertThat(client.suite()).isEqualTo(server.suite());
        assertThat(server.local()).isEqualTo(client.remote());
        assertThat(server.remote()).isEqualTo(client.local());
        assertThat(server.local()).isNotEqualTo(server.remote());

        SrtpSession.warmUp();
        ByteBuf packet = rtp(0x1234, 7);
        assertThat(SrtpSession.of(client).protect(packet)).isTrue();
        assertThat(SrtpSession.of(server).unprotect(packet)).isEqualTo(SrtpSession.Verdict.OK);
        assertThat(packet.getByte(packet.writerIndex() - 1)).isEqualTo((byte) 0x55);
        packet.release();
    }

    /**
     * RFC 6347 §4.2.4: our last flight (ChangeCipherSpec and Finished, epoch 1) is lost on its way; the client
     * retransmits its final flight after our handshake is over, and the server answers it with its last flight again,
     * so the client completes too. Once the peer sends media, DTLS records are refused.
     */
    @Test
    void aRetransmittedFinalFlightAfterTheHandshakeIsAnsweredUntilThePeerSendsMedia() throws Exception {
        AtomicReference<DtlsSrtpHandshake> server = new AtomicReference<>();
        AtomicReference<DtlsSrtpHandshake> client = new AtomicReference<>();
        java.util.concurrent.atomic.AtomicInteger lost = new java.util.concurrent.atomic.AtomicInteger();
        server.set(new DtlsSrtpHandshake(DtlsRole.SERVER, serverId, DtlsIdentity.fingerprint(clientId), d -> {
            boolean lastFlight = d[0] == 20 || (d[3] | d[4]) != 0; // ChangeCipherSpec, or a record of epoch 1
            if (lastFlight && !server.get().keys().isDone()) {
                lost.incrementAndGet(); // its first transmission, before the server's handshake was over
            } else {
                client.get().receive(d);
            }
        }, RANDOM, PROVIDER));
        client.set(new DtlsSrtpHandshake(DtlsRole.CLIENT, clientId, DtlsIdentity.fingerprint(serverId),
                d -> server.get().receive(d), RANDOM, PROVIDER));
        var serverKeys = server.get().start(threads);
        var clientKeys = client.get().start(threads);

        SrtpKeys s = serverKeys.get(20, TimeUnit.SECONDS);
        SrtpKeys c = clientKeys.get(20, TimeUnit.SECONDS);
        assertThat(lost.get()).as("the server's last flight was lost the first time").isPositive();
        assertThat(c.remote()).isEqualTo(s.local());
        assertThat(c.local()).isEqualTo(s.remote());

        server.get().mediaFromPeer();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> !server.get().receive(new byte[] {22, (byte) 0xFE, (byte) 0xFD}));
        client.get().close();
    }

    @Test
    void aCertificateThatIsNotTheSdpFingerprintFailsTheHandshake() {
        Credential stranger = DtlsIdentity.create(RANDOM, Instant.now());
        Pair p = pair(DtlsIdentity.fingerprint(clientId), DtlsIdentity.fingerprint(stranger));
        p.server.start(threads);
        assertThatThrownBy(() -> p.client.start(threads).get(20, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .rootCause().hasMessageContaining("bad_certificate");
        p.server.close();
    }

    @Test
    void closingStopsAHandshakeThatGetsNoAnswer() {
        DtlsSrtpHandshake lonely = new DtlsSrtpHandshake(DtlsRole.CLIENT, clientId, DtlsIdentity.fingerprint(serverId),
                d -> { }, RANDOM, PROVIDER);
        var keys = lonely.start(threads);
        lonely.close();
        assertThatThrownBy(() -> keys.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void fingerprintsParseAndPrintInSdpForm() {
        DtlsFingerprint mine = DtlsIdentity.fingerprint(serverId);
        assertThat(mine.sdpValue()).matches("sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}");
        assertThat(DtlsFingerprint.parse(mine.sdpValue().toLowerCase())).isEqualTo(mine);
        assertThat(mine.sdpValue().substring(8)).isEqualTo(serverId.fingerprint());
        assertThatThrownBy(() -> DtlsFingerprint.parse("md5 AB:CD")).hasMessageContaining("unsupported hash");
        assertThatThrownBy(() -> DtlsFingerprint.parse("sha-256 AB:CD")).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> DtlsFingerprint.parse("sha-256 zz")).hasMessageContaining("hex");
        assertThat(DtlsRole.answering("actpass")).isEqualTo(DtlsRole.SERVER);
        assertThat(DtlsRole.answering("passive")).isEqualTo(DtlsRole.CLIENT);
        assertThatThrownBy(() -> DtlsRole.answering("holdconn")).hasMessageContaining("a=setup:holdconn");
    }

    private record Pair(DtlsSrtpHandshake server, DtlsSrtpHandshake client) {
    }

    /** Server expects {@code clientPrint}, client expects {@code serverPrint}; each one's sends are the other's input. */
    private Pair pair(DtlsFingerprint clientPrint, DtlsFingerprint serverPrint) {
        AtomicReference<DtlsSrtpHandshake> server = new AtomicReference<>();
        AtomicReference<DtlsSrtpHandshake> client = new AtomicReference<>();
        server.set(new DtlsSrtpHandshake(DtlsRole.SERVER, serverId, clientPrint, d -> client.get().receive(d), RANDOM, PROVIDER));
        client.set(new DtlsSrtpHandshake(DtlsRole.CLIENT, clientId, serverPrint, d -> server.get().receive(d), RANDOM, PROVIDER));
        return new Pair(server.get(), client.get());
    }

    private static ByteBuf rtp(int ssrc, int seq) {
        ByteBuf b = Unpooled.buffer(12 + 160 + SrtpSession.MAX_TAG_LENGTH);
        b.writeByte(0x80).writeByte(0).writeShort(seq).writeInt(seq * 160).writeInt(ssrc);
        for (int i = 0; i < 160; i++) {
            b.writeByte(0x55);
        }
        return b;
    }
}
