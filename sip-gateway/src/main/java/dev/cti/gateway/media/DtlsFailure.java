package dev.cti.gateway.media;

import java.util.Locale;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsTimeoutException;

/**
 * Why a DTLS-SRTP handshake gave no keys: the tag of {@code rtp_dtls_handshakes_failed_total} (docs/MEDIA.md,
 * "WebRTC-style legs").
 */
enum DtlsFailure {
    /** The peer's certificate is not the one its SDP's a=fingerprint names (our bad_certificate alert). */
    FINGERPRINT,
    /** No complete handshake within the handshake timeout (the peer never reached us, or stopped answering). */
    TIMEOUT,
    /** The leg was released before the keys (the call ended first). */
    CLOSED,
    /** Anything else: an alert from the peer, no common SRTP profile, a malformed record. */
    ERROR;

    String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The reason of a handshake's failure, from the exception and its causes. */
    static DtlsFailure of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TlsTimeoutException) {
                return TIMEOUT;
            }
            if (t instanceof TlsFatalAlert alert && alert.getAlertDescription() == AlertDescription.bad_certificate) {
                return FINGERPRINT;
            }
            if ("DTLS handshake closed".equals(t.getMessage())) {
                return CLOSED;
            }
        }
        return ERROR;
    }
}
