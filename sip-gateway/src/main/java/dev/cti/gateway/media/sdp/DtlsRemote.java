package dev.cti.gateway.media.sdp;

import dev.cti.gateway.media.dtls.DtlsFingerprint;
import dev.cti.gateway.media.dtls.DtlsRole;
import java.util.Objects;

/**
 * What an offer/answer agreed for a DTLS-SRTP leg: the fingerprint the peer's certificate must have, our end of the
 * handshake ({@code a=setup}), whether RTCP is multiplexed on the RTP port, the peer's ICE ufrag, and the stream's
 * {@code a=mid} (null when none) and whether it is in an {@code a=group:BUNDLE} (RFC 8843): what a browser offers and
 * expects echoed, and what our own offers to a browser say.
 */
public record DtlsRemote(DtlsFingerprint fingerprint, DtlsRole ourRole, boolean rtcpMux, String iceUfrag, String mid,
                         boolean bundle) {
    public DtlsRemote {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(ourRole, "ourRole");
    }

    /** Without a=mid or BUNDLE (baresip's offers). */
    public DtlsRemote(DtlsFingerprint fingerprint, DtlsRole ourRole, boolean rtcpMux, String iceUfrag) {
        this(fingerprint, ourRole, rtcpMux, iceUfrag, null, false);
    }
}
