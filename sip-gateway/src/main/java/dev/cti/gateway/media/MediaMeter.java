package dev.cti.gateway.media;

/**
 * The catalogue of the media layer's meters: every name and help text in one place. Names are
 * Micrometer's dotted form; the Prometheus registry turns {@code rtp.packets.relayed} (a counter)
 * into {@code rtp_packets_relayed_total}. No per-call tags.
 */
public enum MediaMeter {
    PACKETS_RELAYED("rtp.packets.relayed", "RTP packets relayed from one leg to its bridged leg"),
    PACKETS_PLAYED("rtp.packets.played", "RTP packets of prompts and music on hold sent to legs"),
    PACKETS_MIXED("rtp.packets.mixed", "RTP packets of supervisor monitoring mixes (listen, whisper, barge, takeover) sent to legs"),
    PACKETS_LOST("rtp.packets.lost", "RTP packets found missing from sequence-number gaps on inbound streams"),
    PACKETS_DROPPED("rtp.packets.dropped", "RTP packets dropped, by reason (tag reason): inbound ones, and outbound ones SRTP could not protect (srtp_send)"),
    DTMF_EVENTS("rtp.dtmf.events", "RFC 4733 key presses detected"),
    LEGS_INACTIVE("rtp.legs.inactive", "Times a leg was reported as receiving no RTP for the inactivity timeout"),
    LEGS_ACTIVE("rtp.legs.active", "RTP legs allocated now"),
    PORTS_CAPACITY("rtp.ports.capacity", "RTP/RTCP port pairs in the configured range");

    private final String meterName;
    private final String help;

    MediaMeter(String meterName, String help) {
        this.meterName = meterName;
        this.help = help;
    }

    public String meterName() {
        return meterName;
    }

    public String help() {
        return help;
    }

    /** Values of the {@code reason} tag of {@link #PACKETS_DROPPED}. */
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
        SRTP_SEND("srtp_send");

        private final String tag;

        DropReason(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }
}
