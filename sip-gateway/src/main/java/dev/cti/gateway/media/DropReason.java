package dev.cti.gateway.media;

/** Values of the {@code reason} tag of {@link dev.cti.gateway.GatewayMeters#RTP_PACKETS_DROPPED}. */
public enum DropReason {
    INVALID("invalid"),
    UNEXPECTED_SOURCE("unexpected_source"),
    /** From the latched source, but not the SSRC pinned there (issue 13). */
    UNEXPECTED_SSRC("unexpected_ssrc"),
    UNEXPECTED_PAYLOAD_TYPE("unexpected_payload_type"),
    NO_TARGET("no_target"),
    /** On an SRTP leg: the authentication tag did not verify (forged, corrupted, another key, plain RTP). */
    SRTP_AUTH("srtp_auth"),
    /** On an SRTP leg: authentic but replayed, or older than the replay window (RFC 3711 §3.3.2). */
    SRTP_REPLAY("srtp_replay"),
    /** On an SRTP leg: an outbound packet the transform refused (no keys yet); not sent. */
    SRTP_SEND("srtp_send"),
    /** On a DTLS-SRTP leg: a STUN message not answered (malformed, not a Binding request, another ufrag, wrong integrity). */
    STUN_REFUSED("stun_refused"),
    /** On a DTLS-SRTP leg: a DTLS record after the handshake and its lingering, or beyond its bounded queue. */
    DTLS_DROPPED("dtls_dropped");

    private final String tag;

    DropReason(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }
}
