package dev.cti.gateway.b2bua;

import dev.cti.config.TrunkConfig;
import dev.cti.gateway.sip.SipEvent;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.Originate;
import dev.cti.link.message.OriginateProgress;
import dev.cti.link.message.OriginateState;
import dev.cti.privacy.PhoneMask;
import java.util.concurrent.ScheduledFuture;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Click-to-dial (Originate): ring the agent's phone first; when the agent answers, dial the customer's number
 * through the trunk, or for an internal call (issue 18) the colleague's registered phone; bridge the two in the
 * gateway's media (anchored as any call's) when the far end answers. Progress goes to the server as
 * {@code OriginateProgress} (AGENT_RINGING, DIALING, REMOTE_RINGING, CONNECTED, FAILED then CallCleared FAILED).
 * Both legs are dialled by the call's {@link LegDialer} with this as their {@link LegOwner}. After CONNECTED the
 * call is an ordinary connected call (hold, transfer, BYE). Runs on the call's executor.
 */
final class CallOriginate implements LegOwner {
    private static final Logger LOG = LoggerFactory.getLogger(CallOriginate.class);
    /** How long the agent's own phone may ring before the originate fails. */
    static final int AGENT_RING_SECONDS = 30;

    private final Call call;
    private String requestId;
    private String number;
    /** An internal call's colleague (seat and extension), else null. */
    private String targetAgentId;
    private String targetExtension;
    private ScheduledFuture<?> ringTimer;

    CallOriginate(Call call) {
        this.call = call;
    }

    void start(Originate o) {
        String extension = o.extension();
        this.requestId = o.requestId();
        this.number = o.internal() ? o.targetExtension() : o.number();
        this.targetAgentId = o.targetAgentId();
        this.targetExtension = o.targetExtension();
        String agentId = o.agentId();
        call.markOffered(); // the server knows this call from now on (snapshot, CallCleared)
        String contact = call.dialer().contactOf(extension);
        SipLeg leg = call.dialer().open(LegRole.AGENT, this);
        call.originatedBy(leg, agentId, extension);
        call.publishView();
        if (contact == null) {
            leg.fsm.fire(LegTrigger.FAILURE);
            failed(leg, Response.TEMPORARILY_UNAVAILABLE);
            return;
        }
        ringTimer = call.schedule(() -> agentRingTimeout(leg), AGENT_RING_SECONDS);
        call.dialer().dial(leg, new LegDialer.Target(contact, number,
                "sip:" + extension + "@" + call.services().domain(),
                SipSupport.isTls(contact), null, call::customerCodec,
                () -> call.is(CallPhase.ORIGINATING), call.sessions()::addToInvite));
    }

    private void agentRingTimeout(SipLeg leg) {
        if (call.is(CallPhase.ORIGINATING) && call.agent() == leg) {
            LOG.info("call {}: agent {} did not pick up the outbound call", call.id(), leg.extension);
            call.legs().cancelOrBye(leg);
            failed(leg, Response.REQUEST_TIMEOUT);
        }
    }

    void progress(OriginateState state) {
        call.emit(new OriginateProgress(requestId, call.id(), state, call.now()));
    }

    // ---------------------------------------------------------------- owner of both legs until CONNECTED

    @Override
    public void onProgress(SipLeg leg, boolean first) {
        if (first && leg == call.agent() && call.is(CallPhase.ORIGINATING)) {
            call.fire(CallTrigger.AGENT_PROGRESS);
            progress(OriginateState.AGENT_RINGING);
        } else if (first && leg == call.caller() && call.is(CallPhase.DIALING)) {
            call.fire(CallTrigger.REMOTE_PROGRESS);
            progress(OriginateState.REMOTE_RINGING);
        }
    }

    @Override
    public boolean wantsAnswer(SipLeg leg) {
        return leg == call.agent() && call.is(CallPhase.ORIGINATING)
                || leg == call.caller() && call.is(CallPhase.DIALING);
    }

    @Override
    public void onAnswered(SipLeg leg, SipEvent.ResponseReceived ok) {
        call.sessions().onAnswered(leg, ok.response());
        if (leg == call.agent()) {
            agentAnswered(leg);
        } else {
            customerAnswered(leg);
        }
    }

    /** Before CONNECTED the originate fails; after it, an agent leg's failure is any agent leg's. */
    @Override
    public void onFailed(SipLeg leg, int status, String reason) {
        if (call.is(CallPhase.ORIGINATING) || call.is(CallPhase.DIALING)) {
            failed(leg, status);
        } else {
            call.delivery().onFailed(leg, status, reason);
        }
    }

    /** The agent picked up: dial the customer through the trunk, or the colleague's phone. */
    private void agentAnswered(SipLeg agentLeg) {
        cancelTimer();
        call.fire(CallTrigger.AGENT_ANSWERED);
        progress(OriginateState.DIALING);
        call.publishView();
        if (targetExtension != null) {
            dialColleague(agentLeg);
            return;
        }
        TrunkConfig trunk = TrunkChallenges.trunkFor(call.services().config(), call.trunkId());
        if (trunk == null) {
            failed(null, Response.SERVICE_UNAVAILABLE);
            return;
        }
        SipLeg leg = call.dialer().open(LegRole.CALLER, this);
        call.callerIs(leg);
        LOG.info("call {}: agent {} answered, dialling {}", call.id(), agentLeg.extension, PhoneMask.mask(number));
        call.dialer().dial(leg, new LegDialer.Target(SipSupport.trunkUri(trunk, number), agentLeg.extension,
                "sip:" + number + "@" + trunk.host(), trunk.transport() == TrunkConfig.Transport.TLS, agentLeg.media,
                () -> agentLeg.codecOr(call.customerCodec()), () -> call.is(CallPhase.DIALING),
                call.sessions()::addToInvite));
    }

    /**
     * An internal call: the colleague's registered phone is this call's far leg, next to the agent's RTP leg, as a
     * customer behind the trunk would be; it is named by its seat and extension and the dial plan has no say.
     */
    private void dialColleague(SipLeg agentLeg) {
        String contact = call.dialer().contactOf(targetExtension);
        SipLeg leg = call.dialer().open(LegRole.CALLER, this);
        leg.agentId = targetAgentId;
        leg.extension = targetExtension;
        call.callerIs(leg);
        if (contact == null) { // unregistered since the command was accepted
            leg.fsm.fire(LegTrigger.FAILURE);
            failed(leg, Response.TEMPORARILY_UNAVAILABLE);
            return;
        }
        LOG.info("call {}: agent {} answered, calling extension {}", call.id(), agentLeg.extension, targetExtension);
        call.dialer().dial(leg, new LegDialer.Target(contact, agentLeg.extension,
                "sip:" + targetExtension + "@" + call.services().domain(), SipSupport.isTls(contact), agentLeg.media,
                () -> agentLeg.codecOr(call.customerCodec()), () -> call.is(CallPhase.DIALING),
                call.sessions()::addToInvite));
    }

    /** The customer answered: bridge and report CONNECTED. */
    private void customerAnswered(SipLeg leg) {
        call.services().media().bridge(call.agent().media, leg.media);
        call.customerAnswered(call.now());
        progress(OriginateState.CONNECTED);
        call.recorder().connected();
        call.publishView();
    }

    /** Either leg failed before the call connected: report FAILED and end the call (CallCleared FAILED). */
    void failed(SipLeg leg, int status) {
        cancelTimer();
        if (call.phase() == CallPhase.ENDED) {
            return;
        }
        LOG.info("call {}: originate failed ({})", call.id(), status);
        progress(OriginateState.FAILED);
        call.end(ClearCause.FAILED, leg);
    }

    private void cancelTimer() {
        if (ringTimer != null) {
            ringTimer.cancel(false);
            ringTimer = null;
        }
    }
}
