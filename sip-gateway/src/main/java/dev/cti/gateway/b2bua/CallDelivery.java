package dev.cti.gateway.b2bua;

import dev.cti.gateway.sip.SipEvent;
import dev.cti.link.message.AgentRingFailed;
import dev.cti.link.message.AgentRinging;
import dev.cti.link.message.CallAnswered;
import dev.cti.link.message.RingFailureReason;
import dev.cti.protocol.audio.G711;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivery of a queued call to an agent (DeliverToAgent): dial the extension's registered contact through the
 * call's {@link LegDialer} with an RTP leg next to the caller's, the ring timeout that CANCELs it, and, as the
 * {@link LegOwner} of the call's agent legs, the ring's outcome: AgentRinging, the answer that bridges the caller
 * to the agent (CallAnswered, the recording starts), or AgentRingFailed with the caller back on the queue
 * treatment. Owns the ring's timer and start time. Runs on the call's executor.
 */
final class CallDelivery implements LegOwner {
    private static final Logger LOG = LoggerFactory.getLogger(CallDelivery.class);

    private final Call call;
    private long ringStartedAt;
    private ScheduledFuture<?> ringTimer;

    CallDelivery(Call call) {
        this.call = call;
    }

    /**
     * DeliverToAgent: ring the extension's registered phone (replacing a ring in progress); false when the state
     * does not allow it (connected, held, transferring, ended).
     */
    boolean deliver(String agentId, String extension, int ringTimeoutSeconds) {
        if (!call.accepts(CallTrigger.DELIVER)) {
            return false;
        }
        if (call.is(CallPhase.RINGING) && call.agent() != null) {
            // The server moved on (its own ring-no-answer timer fired first, or it re-routed): it decides, so the
            // ringing phone is cancelled and reported CANCELLED, and the new agent is rung.
            SipLeg previous = call.agent();
            cancelRingTimer();
            call.ringEnded();
            call.legs().cancelOrBye(previous);
            call.emit(new AgentRingFailed(call.id(), previous.agentId, RingFailureReason.CANCELLED,
                    call.now() - ringStartedAt, call.now()));
        }
        String contact = call.dialer().contactOf(extension);
        if (contact == null) {
            call.emit(new AgentRingFailed(call.id(), agentId, RingFailureReason.UNREACHABLE, 0, call.now()));
            return true;
        }
        SipLeg leg = call.dialer().open(LegRole.AGENT, this);
        call.ringing(leg, agentId, extension);
        ringStartedAt = call.now();
        int timeout = ringTimeoutSeconds > 0 ? ringTimeoutSeconds : call.queue().ringTimeoutSeconds();
        ringTimer = call.schedule(() -> ringTimeout(leg), timeout);
        call.publishView();
        call.dialer().dial(leg, new LegDialer.Target(contact, call.callerNumber(),
                "sip:" + extension + "@" + call.services().domain(), SipSupport.isTls(contact), call.caller().media,
                () -> call.caller().codecOr(G711.PCMU), () -> call.agent() == leg, call.sessions()::addToInvite));
        return true;
    }

    private void ringTimeout(SipLeg leg) {
        if (call.agent() != leg || !call.is(CallPhase.RINGING)) {
            return;
        }
        LOG.info("call {}: extension {} did not answer", call.id(), leg.extension);
        call.legs().cancelOrBye(leg);
        ringFailed(leg, RingFailureReason.NO_ANSWER);
    }

    // ---------------------------------------------------------------- the agent leg's owner

    @Override
    public void onProgress(SipLeg leg, boolean first) {
        if (first && leg == call.agent()) {
            call.fire(CallTrigger.AGENT_PROGRESS);
            call.emit(new AgentRinging(call.id(), leg.agentId, leg.extension, call.now()));
        }
    }

    @Override
    public boolean wantsAnswer(SipLeg leg) {
        return leg == call.agent() && call.is(CallPhase.RINGING);
    }

    @Override
    public void onAnswered(SipLeg leg, SipEvent.ResponseReceived ok) {
        call.sessions().onAnswered(leg, ok.response());
        cancelRingTimer();
        call.services().media().stopPlaying(call.caller().media);
        call.services().media().bridge(call.caller().media, leg.media);
        long answeredAt = call.now();
        call.connected(leg, answeredAt);
        LOG.info("call {} answered by extension {}", call.id(), leg.extension);
        call.emit(new CallAnswered(call.id(), leg.agentId, answeredAt - ringStartedAt, answeredAt));
        call.recorder().connected(); // the first answer of the call starts its one recording
        call.publishView();
    }

    @Override
    public void onFailed(SipLeg leg, int status, String reason) {
        ringFailed(leg, Call.reasonOf(status));
    }

    /** The ring attempt of {@code leg} is over without an answer; the caller stays on the queue treatment. */
    private void ringFailed(SipLeg leg, RingFailureReason reason) {
        if (call.agent() != leg || call.is(CallPhase.ENDED)) {
            return; // e.g. the 487 to the CANCEL that end() sent, routed here before the call was forgotten
        }
        cancelRingTimer();
        if (!call.ringFailed()) {
            return;
        }
        if (!leg.state().alive() || leg.fsm.is(LegState.TERMINATED)) {
            call.legs().release(leg);
        }
        call.emit(new AgentRingFailed(call.id(), leg.agentId, reason, call.now() - ringStartedAt, call.now()));
        call.publishView();
    }

    // ---------------------------------------------------------------- hooks from the call

    /** The call ended while this agent's phone rang: the server reserved the agent, so the ring ends first. */
    void ringEndedWithCall() {
        call.emit(new AgentRingFailed(call.id(), call.agent().agentId, RingFailureReason.CANCELLED,
                call.now() - ringStartedAt, call.now()));
    }

    void cancelRingTimer() {
        if (ringTimer != null) {
            ringTimer.cancel(false);
            ringTimer = null;
        }
    }
}
