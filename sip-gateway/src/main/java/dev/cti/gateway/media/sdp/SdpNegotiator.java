package dev.cti.gateway.media.sdp;

import dev.cti.gateway.media.dtls.DtlsFingerprint;
import dev.cti.gateway.media.dtls.DtlsRole;
import dev.cti.protocol.audio.G711;
import dev.cti.protocol.rtp.TelephoneEvents;
import dev.cti.protocol.sdp.MediaDescription;
import dev.cti.protocol.sdp.MediaDirection;
import dev.cti.protocol.sdp.SdpException;
import dev.cti.protocol.sdp.SdpWriter;
import dev.cti.protocol.sdp.SessionDescription;
import dev.cti.protocol.srtp.SdesCrypto;
import dev.cti.protocol.srtp.SrtpKeys;
import dev.cti.protocol.srtp.SrtpSuite;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * SDP offer/answer (RFC 3264) for the gateway's one audio stream: G.711 (PCMU or PCMA) plus RFC 4733
 * {@code telephone-event}, 20 ms packets.
 *
 * <p>The SIP layer calls {@link #answer} for an incoming offer, {@link #offer} to call out, and
 * {@link #accept} for the answer to its offer. Nothing here touches the network.
 *
 * <p>SRTP (RFC 3711 with SDES keys, RFC 4568) follows the leg's {@link MediaSecurity}: a plain leg speaks
 * {@code RTP/AVP} only and refuses an {@code RTP/SAVP} offer ({@code srtp_without_tls}); a TLS leg offers
 * {@code RTP/SAVP} with one {@code a=crypto} line per suite and answers an {@code RTP/SAVP} offer with the first usable
 * line's suite, its tag and our key ({@code RTP/AVP} offers only when SRTP is optional).
 *
 * <p>DTLS-SRTP (RFC 5763/5764, WebRTC-style peers): a negotiator given our {@link DtlsLocal} answers an audio stream
 * offered as {@code UDP/TLS/RTP/SAVPF} or {@code UDP/TLS/RTP/SAVP} with {@code a=fingerprint} and {@code a=setup},
 * whatever the leg's SDES stance (the keys never travel in the SDP): G.711 only, {@code a=setup:passive} to an
 * {@code actpass} offer, our fingerprint, {@code a=ice-lite} with our ICE credentials and one host candidate, and
 * {@code a=rtcp-mux} when offered. Once agreed ({@link DtlsRemote}), re-offers and the answers to re-offers repeat
 * it: same credentials, same fingerprint, same role. A browser's {@code a=mid} is echoed, and its
 * {@code a=group:BUNDLE} when the stream is in it (RFC 8843).
 *
 * <p>Towards a browser seat ({@link #offeringDtls}) our first offer is DTLS-SRTP itself: {@code UDP/TLS/RTP/SAVPF},
 * {@code a=setup:actpass}, our fingerprint, ICE-lite credentials and host candidate, {@code a=rtcp-mux},
 * {@code a=mid:0} in {@code a=group:BUNDLE 0}; the answer must be DTLS-SRTP and its {@code a=setup} gives our role
 * ({@code active}: we are the DTLS server).
 */
public final class SdpNegotiator {

    /** The payload type the gateway offers for telephone-event. */
    public static final int TELEPHONE_EVENT_PT = TelephoneEvents.DEFAULT_PAYLOAD_TYPE;
    /** The telephone-event codes the gateway handles: the 16 DTMF keys and flash (RFC 4733 §3.2). */
    private static final String EVENTS = "0-16";
    /** Plain RTP (RFC 3551). */
    public static final String AVP = "RTP/AVP";
    /** SRTP (RFC 3711 §12). */
    public static final String SAVP = "RTP/SAVP";
    /** DTLS-SRTP with RTCP feedback, what browsers offer (RFC 5764 §8, RFC 5124). */
    public static final String DTLS_SAVPF = "UDP/TLS/RTP/SAVPF";
    /** DTLS-SRTP (RFC 5764 §8). */
    public static final String DTLS_SAVP = "UDP/TLS/RTP/SAVP";
    /** The a=mid of the one stream of our DTLS-SRTP offers. */
    static final String OUR_MID = "0";

    private final String localAddress;
    private final List<G711> preference;
    private final MediaSecurity security;
    private final DtlsLocal dtls;
    private final DtlsRemote agreedDtls;
    private final boolean offersDtls;

    /**
     * A negotiator for a plain leg.
     *
     * @param localAddress the RTP address put in {@code c=} and {@code o=} (NetworkConfig.Rtp.host)
     * @param preference   codecs in the gateway's order of preference
     */
    public SdpNegotiator(String localAddress, List<G711> preference) {
        this(localAddress, preference, MediaSecurity.PLAIN);
    }

    /** A negotiator for a leg with this SRTP stance. */
    public SdpNegotiator(String localAddress, List<G711> preference, MediaSecurity security) {
        this(localAddress, preference, security, null, null);
    }

    /**
     * A negotiator for a leg that may also speak DTLS-SRTP.
     *
     * @param dtls       our DTLS-SRTP/ICE-lite values, or null: DTLS-SRTP offers are refused
     * @param agreedDtls what an earlier exchange on this leg agreed (re-offers repeat it), or null
     */
    public SdpNegotiator(String localAddress, List<G711> preference, MediaSecurity security, DtlsLocal dtls,
                         DtlsRemote agreedDtls) {
        this(localAddress, preference, security, dtls, agreedDtls, false);
    }

    private SdpNegotiator(String localAddress, List<G711> preference, MediaSecurity security, DtlsLocal dtls,
                          DtlsRemote agreedDtls, boolean offersDtls) {
        if (preference.isEmpty()) {
            throw new IllegalArgumentException("at least one codec");
        }
        this.localAddress = localAddress;
        this.preference = List.copyOf(preference);
        this.security = java.util.Objects.requireNonNull(security, "security");
        this.dtls = dtls;
        this.agreedDtls = agreedDtls;
        if (agreedDtls != null && dtls == null) {
            throw new IllegalArgumentException("an agreed DTLS-SRTP leg needs our DTLS values");
        }
        if (offersDtls && dtls == null) {
            throw new IllegalArgumentException("a DTLS-SRTP offer needs our DTLS values");
        }
        this.offersDtls = offersDtls;
    }

    /**
     * This negotiator for a leg whose peer is a browser (a seat registered over SIP/WebSocket): {@link #offer} says
     * DTLS-SRTP with ICE-lite and BUNDLE, and {@link #accept} takes only a DTLS-SRTP answer.
     */
    public SdpNegotiator offeringDtls() {
        return new SdpNegotiator(localAddress, preference, security, dtls, agreedDtls, true);
    }

    /** The answer to {@code offer} and what was agreed. */
    public record Answer(String sdp, NegotiatedMedia media) {}

    /**
     * Answers an offer: the first audio RTP/AVP stream with PCMU or PCMA is accepted on
     * {@code localPort}, choosing the first codec in the gateway's preference that the offer has, and
     * telephone-event with the offerer's payload type if offered. Every other stream is rejected with
     * port 0, keeping the m= lines in order (RFC 3264 §6).
     *
     * @throws SdpException (line 0) when no stream is acceptable: the SIP layer answers 488
     */
    public Answer answer(SessionDescription offer, int localPort, long sessionId, long sessionVersion) throws SdpException {
        StringBuilder sdp = header(sessionId, sessionVersion);
        NegotiatedMedia chosen = null;
        List<String> mediaLines = new ArrayList<>();
        boolean savpOffered = false;
        boolean avpOffered = false;
        boolean dtlsOffered = false;
        for (MediaDescription m : offer.media()) {
            savpOffered |= m.media().equals("audio") && m.protocol().equals(SAVP) && m.port() != 0;
            avpOffered |= m.media().equals("audio") && m.protocol().equals(AVP) && m.port() != 0;
            dtlsOffered |= m.media().equals("audio") && isDtls(m.protocol()) && m.port() != 0;
            G711 codec = chosen == null ? pickCodec(m) : null;
            SdesCrypto theirs = codec == null ? null : pickCrypto(m);
            DtlsRemote dtlsRemote = codec == null || !isDtls(m.protocol()) ? null : dtlsOf(m, true);
            String address = offer.connectionFor(m).orElse(null);
            if (codec == null || address == null || m.port() == 0 || m.protocol().equals(SAVP) && theirs == null) {
                String fmt = m.formats().isEmpty() ? "0" : String.valueOf(m.formats().get(0));
                mediaLines.add("m=" + m.media() + " 0 " + m.protocol() + " " + fmt + "\r\n");
                continue;
            }
            OptionalInt te = m.telephoneEventPayloadType();
            MediaDirection local = m.direction().answer();
            SdesCrypto ours = null;
            Optional<SrtpKeys> keys = Optional.empty();
            if (theirs != null) {
                SrtpSuite suite = theirs.suite().orElseThrow();
                ours = SdesCrypto.of(theirs.tag(), suite, security.localFor(suite).orElseThrow().key().orElseThrow());
                keys = Optional.of(new SrtpKeys(suite, ours.key().orElseThrow(), theirs.key().orElseThrow()));
            }
            chosen = new NegotiatedMedia(address, m.port(), codec, te, m.direction(), keys,
                    theirs == null ? 0 : theirs.tag(), Optional.ofNullable(dtlsRemote));
            mediaLines.add(dtlsRemote != null
                    ? SdpWriter.audio(localPort, m.protocol(), List.of(codec), te, EVENTS, local,
                            dtlsLines(localPort, dtlsRemote.ourRole().setup(), dtlsRemote.rtcpMux(), dtlsRemote.mid()))
                    : audioSection(m.protocol(), localPort, codec, te, local, ours == null ? List.of() : List.of(ours)));
        }
        if (chosen == null) {
            if (dtlsOffered && dtls == null) {
                throw new SdpException(0, "DTLS-SRTP (UDP/TLS/RTP/SAVP(F)) offered on a leg that does not speak it",
                        "bad_dtls");
            }
            if (savpOffered && !security.srtp()) {
                throw new SdpException(0, "RTP/SAVP (SRTP) offered over plain SIP: SDES keys are accepted only on TLS "
                        + "legs, since they would cross the network in clear", "srtp_without_tls");
            }
            if (avpOffered && security.mode() == MediaSecurity.Mode.SRTP_REQUIRED && !savpOffered) {
                throw new SdpException(0, "plain RTP/AVP offered on a TLS leg, where SRTP is required "
                        + "(network.sip.tls.srtp)", "srtp_required");
            }
            throw new SdpException(0, "no audio " + (security.srtp() ? "RTP/SAVP stream with a usable a=crypto line ("
                    + java.util.Arrays.toString(SrtpSuite.values()) + ", inline key, no MKI) or RTP/AVP " : "RTP/AVP ")
                    + "stream offers PCMU or PCMA with a connection address");
        }
        if (chosen.dtls().isPresent()) {
            sdp.append("a=ice-lite\r\n"); // session level (RFC 8839 §5.3)
            if (chosen.dtls().get().bundle()) {
                sdp.append("a=group:BUNDLE ").append(chosen.dtls().get().mid()).append("\r\n"); // the one we accept
            }
        }
        for (String line : mediaLines) {
            sdp.append(line);
        }
        return new Answer(sdp.toString(), chosen);
    }

    /** An offer for one audio stream with every preferred codec and telephone-event 101. */
    public String offer(int localPort, MediaDirection direction, long sessionId, long sessionVersion) {
        if (agreedDtls != null || offersDtls) {
            String setup = agreedDtls != null ? agreedDtls.ourRole().setup() : "actpass";
            String mid = agreedDtls != null ? agreedDtls.mid() : OUR_MID;
            boolean bundle = agreedDtls == null || agreedDtls.bundle();
            StringBuilder sdp = header(sessionId, sessionVersion).append("a=ice-lite\r\n");
            if (bundle && mid != null) {
                sdp.append("a=group:BUNDLE ").append(mid).append("\r\n");
            }
            return sdp.append(SdpWriter.audio(localPort, DTLS_SAVPF, preference, OptionalInt.of(TELEPHONE_EVENT_PT),
                    EVENTS, direction, dtlsLines(localPort, setup, agreedDtls == null || agreedDtls.rtcpMux(), mid)))
                    .toString();
        }
        return header(sessionId, sessionVersion).append(SdpWriter.audio(localPort, security.srtp() ? SAVP : AVP,
                preference, OptionalInt.of(TELEPHONE_EVENT_PT), EVENTS, direction, cryptoLines(security.local())))
                .toString();
    }

    /**
     * Reads the answer to an offer made with {@link #offer}: the first accepted audio stream.
     *
     * @throws SdpException if the answer accepts no audio stream with PCMU/PCMA
     */
    public NegotiatedMedia accept(SessionDescription answer) throws SdpException {
        for (MediaDescription m : answer.media()) {
            if (!m.media().equals("audio") || m.port() == 0) {
                continue;
            }
            String address = answer.connectionFor(m).orElse(null);
            for (int pt : m.formats()) {
                G711 codec = codecOf(m, pt);
                if (codec != null && preference.contains(codec) && address != null) {
                    return secured(m, new NegotiatedMedia(address, m.port(), codec, m.telephoneEventPayloadType(),
                            m.direction()));
                }
            }
        }
        throw new SdpException(0, "the answer accepts no audio stream with PCMU or PCMA");
    }

    /** The accepted stream with its keys: our offered line of the answer's tag and suite, and the answer's key. */
    private NegotiatedMedia secured(MediaDescription m, NegotiatedMedia plain) throws SdpException {
        if (agreedDtls != null || offersDtls) {
            if (!isDtls(m.protocol())) {
                throw new SdpException(0, "the answer's stream is " + m.protocol() + ", we offered " + DTLS_SAVPF,
                        "bad_dtls");
            }
            return new NegotiatedMedia(plain.remoteAddress(), plain.remotePort(), plain.codec(),
                    plain.telephoneEventPayloadType(), plain.remoteDirection(), Optional.empty(), 0,
                    Optional.of(dtlsOf(m, false)));
        }
        if (!security.srtp()) {
            if (m.protocol().equals(SAVP)) {
                throw new SdpException(0, "the answer's stream is RTP/SAVP, we offered RTP/AVP over plain SIP",
                        "srtp_without_tls");
            }
            return plain;
        }
        if (!m.protocol().equals(SAVP)) {
            throw new SdpException(0, "the answer's stream is " + m.protocol() + ", we offered RTP/SAVP (SRTP)",
                    "srtp_required");
        }
        for (SdesCrypto theirs : m.cryptos()) {
            if (!theirs.usable()) {
                continue;
            }
            SrtpSuite suite = theirs.suite().orElseThrow();
            Optional<SdesCrypto> ours = security.local().stream()
                    .filter(c -> c.tag() == theirs.tag() && c.suite().orElse(null) == suite).findFirst();
            if (ours.isPresent()) {
                return new NegotiatedMedia(plain.remoteAddress(), plain.remotePort(), plain.codec(),
                        plain.telephoneEventPayloadType(), plain.remoteDirection(),
                        Optional.of(new SrtpKeys(suite, ours.get().key().orElseThrow(), theirs.key().orElseThrow())),
                        theirs.tag());
            }
        }
        throw new SdpException(0, "the RTP/SAVP answer has no usable a=crypto line with a tag and suite we offered");
    }

    /** The first usable {@code a=crypto} line of an acceptable stream, or null for plain RTP. */
    private SdesCrypto pickCrypto(MediaDescription m) {
        if (!m.protocol().equals(SAVP)) {
            return null;
        }
        for (SdesCrypto c : m.cryptos()) {
            if (c.usable() && security.localFor(c.suite().orElseThrow()).isPresent()) {
                return c;
            }
        }
        return null;
    }

    private G711 pickCodec(MediaDescription m) {
        if (!m.media().equals("audio") || !acceptable(m.protocol())) {
            return null;
        }
        for (G711 wanted : preference) {
            for (int pt : m.formats()) {
                if (codecOf(m, pt) == wanted) {
                    return wanted;
                }
            }
        }
        return null;
    }

    /** Whether an offered stream's profile is one this leg may accept. */
    private boolean acceptable(String protocol) {
        if (isDtls(protocol)) {
            return dtls != null;
        }
        return switch (security.mode()) {
            case PLAIN -> protocol.equals(AVP);
            case SRTP_REQUIRED -> protocol.equals(SAVP);
            case SRTP_OPTIONAL -> protocol.equals(SAVP) || protocol.equals(AVP);
        };
    }

    /** Whether {@code protocol} is DTLS-SRTP. */
    public static boolean isDtls(String protocol) {
        return protocol.equals(DTLS_SAVPF) || protocol.equals(DTLS_SAVP);
    }

    /**
     * The peer's DTLS-SRTP values of stream {@code m}: its fingerprint, our role (from its {@code a=setup}; kept when
     * already agreed), rtcp-mux, its ICE ufrag.
     *
     * @throws SdpException ({@code bad_dtls}) when a=fingerprint or a=setup is missing or malformed
     */
    private DtlsRemote dtlsOf(MediaDescription m, boolean theyOffer) throws SdpException {
        String print = m.attribute("fingerprint").orElseThrow(() -> new SdpException(0, m.protocol()
                + " stream without a=fingerprint: its DTLS certificate could not be checked", "bad_dtls"));
        String setup = m.attribute("setup").orElseThrow(() -> new SdpException(0, m.protocol()
                + " stream without a=setup (RFC 5763 §5)", "bad_dtls"));
        try {
            DtlsRole role = agreedDtls != null ? agreedDtls.ourRole()
                    : theyOffer ? DtlsRole.answering(setup) : DtlsRole.offered(setup);
            String mid = m.attribute("mid").orElse(null);
            boolean bundle = mid != null && m.attribute("group").map(g -> bundles(g, mid)).orElse(false);
            return new DtlsRemote(DtlsFingerprint.parse(print), role, m.attribute("rtcp-mux").isPresent(),
                    m.attribute("ice-ufrag").orElse(null), mid, bundle);
        } catch (IllegalArgumentException e) {
            throw new SdpException(0, e.getMessage(), "bad_dtls");
        }
    }

    /** Whether an {@code a=group} value is a BUNDLE group with {@code mid} in it (RFC 8843 §7.1). */
    private static boolean bundles(String group, String mid) {
        String[] tokens = group.trim().split("\\s+");
        return tokens[0].equalsIgnoreCase("BUNDLE") && java.util.Arrays.asList(tokens).subList(1, tokens.length)
                .contains(mid);
    }

    /** Our DTLS-SRTP and ICE-lite lines of a stream on {@code localPort}, with its a=mid when it has one. */
    private List<String> dtlsLines(int localPort, String setup, boolean rtcpMux, String mid) {
        List<String> lines = new ArrayList<>();
        if (mid != null) {
            lines.add("a=mid:" + mid + "\r\n");
        }
        lines.add("a=setup:" + setup + "\r\n");
        lines.add("a=fingerprint:" + dtls.fingerprint().sdpValue() + "\r\n");
        lines.add("a=ice-ufrag:" + dtls.ice().ufrag() + "\r\n");
        lines.add("a=ice-pwd:" + dtls.ice().password() + "\r\n");
        lines.add("a=candidate:1 1 udp 2130706431 " + localAddress + " " + localPort + " typ host\r\n");
        lines.add("a=end-of-candidates\r\n");
        if (rtcpMux) {
            lines.add("a=rtcp-mux\r\n");
        }
        return lines;
    }

    private static G711 codecOf(MediaDescription m, int pt) {
        return m.rtpMap(pt)
                .filter(map -> map.clockRate() == 8000)
                .map(map -> map.encodingName().equalsIgnoreCase("PCMU") ? G711.PCMU
                        : map.encodingName().equalsIgnoreCase("PCMA") ? G711.PCMA : null)
                .filter(c -> c.payloadType() == pt || pt >= 96) // a static type must mean its own codec
                .orElse(null);
    }

    private String audioSection(String protocol, int localPort, G711 codec, OptionalInt te, MediaDirection direction,
                                List<SdesCrypto> cryptos) {
        return SdpWriter.audio(localPort, protocol, List.of(codec), te, EVENTS, direction, cryptoLines(cryptos));
    }

    private static List<String> cryptoLines(List<SdesCrypto> cryptos) {
        return cryptos.stream().map(SdesCrypto::line).toList();
    }

    private StringBuilder header(long sessionId, long sessionVersion) {
        return SdpWriter.session("cti-gateway", "-", sessionId, sessionVersion, localAddress);
    }
}
