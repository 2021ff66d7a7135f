package dev.cti.gateway.b2bua;

import dev.cti.gateway.media.sdp.MediaSecurity;
import dev.cti.gateway.media.sdp.SdpNegotiator;
import dev.cti.protocol.audio.G711;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sip.SipException;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIP legs of one {@link Call}, owned by it: every leg the call made (ended ones too, until the call is
 * forgotten), how a leg is made and bound to its SIP Call-ID, its SRTP stance and SDP negotiator, and how a single
 * leg ends the way its state needs (reject, CANCEL, BYE) and is released. Which leg is the caller's or the agent's
 * is the call's business ({@link Call#caller()}, {@link Call#agent()}). Runs on the call's executor.
 */
final class CallLegs {
    private static final Logger LOG = LoggerFactory.getLogger(CallLegs.class);

    private final Call call;
    private final CallServices s;
    private final List<SipLeg> legs = new ArrayList<>();

    CallLegs(Call call, CallServices services) {
        this.call = call;
        this.s = services;
    }

    /** Every leg the call made, ended ones included, read-only. */
    List<SipLeg> all() {
        return Collections.unmodifiableList(legs);
    }

    /** A new leg of the call in {@code initial}, bound to its SIP Call-ID in the router. */
    SipLeg newLeg(LegRole role, String sipCallId, LegState initial) {
        SipLeg leg = new SipLeg(role, sipCallId, initial, Math.abs(s.clock().millis() ^ System.nanoTime()),
                (state, trigger) -> {
                    LOG.warn("call {} {} leg: {} not expected in {}", call.id(), role, trigger, state);
                    s.metrics().unexpected("leg", state, trigger);
                });
        legs.add(leg);
        s.directory().bindSip(sipCallId, call, leg);
        return leg;
    }

    /** The call's leg with this SIP Call-ID, or null. */
    SipLeg legFor(String sipCallId) {
        for (SipLeg l : legs) {
            if (l.callId.equals(sipCallId)) {
                return l;
            }
        }
        return null;
    }

    /**
     * The negotiator for {@code leg}'s SDP: its codec preference and its SRTP stance ({@link SipLeg#security}); a
     * browser's leg is offered DTLS-SRTP ({@link SipLeg#browser}).
     */
    SdpNegotiator negotiator(G711 preferred, SipLeg leg) {
        if (leg.dtls == null) {
            leg.dtls = s.media().newDtlsLocal();
        }
        SdpNegotiator n = new SdpNegotiator(s.rtpHost(), preferred == G711.PCMA ? List.of(G711.PCMA, G711.PCMU)
                : List.of(G711.PCMU, G711.PCMA), leg.security, leg.dtls, leg.agreedDtls);
        return leg.browser ? n.offeringDtls() : n;
    }

    /**
     * After the exchange that first agreed DTLS-SRTP on {@code leg} (a WebRTC-style peer's offer, before our answer
     * leaves; or a browser's answer to our DTLS-SRTP offer, as soon as it arrives): its socket answers STUN checks and runs the handshake, and the leg is silent until the keys
     * (docs/MEDIA.md, "WebRTC-style legs"). Later exchanges keep the agreement and the keys.
     */
    void startDtlsIfAgreed(SipLeg leg, dev.cti.gateway.media.sdp.NegotiatedMedia agreed) {
        if (leg.agreedDtls != null || agreed.dtls().isEmpty() || leg.media == null) {
            return;
        }
        leg.agreedDtls = agreed.dtls().get();
        s.media().dtlsSrtp(leg.media, leg.dtls, leg.agreedDtls).whenComplete((keys, failure) -> {
            if (failure != null) {
                LOG.info("call {}: the {} leg's DTLS-SRTP handshake failed: {}", call.id(), leg.role,
                        failure.toString());
            }
        });
    }

    /**
     * Makes {@code leg} an SRTP leg when its SIP is TLS (fresh keys for every suite, network.sip.tls.srtp decides
     * whether a plain offer is refused); a plain leg stays plain and refuses SDES keys.
     */
    void secureIfTls(SipLeg leg, boolean tls) {
        if (tls) {
            leg.security = MediaSecurity.srtp(s.config().network().sip().tls().srtp()
                    == dev.cti.config.NetworkConfig.Tls.Srtp.OPTIONAL ? MediaSecurity.Mode.SRTP_OPTIONAL
                    : MediaSecurity.Mode.SRTP_REQUIRED, s.random());
        }
    }

    /** Before our offer leaves on an SRTP leg: its media drops everything until the answer brings the keys. */
    static void requireSrtpIfOffered(SipLeg leg) {
        if ((leg.security.srtp() || leg.browser) && leg.media != null) {
            leg.media.requireSrtp();
        }
    }

    /** Ends one leg the way its state needs: 480 before an answer, CANCEL while ringing, BYE when established. */
    void cancelOrBye(SipLeg leg) {
        switch (leg.state()) {
            case OFFERED -> {
                try {
                    leg.inviteServer.sendResponse(s.sip().messenger().createResponse(leg.inviteServer.getRequest(),
                            Response.TEMPORARILY_UNAVAILABLE));
                } catch (SipException | javax.sip.InvalidArgumentException | RuntimeException e) {
                    LOG.debug("call {}: cannot reject the {} leg: {}", call.id(), leg.role, e.toString());
                }
                leg.fsm.fire(LegTrigger.REJECT_SENT);
            }
            case CALLING, EARLY -> {
                leg.fsm.fire(LegTrigger.CANCEL_SENT);
                if (leg.inviteClient == null) {
                    leg.fsm.fire(LegTrigger.FAILURE); // INVITE never sent (still allocating RTP)
                    return;
                }
                try {
                    s.sip().cancel(leg.inviteClient);
                } catch (SipException | RuntimeException e) {
                    // CANCEL before any provisional is not allowed (RFC 3261 9.1); the INVITE times out instead.
                    LOG.debug("call {}: cannot CANCEL the {} leg: {}", call.id(), leg.role, e.toString());
                }
            }
            case ANSWERED, CONFIRMED -> sendBye(leg);
            default -> { }
        }
    }

    /** BYE on an established leg (unless a BYE left already). */
    void sendBye(SipLeg leg) {
        if (leg.fsm.fire(LegTrigger.BYE_SENT)) {
            byeOnly(leg);
        }
    }

    /** A BYE on a leg whose machine is TERMINATING already (a late answer); a trunk's challenge is answered. */
    void byeOnly(SipLeg leg) {
        try {
            s.sip().bye(leg.dialog, call.trunkAuth().byeChallenges(leg));
        } catch (SipException | RuntimeException e) {
            LOG.info("call {}: cannot BYE the {} leg: {}", call.id(), leg.role, e.toString());
            leg.fsm.fire(LegTrigger.TIMEOUT);
            release(leg);
        }
    }

    /** Frees a leg's RTP ports and forgets its SIP Call-ID once it is over. */
    void release(SipLeg leg) {
        call.sessions().cancel(leg);
        if (leg.media != null) {
            s.directory().unbindMedia(leg.media);
            s.media().release(leg.media);
        }
        if (!leg.state().alive() && leg.fsm.is(LegState.TERMINATED)) {
            s.directory().unbindSip(leg.callId);
        }
    }
}
