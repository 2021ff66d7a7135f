package dev.cti.gateway.b2bua;

import dev.cti.gateway.sip.registrar.Binding;
import dev.cti.link.message.AgentRingFailed;
import dev.cti.link.message.RingFailureReason;
import dev.cti.protocol.audio.G711;
import dev.cti.protocol.sdp.MediaDirection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sip.SipException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivery of a queued call to an agent (DeliverToAgent): INVITE the extension's registered contact with an
 * offer from a new RTP leg next to the caller's, and the ring timeout that CANCELs it. Answers and failures of
 * that INVITE are handled by {@link Call} (they share the leg-response path with transfers). Runs on the call's
 * executor.
 */
final class CallDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(CallDelivery.class);

    private final Call call;

    CallDelivery(Call call) {
        this.call = call;
    }

    /**
     * DeliverToAgent: ring the extension's registered phone (replacing a ring in progress); false when the state
     * does not allow it (connected, held, transferring, ended).
     */
    boolean deliver(String agentId, String extension, int ringTimeoutSeconds) {
        if (!call.fsm.accepts(CallTrigger.DELIVER)) {
            return false;
        }
        if (call.fsm.is(CallPhase.RINGING) && call.agent != null) {
            // The server moved on (its own ring-no-answer timer fired first, or it re-routed): it decides, so the
            // ringing phone is cancelled and reported CANCELLED, and the new agent is rung.
            SipLeg previous = call.agent;
            call.cancelRingTimer();
            call.agent = null;
            call.cancelOrBye(previous);
            call.emit(new AgentRingFailed(call.id, previous.agentId, RingFailureReason.CANCELLED,
                    call.now() - call.ringStartedAt, call.now()));
        }
        List<Binding> bindings = call.s.locations().bindings(extension);
        if (bindings.isEmpty()) {
            call.emit(new AgentRingFailed(call.id, agentId, RingFailureReason.UNREACHABLE, 0, call.now()));
            return true;
        }
        call.fsm.fire(CallTrigger.DELIVER);
        SipLeg leg = call.newLeg(LegRole.AGENT, call.s.sip().newCallId(), LegState.CALLING);
        leg.agentId = agentId;
        leg.extension = extension;
        call.agent = leg;
        call.ringStartedAt = call.now();
        int timeout = ringTimeoutSeconds > 0 ? ringTimeoutSeconds : call.queue.ringTimeoutSeconds();
        call.ringTimer = call.s.timers().schedule(() -> call.executor.execute(() -> ringTimeout(leg)), timeout,
                TimeUnit.SECONDS);
        call.publishView();
        String contact = stripBrackets(bindings.get(bindings.size() - 1).contact());
        call.secureIfTls(leg, SipSupport.isTls(contact));
        call.s.media().allocateLeg(call.caller.media).whenCompleteAsync((media, error) -> {
            if (error != null) {
                LOG.warn("call {}: no RTP leg for the agent: {}", call.id, error.toString());
                leg.fsm.fire(LegTrigger.FAILURE);
                call.ringFailed(leg, RingFailureReason.UNREACHABLE);
                return;
            }
            leg.media = media;
            call.s.directory().bindMedia(media, call);
            if (call.agent != leg || !leg.fsm.is(LegState.CALLING)) {
                call.release(leg);
                return;
            }
            Call.requireSrtpIfOffered(leg);
            String offer = call.negotiator(call.caller.codecOr(G711.PCMU), leg).offer(media.localPort(),
                    MediaDirection.SENDRECV, leg.sdpSessionId, leg.nextSdpVersion());
            try {
                leg.inviteClient = call.s.sip().invite(leg.callId, contact, call.callerNumber,
                        "sip:" + extension + "@" + call.s.domain(), offer, call.sessions::addToInvite);
                leg.dialog = leg.inviteClient.getDialog();
            } catch (SipException | RuntimeException e) {
                LOG.info("call {}: cannot INVITE extension {}: {}", call.id, extension, e.toString());
                leg.fsm.fire(LegTrigger.FAILURE);
                call.ringFailed(leg, RingFailureReason.UNREACHABLE);
            }
        }, call.executor);
        return true;
    }

    static String stripBrackets(String contact) {
        String c = contact.trim();
        if (c.startsWith("<") && c.contains(">")) {
            c = c.substring(1, c.indexOf('>'));
        }
        return c;
    }

    private void ringTimeout(SipLeg leg) {
        if (call.agent != leg || !call.fsm.is(CallPhase.RINGING)) {
            return;
        }
        LOG.info("call {}: extension {} did not answer", call.id, leg.extension);
        call.cancelOrBye(leg);
        call.ringFailed(leg, RingFailureReason.NO_ANSWER);
    }
}
