package dev.cti.gateway.media.sdp;

import dev.cti.gateway.media.dtls.DtlsFingerprint;
import dev.cti.gateway.media.dtls.DtlsRole;
import java.util.Objects;

/**
 * What an offer/answer agreed for a DTLS-SRTP leg: the fingerprint the peer's certificate must have, our end of the
 * handshake ({@code a=setup}), whether RTCP is multiplexed on the RTP port, and the peer's ICE ufrag.
 */
public record DtlsRemote(DtlsFingerprint fingerprint, DtlsRole ourRole, boolean rtcpMux, String iceUfrag) {
    public DtlsRemote {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(ourRole, "ourRole");
    }
}
