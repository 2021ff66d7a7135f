package dev.cti.gateway.media;

import dev.cti.gateway.media.dtls.DtlsFingerprint;
import dev.cti.gateway.media.dtls.DtlsIdentity;
import dev.cti.gateway.media.dtls.DtlsSrtpHandshake;
import dev.cti.gateway.media.ice.IceCredentials;
import dev.cti.gateway.media.ice.IceLiteResponder;
import dev.cti.gateway.media.sdp.DtlsLocal;
import dev.cti.gateway.media.sdp.DtlsRemote;
import dev.cti.pki.Credential;
import dev.cti.protocol.srtp.SrtpKeys;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DTLS-SRTP for the legs of one {@link MediaEngine} (docs/MEDIA.md, "WebRTC-style legs"): the gateway's DTLS
 * certificate (made at start with the {@code pki} module), fresh ICE-lite credentials per leg, and the set-up of a
 * leg: its socket answers STUN and carries the DTLS handshake ({@link WebRtcDemux}), the handshake runs on a
 * {@code dtls} thread (BouncyCastle's DTLS blocks), and its exported keys become the leg's SRTP session, the same
 * one SDES legs use. Until then the leg drops every packet both ways.
 */
final class DtlsSrtpLegs {
    private static final Logger LOG = LoggerFactory.getLogger(DtlsSrtpLegs.class);

    private final SecureRandom random = new SecureRandom();
    private final Credential identity = DtlsIdentity.create(random, Instant.now());
    private final DtlsFingerprint fingerprint = DtlsIdentity.fingerprint(identity);
    private final ExecutorService handshakes = Executors.newCachedThreadPool(new DefaultThreadFactory("dtls", true));
    private final MediaMetrics metrics;
    private final java.security.Provider provider = DtlsSrtpHandshake.newProvider();

    DtlsSrtpLegs(MediaMetrics metrics) {
        this.metrics = metrics;
    }

    /** What a new leg's SDP says for DTLS-SRTP: fresh ICE credentials and the engine's fingerprint. */
    DtlsLocal newLocal() {
        return new DtlsLocal(IceCredentials.random(random), fingerprint);
    }

    /**
     * Makes {@code leg} a DTLS-SRTP leg as agreed: SRTP-only at once, STUN answered with {@code local}'s credentials,
     * the handshake started in {@code remote}'s role. Call it before our SDP leaves. The future completes with the
     * keys the leg now uses, or fails (certificate not the SDP's fingerprint, timeout, leg released).
     */
    CompletableFuture<SrtpKeys> attach(RtpLeg leg, DtlsLocal local, DtlsRemote remote) {
        leg.requireSrtp();
        InetSocketAddress sdpAddress = leg.remote().map(RemoteMedia::address).orElse(null);
        WebRtcDemux demux = new WebRtcDemux(leg.channel(), new IceLiteResponder(local.ice(), null), metrics,
                sdpAddress);
        DtlsSrtpHandshake handshake = new DtlsSrtpHandshake(remote.ourRole(), identity, remote.fingerprint(),
                demux::sendDtls, random, provider);
        demux.handshake(handshake);
        leg.channel().pipeline().addBefore("decoder", "webrtc", demux);
        if (!leg.channel().isOpen()) {
            handshake.close();
        }
        return handshake.start(handshakes).whenComplete((keys, failure) -> {
            if (failure == null) {
                leg.srtpKeys(keys);
                LOG.debug("{}: DTLS-SRTP keyed ({})", leg, keys.suite());
            } else {
                Throwable root = failure;
                while (root.getCause() != null && root.getCause() != root) {
                    root = root.getCause();
                }
                DtlsFailure reason = DtlsFailure.of(failure);
                metrics.dtlsFailed(reason);
                // the leg (its ports) and the peer's address, never a number: the call's id is logged by the B2BUA
                // closed: the leg ended first (the call is over), not the peer's fault: no warning
                LOG.atLevel(reason == DtlsFailure.CLOSED ? org.slf4j.event.Level.INFO : org.slf4j.event.Level.WARN)
                        .log("{}: DTLS-SRTP handshake failed ({}) with {} as DTLS {}: {} ({})", leg, reason.tag(),
                        demux.peer(), remote.ourRole() == dev.cti.gateway.media.dtls.DtlsRole.SERVER ? "server"
                                : "client", failure.getMessage(), root.toString());
                LOG.debug("{}: DTLS-SRTP handshake failure", leg, failure);
            }
        });
    }

    void stop() {
        handshakes.shutdownNow();
    }
}
