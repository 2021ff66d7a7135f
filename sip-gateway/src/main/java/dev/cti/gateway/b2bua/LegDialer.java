package dev.cti.gateway.b2bua;

import dev.cti.gateway.media.MediaLeg;
import dev.cti.gateway.sip.registrar.Binding;
import dev.cti.protocol.audio.G711;
import dev.cti.protocol.sdp.MediaDirection;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.sip.SipException;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way a call dials a new leg, whoever asks (delivery to an agent, click-to-dial's two legs, a blind
 * transfer to a number, a supervisor's monitor leg): {@link #open} makes the leg (CALLING, bound to its SIP Call-ID,
 * its {@link LegOwner} set), {@link #dial} gives it SRTP when its SIP is TLS (DTLS-SRTP when it is a browser's
 * WebSocket), an RTP leg (next to another so they
 * share a worker), our SDP offer and the INVITE. What happens to the INVITE then goes to the owner through
 * {@link CallDialogs}; a leg that could not be dialled is released and reported to the owner's
 * {@link LegOwner#onFailed} with 503. Runs on the call's executor (the RTP allocation completes there too).
 */
final class LegDialer {
    private static final Logger LOG = LoggerFactory.getLogger(LegDialer.class);
    /** {@link LegOwner#onFailed} reasons when the INVITE never left. */
    static final String NO_RTP_PORT = "No RTP Port";
    static final String NOT_SENT = "Not Sent";

    /**
     * Where and how to dial: the request URI, the From user and To URI of the INVITE, whether its SIP is TLS, the RTP
     * leg the new one is allocated next to (or null), the codec our offer prefers (read when the offer is written),
     * whether the owner still wants the leg once its RTP is there, and extra headers for the INVITE.
     */
    record Target(String requestUri, String fromUser, String toUri, boolean tls, MediaLeg nextTo,
                  Supplier<G711> codec, BooleanSupplier stillWanted, Consumer<Request> headers) {
    }

    private final Call call;

    LegDialer(Call call) {
        this.call = call;
    }

    /** A new outgoing leg of the call in CALLING, owned by {@code owner}; nothing sent yet. */
    SipLeg open(LegRole role, LegOwner owner) {
        SipLeg leg = call.legs().newLeg(role, call.services().sip().newCallId(), LegState.CALLING);
        leg.owner = owner;
        return leg;
    }

    /** The contact URI an extension's phone registered last (angle brackets stripped), or null when none is. */
    String contactOf(String extension) {
        List<Binding> bindings = call.services().locations().bindings(extension);
        return bindings.isEmpty() ? null : stripBrackets(bindings.get(bindings.size() - 1).contact());
    }

    static String stripBrackets(String contact) {
        String c = contact.trim();
        if (c.startsWith("<") && c.contains(">")) {
            c = c.substring(1, c.indexOf('>'));
        }
        return c;
    }

    /** SRTP when TLS, an RTP leg, the offer and the INVITE of {@code leg} (from {@link #open}). */
    void dial(SipLeg leg, Target target) {
        call.legs().secureIfTls(leg, target.tls());
        leg.browser = SipSupport.isWebSocket(target.requestUri());
        var allocation = target.nextTo() == null ? call.services().media().allocateLeg()
                : call.services().media().allocateLeg(target.nextTo());
        allocation.whenCompleteAsync((media, error) -> {
            if (error != null) {
                LOG.warn("call {}: no RTP leg for the {} leg: {}", call.id(), leg.role, error.toString());
                notDialled(leg, NO_RTP_PORT);
                return;
            }
            leg.media = media;
            call.services().directory().bindMedia(media, call);
            if (!target.stillWanted().getAsBoolean() || !leg.fsm.is(LegState.CALLING)) {
                call.legs().release(leg); // stopped, moved on or ended while allocating
                return;
            }
            CallLegs.requireSrtpIfOffered(leg);
            String offer = call.legs().negotiator(target.codec().get(), leg).offer(media.localPort(),
                    MediaDirection.SENDRECV, leg.sdpSessionId, leg.nextSdpVersion());
            try {
                leg.inviteClient = call.services().sip().invite(leg.callId, target.requestUri(), target.fromUser(),
                        target.toUri(), offer, target.headers());
                leg.dialog = leg.inviteClient.getDialog();
            } catch (SipException | RuntimeException e) {
                LOG.info("call {}: cannot INVITE the {} leg: {}", call.id(), leg.role, e.toString());
                notDialled(leg, NOT_SENT);
            }
        }, call.executor());
    }

    private void notDialled(SipLeg leg, String reason) {
        leg.fsm.fire(LegTrigger.FAILURE);
        call.legs().release(leg);
        leg.owner.onFailed(leg, Response.SERVICE_UNAVAILABLE, reason);
    }
}
