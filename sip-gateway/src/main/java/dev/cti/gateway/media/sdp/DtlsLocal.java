package dev.cti.gateway.media.sdp;

import dev.cti.gateway.media.dtls.DtlsFingerprint;
import dev.cti.gateway.media.ice.IceCredentials;
import java.util.Objects;

/**
 * What our SDP says on a DTLS-SRTP leg (docs/MEDIA.md, "WebRTC-style legs"): the leg's ICE-lite credentials and the
 * fingerprint of the gateway's DTLS certificate.
 */
public record DtlsLocal(IceCredentials ice, DtlsFingerprint fingerprint) {
    public DtlsLocal {
        Objects.requireNonNull(ice, "ice");
        Objects.requireNonNull(fingerprint, "fingerprint");
    }
}
