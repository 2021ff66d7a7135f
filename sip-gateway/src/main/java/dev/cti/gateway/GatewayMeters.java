package dev.cti.gateway;

import dev.cti.meters.MeterCatalogue;
import io.micrometer.common.docs.KeyName;
import io.micrometer.core.instrument.Meter.Type;

/**
 * The gateway's meter catalogue: every meter its {@code /metrics} shows, with name, type, base unit, description
 * and tag keys, written here once (docs/METRICS.md, "Gateway"). Call sites build their meters from a constant and
 * the tag values ({@link MeterCatalogue}); {@code GatewayMeterCatalogueTest} checks that a started gateway holds no
 * meter this list does not describe and that docs/METRICS.md names every entry.
 *
 * <p>Names are Micrometer's: the Prometheus registry renders {@code sip.requests.received} (a counter) as
 * {@code sip_requests_received_total}. The {@code b2bua_*} and two of the {@code cti_link_*} names are written in
 * Prometheus' own underscore form, which renders the same; they are kept as they are because dashboards and rules
 * use them. Tags have bounded value sets: never a Call-ID, a number, a user or an address.
 */
public enum GatewayMeters implements MeterCatalogue {
    // the B2BUA
    B2BUA_CALLS_LIVE("b2bua.calls.live", Type.GAUGE, "Calls the B2BUA holds now"),
    B2BUA_CALLS_ENDED("b2bua.calls.ended", Type.COUNTER, "Calls ended, by cause", "cause"),
    B2BUA_CALLS_REFUSED("b2bua.calls.refused", Type.COUNTER, "Inbound INVITEs refused, by reason", "reason"),
    B2BUA_CALL_ERRORS("b2bua.call.errors", Type.COUNTER,
            "Call handlers that failed with an exception (the call was ended)", "kind"),
    B2BUA_UNEXPECTED_EVENTS("b2bua.unexpected.events", Type.COUNTER,
            "Events a call, leg or monitor state machine did not expect in its state (logged at WARN)", "machine",
            "state", "trigger"),
    B2BUA_TRUNK_AUTH_FAILURES("b2bua.trunk.auth.failures", Type.COUNTER,
            "Digest challenges from a trunk to the gateway's own requests that failed the request, by reason", "reason"),
    B2BUA_DIALS_REFUSED("b2bua.dials.refused", Type.COUNTER, "Numbers refused by the dial plan or the dialling "
            + "permissions before anything was sent to the trunk, by source and reason", "source", "reason"),
    B2BUA_IN_DIALOG_REFUSED("b2bua.in.dialog.refused", Type.COUNTER, "In-dialog requests refused (481) because their "
            + "tags or their source are not the dialog's peer's, by method and reason", "method", "reason"),
    B2BUA_INFO_DTMF_IGNORED("b2bua.info.dtmf.ignored", Type.COUNTER,
            "In-dialog INFO requests that carried no key, by reason", "reason"),
    B2BUA_COMMANDS_REJECTED("b2bua.commands.rejected", Type.COUNTER, "Link commands the gateway refused", "command"),
    B2BUA_MONITORS_STARTED("b2bua.monitors.started", Type.COUNTER,
            "Monitor sessions started (StartMonitor accepted), by mode", "mode"),
    B2BUA_MONITORS_ENDED("b2bua.monitors.ended", Type.COUNTER, "Monitor sessions ended, by reason", "reason"),
    B2BUA_MONITORS_ACTIVE("b2bua.monitors.active", Type.GAUGE,
            "Supervisor monitor sessions whose mixer runs now (listen, whisper, barge)"),

    // SIP
    SIP_REQUESTS_RECEIVED("sip.requests.received", Type.COUNTER, "SIP requests received, by method", "method"),
    SIP_RESPONSES_SENT("sip.responses.sent", Type.COUNTER, "SIP responses sent by the gateway, by status class",
            "class"),
    SIP_MESSAGES_REJECTED("sip.messages.rejected", Type.COUNTER,
            "SIP messages rejected (action=answered) or silently dropped (action=dropped), by reason",
            "reason", "action"),
    SIP_REGISTRAR_LOCKOUTS("sip.registrar.lockouts", Type.COUNTER,
            "Extensions locked out by the registrar after repeated failed authentications"),
    /** Trunk TLS handshakes refused (the INVITE then fails at its transaction timeout). */
    SIP_TLS_CERTIFICATES_REFUSED("sip.tls.certificates.refused", Type.COUNTER,
            "Trunk certificates refused in a SIP over TLS handshake (not issued by a configured trunk CA)"),
    SIP_REGISTRATIONS_ACTIVE("sip.registrations.active", Type.GAUGE, "Active registrar contact bindings"),
    SIP_REGISTERED_EXTENSIONS("sip.registered.extensions", Type.GAUGE,
            "Extensions with at least one registered phone"),
    SIP_REGISTRATIONS_RESTORED("sip.registrations.restored", Type.COUNTER,
            "Registrations restored from the registrations file at start"),
    SIP_REGISTRATION_FILE_ERRORS("sip.registration.file.errors", Type.COUNTER,
            "The registrations file could not be read or written (logged)", "op"),
    SIP_CALLS_ACTIVE("sip.calls.active", Type.GAUGE, "INVITE dialogs currently admitted"),

    // RTP (the media engine)
    RTP_PACKETS_RELAYED("rtp.packets.relayed", Type.COUNTER, "RTP packets relayed from one leg to its bridged leg"),
    RTP_PACKETS_PLAYED("rtp.packets.played", Type.COUNTER,
            "RTP packets of prompts and music on hold sent to legs"),
    RTP_PACKETS_MIXED("rtp.packets.mixed", Type.COUNTER,
            "RTP packets of supervisor monitoring mixes (listen, whisper, barge, takeover) sent to legs"),
    RTP_PACKETS_LOST("rtp.packets.lost", Type.COUNTER,
            "RTP packets found missing from sequence-number gaps on inbound streams"),
    RTP_PACKETS_DROPPED("rtp.packets.dropped", Type.COUNTER, "RTP packets dropped, by reason (tag reason): inbound "
            + "ones, outbound ones SRTP could not protect (srtp_send), and on DTLS-SRTP legs STUN and DTLS datagrams "
            + "not taken (stun_refused, dtls_dropped)", "reason"),
    RTP_DTLS_HANDSHAKES_FAILED("rtp.dtls.handshakes.failed", Type.COUNTER, "DTLS-SRTP handshakes of WebRTC-style "
            + "legs that gave no keys, by reason (tag reason: fingerprint = the peer's certificate is not its SDP's "
            + "a=fingerprint, timeout, closed = the leg ended first, error = anything else)", "reason"),
    RTP_DTMF_EVENTS("rtp.dtmf.events", Type.COUNTER, "RFC 4733 key presses detected"),
    RTP_LEGS_INACTIVE("rtp.legs.inactive", Type.COUNTER,
            "Times a leg was reported as receiving no RTP for the inactivity timeout"),
    RTP_LEGS_ACTIVE("rtp.legs.active", Type.GAUGE, "RTP legs allocated now"),
    RTP_PORTS_CAPACITY("rtp.ports.capacity", Type.GAUGE, "RTP/RTCP port pairs in the configured range"),

    // recording
    RECORDINGS_ACTIVE("recordings.active", Type.GAUGE, "Calls being recorded now"),
    RECORDING_BYTES_WRITTEN("recording.bytes.written", Type.COUNTER, "Bytes of encrypted recording files written"),
    RECORDING_FAILURES("recording.failures", Type.COUNTER,
            "Recordings that failed while the call went on, by reason (tag reason)", "reason"),
    RECORDINGS_SKIPPED("recordings.skipped", Type.COUNTER,
            "Connected calls not recorded, by reason (tag reason)", "reason"),
    RECORDINGS_FINISHED("recordings.finished", Type.COUNTER,
            "Recordings finished, by status (tag status: complete, partial, failed)", "status"),
    RECORDING_PACKETS_DROPPED("recording.packets.dropped", Type.COUNTER,
            "Audio packets the recording aligner dropped (tag reason: ahead = a burst beyond the jitter window, late)",
            "reason"),
    RECORDING_DISK_FREE("recording.disk.free", Type.GAUGE, Unit.BYTES,
            "Free bytes in the recording directory (checked every few seconds)"),
    RECORDING_DISK_FLOOR("recording.disk.floor", Type.GAUGE, Unit.BYTES,
            "The configured floor (recording.minFreeMegabytes) in bytes"),
    RECORDING_OUTBOX("recording.outbox.pending", Type.GAUGE,
            "Finished recordings the server has not acknowledged as indexed yet"),

    // the CTI link to the server
    LINK_CONNECTED("cti.link.connected", Type.GAUGE, "1 while the CTI link to the server is up"),
    LINK_BUFFERED_EVENTS("cti.link.buffered.events", Type.GAUGE,
            "Events kept until the server acknowledges them (sent again after a link outage)"),
    LINK_EVENTS_REPLAYED("cti.link.events.replayed", Type.COUNTER,
            "Events sent again (Replayed) on a new CTI link connection"),
    LINK_BUFFER_OVERFLOWS("cti.link.buffer.overflows", Type.COUNTER,
            "Events not kept for replay: the buffer (network.ctiLink.replayBufferEvents) was full"),
    LINK_EVENTS_LOST("cti.link.events.lost", Type.COUNTER,
            "Events that never reached the server: the replay buffer was full while the link was down"),
    LINK_REFUSED_CONNECTIONS("cti.link.refused.connections", Type.COUNTER, "Servers refused on the CTI link: TLS "
            + "handshake failed (a certificate not of the link CA, or not for the address dialled), or not a "
            + "link-server certificate", "reason");

    /** A base unit: Prometheus appends it to the name ({@code recording.disk.free} is {@code recording_disk_free_bytes}). */
    enum Unit {
        BYTES("bytes");

        final String name;

        Unit(String name) {
            this.name = name;
        }
    }

    private final String name;
    private final Type type;
    private final String baseUnit;
    private final String description;
    private final KeyName[] keyNames;

    GatewayMeters(String name, Type type, String description, String... tagKeys) {
        this(name, type, (Unit) null, description, tagKeys);
    }

    GatewayMeters(String name, Type type, Unit unit, String description, String... tagKeys) {
        this.name = name;
        this.type = type;
        this.baseUnit = unit == null ? null : unit.name;
        this.description = description;
        this.keyNames = MeterCatalogue.keyNames(tagKeys);
    }

    @Override
    public String getBaseUnit() {
        return baseUnit;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public Type getType() {
        return type;
    }

    @Override
    public String getDescription() {
        return description;
    }

    @Override
    public KeyName[] getKeyNames() {
        return keyNames.clone();
    }
}
