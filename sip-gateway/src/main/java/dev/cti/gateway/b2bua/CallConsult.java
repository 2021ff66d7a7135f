package dev.cti.gateway.b2bua;

import dev.cti.config.QueueConfig;
import dev.cti.config.TrunkConfig;
import dev.cti.gateway.media.mix.MonitorMode;
import dev.cti.gateway.media.mix.MonitorSession;
import dev.cti.gateway.sip.SipEvent;
import dev.cti.link.message.CallHeld;
import dev.cti.link.message.CallResumed;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.Consult;
import dev.cti.link.message.ConsultProgress;
import dev.cti.link.message.ConsultState;
import dev.cti.privacy.PhoneMask;
import dev.cti.protocol.audio.G711;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consult and attended transfer through the server (Consult, CompleteConsult, CancelConsult), done in the gateway's
 * media like {@link CallHolds}: the agent's phone is not re-INVITEd. On Consult the customer's leg is unbridged from
 * the agent's and plays the music on hold (the call is CONSULTING, which the link shows as held: CallHeld), and a new
 * leg calls the target, an agent's registered phone or a number through the trunk, next to the agent's RTP leg. Its
 * answer bridges it to the agent's leg: they talk privately. Then:
 * <ul>
 *   <li>complete: the consult leg is bridged to the customer's, the music stops, the first agent's leg gets a BYE;
 *       the consulted agent's leg is the call's agent leg from now on (a number: the call is EXTERNAL, cleared
 *       TRANSFERRED, as after a blind transfer);</li>
 *   <li>cancel: the consult leg is cancelled or BYEd, the customer is bridged to the agent again (CallResumed);</li>
 *   <li>the target hangs up or is not reached: the agent's leg is bridged back to the held customer, with the
 *       silence of a server hold (HELD_BY_SERVER); the agent resumes with ResumeCall.</li>
 * </ul>
 * A consult to a queue (Consult with a queueId alone) holds the customer the same way but calls nobody yet: the agent's
 * leg hears the queue's greeting and music (QUEUED) until the server's ACD picks one of the queue's agents and sends
 * the Consult again with that agent; its phone is then called as above, and one not reached puts the consult back to
 * waiting (FAILED, QUEUED). A cancel while waiting stops the agent's music and gives it the customer back.
 * A connected consult can become a three-way conference (Conference): the music stops and the mixer a barging
 * supervisor uses mixes the customer, the agent and the consulted party (CONFERENCING); then the agent leaves
 * (CompleteConsult or its hang-up: the mixer hands the customer over to the consulted party), the consulted party is
 * dropped (CancelConsult) or hangs up (the plain customer-agent relay again). A supervisor's monitor session ends
 * first (CALL_MOVED), as for a transfer. While the agent talks with the consulted party a supervisor may monitor that
 * conversation (the consulted party in the customer's place of its mixer, {@link CallMonitor}); such a session ends
 * (CALL_MOVED) whenever the consult does. None starts during a conference. Owner of the consult leg;
 * runs on the call's executor.
 */
final class CallConsult implements LegOwner {
    private static final Logger LOG = LoggerFactory.getLogger(CallConsult.class);

    private final Call call;
    /** The consult leg while there is one (calling or answered); null otherwise. */
    private SipLeg leg;
    private boolean answered;
    /** The conference's mixer (customer, agent, consulted party) while there is one. */
    private MonitorSession mixer;
    /** The agent who consults (the call's agent leg when the consult started). */
    private String consulter;
    /** The queue of a consult to a queue (waiting in it, or calling the agent it picked); null otherwise. */
    private QueueConfig queue;

    CallConsult(Call call) {
        this.call = call;
    }

    /**
     * The consulted party's leg while the agent talks to it privately (CONSULTING, answered): a supervisor monitoring
     * the agent then hears this conversation ({@link CallMonitor}); null otherwise.
     */
    SipLeg talking() {
        return leg != null && answered && call.is(CallPhase.CONSULTING) ? leg : null;
    }

    /** Consult: false when the call is not connected to an agent (or held by the gateway), or the target is gone. */
    boolean start(Consult c) {
        if (c.queueId() != null && c.agentId() != null) {
            return picked(c);
        }
        SipLeg agentLeg = call.agent();
        if (!call.accepts(CallTrigger.CONSULT) || agentLeg == null || agentLeg.media == null
                || call.caller() == null || call.caller().media == null) {
            return false;
        }
        if (c.waiting()) {
            QueueConfig q = call.services().config().queue(c.queueId()).orElse(null);
            if (q == null) {
                return false;
            }
            holdCustomer(agentLeg);
            queue = q;
            LOG.info("call {}: {} consults queue {}", call.id(), consulter, q.id());
            queueTreatment(agentLeg);
            progress(ConsultState.QUEUED, null);
            call.publishView();
            return true;
        }
        Target target = target(c);
        if (target == null) {
            return false;
        }
        holdCustomer(agentLeg);
        queue = null;
        dial(c, target);
        return true;
    }

    /** The second step of a consult to a queue: the agent the server's ACD picked is called. */
    private boolean picked(Consult c) {
        if (queue == null || leg != null || !call.is(CallPhase.CONSULTING) || !queue.id().equals(c.queueId())) {
            return false;
        }
        Target target = target(c);
        if (target == null) {
            return false;
        }
        call.services().media().stopPlaying(call.agent().media);
        dial(c, target);
        return true;
    }

    /** Where a consult's leg goes: the agent's registered phone or the number through the trunk; null when gone. */
    private record Target(String uri, String toUri, boolean tls) {}

    private Target target(Consult c) {
        if (c.number() == null) {
            String uri = call.dialer().contactOf(c.extension());
            return uri == null ? null : new Target(uri, "sip:" + c.extension() + "@" + call.services().domain(),
                    SipSupport.isTls(uri));
        }
        TrunkConfig trunk = TrunkChallenges.trunkFor(call.services().config(), call.trunkId());
        return trunk == null ? null : new Target(SipSupport.trunkUri(trunk, c.number()),
                "sip:" + c.number() + "@" + trunk.host(), trunk.transport() == TrunkConfig.Transport.TLS);
    }

    /** The customer's leg is unbridged from the agent's and hears the music on hold (CallHeld unless held already). */
    private void holdCustomer(SipLeg agentLeg) {
        call.monitor().callMoved(); // MonitorEnded CALL_MOVED: the plain relay is back before we unbridge it
        boolean wasHeld = call.is(CallPhase.HELD_BY_SERVER);
        call.holds().stopSilence();
        call.consulting(call.now());
        call.services().media().unbridge(call.caller().media, agentLeg.media);
        call.musicToCaller();
        consulter = agentLeg.agentId;
        answered = false;
        leg = null;
        if (!wasHeld) {
            call.emit(new CallHeld(call.id(), consulter, call.heldAt()));
        }
    }

    /** While a consult waits in its queue the agent hears what a caller would: the queue's greeting, then music. */
    private void queueTreatment(SipLeg agentLeg) {
        var prompts = call.services().prompts();
        call.services().media().play(agentLeg.media, List.of(prompts.greeting(queue)), prompts.music(queue));
    }

    /** A new leg calls the target next to the agent's RTP leg. */
    private void dial(Consult c, Target t) {
        SipLeg agentLeg = call.agent();
        SipLeg opened = call.dialer().open(c.number() == null ? LegRole.AGENT : LegRole.EXTERNAL, this);
        opened.agentId = c.agentId();
        opened.extension = c.extension();
        leg = opened;
        LOG.info("call {}: {} consults {}", call.id(), consulter,
                c.number() == null ? "extension " + c.extension() : PhoneMask.mask(c.number()));
        progress(ConsultState.DIALING);
        call.publishView();
        // next to the customer's RTP leg, as a supervisor's: a conference's mixer runs on the customer leg's loop
        call.dialer().dial(opened, new LegDialer.Target(t.uri(), call.callerNumber(), t.toUri(), t.tls(),
                call.caller().media, () -> agentLeg.codecOr(G711.PCMU),
                () -> leg == opened && call.is(CallPhase.CONSULTING), call.sessions()::addToInvite));
    }

    /**
     * Conference: the customer, the agent and the consulted party mixed (each hears the other two, as in a
     * supervisor's barge); the customer's hold is over. False unless the consulted party answered.
     */
    boolean conference() {
        if (leg == null || !answered || !call.is(CallPhase.CONSULTING)) {
            return false;
        }
        call.monitor().callMoved(); // a supervisor monitoring the consult: the conference's mixer takes its place
        var media = call.services().media();
        media.unbridge(call.agent().media, leg.media);
        media.stopPlaying(call.caller().media);
        mixer = media.monitor(call.caller().media, call.agent().media, leg.media, MonitorMode.BARGE);
        call.consultOver(CallTrigger.CONFERENCE, null);
        progress(ConsultState.CONFERENCED);
        call.emit(new CallResumed(call.id(), consulter, call.now()));
        LOG.info("call {}: three-way conference", call.id());
        call.publishView();
        return true;
    }

    /**
     * CompleteConsult: the customer and the consulted party go on together, the agent's leg is hung up (from a
     * consult or a conference); false unless the consulted party answered.
     */
    boolean complete() {
        if (leg == null || !answered || !(call.is(CallPhase.CONSULTING) || call.is(CallPhase.CONFERENCING))) {
            return false;
        }
        SipLeg first = call.agent();
        handOver();
        call.legs().sendBye(first);
        return true;
    }

    /** The agent's phone hung up: in a conference the two others go on (true); otherwise the call ends (false). */
    boolean agentLeft(SipLeg bye) {
        if (!call.is(CallPhase.CONFERENCING) || bye != call.agent()) {
            return false;
        }
        handOver();
        call.legs().release(bye);
        return true;
    }

    /** The consult leg is joined to the customer's and becomes the call's (a number's: the call is EXTERNAL). */
    private void handOver() {
        call.monitor().callMoved(); // a supervisor monitoring the consult: its mixer gives the plain relay back first
        SipLeg target = leg;
        SipLeg first = call.agent();
        leg = null;
        queue = null;
        var media = call.services().media();
        if (mixer != null) {
            mixer.handOverToSupervisor(); // customer ⇄ consulted party relay directly, the agent's leg unbridged
            mixer = null;
        } else {
            media.unbridge(first.media, target.media);
            media.stopPlaying(call.caller().media);
            media.bridge(call.caller().media, target.media);
        }
        long now = call.now();
        if (target.role == LegRole.EXTERNAL) {
            call.consultOver(CallTrigger.CONSULT_EXTERNAL, target);
            progress(ConsultState.COMPLETED, null);
            call.clearOnce(ClearCause.TRANSFERRED, now);
        } else {
            call.consultOver(CallTrigger.CONSULT_COMPLETED, target);
            progress(ConsultState.COMPLETED, target.agentId);
        }
        LOG.info("call {}: consult completed, {} released", call.id(), consulter);
        call.publishView();
    }

    /** CancelConsult: false when the call has no consult (in a conference: the consulted party is dropped). */
    boolean cancel() {
        boolean waiting = leg == null && queue != null && call.is(CallPhase.CONSULTING);
        if (!waiting && (leg == null || !(call.is(CallPhase.CONSULTING) || call.is(CallPhase.CONFERENCING)))) {
            return false;
        }
        SipLeg target = leg;
        String targetAgentId = null;
        if (waiting) {
            call.services().media().stopPlaying(call.agent().media); // the queue's music the agent heard
        } else {
            targetAgentId = target.agentId;
            if (target == talking()) {
                call.monitor().callMoved();
            }
            call.legs().cancelOrBye(target);
            if (dropped(target, ConsultState.CANCELLED)) {
                return true;
            }
        }
        leg = null;
        queue = null;
        if (answered) {
            call.services().media().unbridge(call.agent().media, target.media);
        }
        call.consultOver(CallTrigger.CONSULT_CANCELLED, null);
        call.services().media().stopPlaying(call.caller().media);
        call.services().media().bridge(call.caller().media, call.agent().media);
        progress(ConsultState.CANCELLED, targetAgentId);
        call.emit(new CallResumed(call.id(), consulter, call.now()));
        LOG.info("call {}: consult cancelled", call.id());
        call.publishView();
        return true;
    }

    /** A BYE on {@code bye}: true when it was the consult leg (the agent goes back to the held customer). */
    boolean onBye(SipLeg bye) {
        if (bye != leg) {
            return false;
        }
        if (bye == talking()) {
            call.monitor().callMoved(); // the monitored consult is over: MonitorEnded CALL_MOVED
        }
        call.legs().release(bye);
        if (!dropped(bye, ConsultState.ENDED)) {
            returned(bye, ConsultState.ENDED);
        }
        return true;
    }

    /** In a conference the consulted party is gone ({@code why}): the customer and the agent talk on (true). */
    private boolean dropped(SipLeg gone, ConsultState why) {
        if (mixer == null || !call.is(CallPhase.CONFERENCING)) {
            return false;
        }
        leg = null;
        mixer.stop(); // the plain customer ⇄ agent relay again
        mixer = null;
        call.consultOver(CallTrigger.CONSULT_CANCELLED, null);
        progress(why, gone.agentId);
        LOG.info("call {}: the conferenced party left ({})", call.id(), why);
        call.publishView();
        return true;
    }

    /** The consulted party is gone ({@code why}): the agent hears silence, bridged back to the held customer. */
    private void returned(SipLeg gone, ConsultState why) {
        leg = null;
        queue = null;
        if (!call.is(CallPhase.CONSULTING)) {
            return;
        }
        call.consultOver(CallTrigger.CONSULT_RETURNED, null);
        call.holds().silenceAgent();
        call.services().media().bridge(call.caller().media, call.agent().media);
        progress(why, gone.agentId);
        LOG.info("call {}: consult {}, the customer stays held", call.id(), why);
        call.publishView();
    }

    /** The call ended: a conference's mixer stops ticking (its legs are being released). */
    void callEnded() {
        queue = null;
        if (mixer != null) {
            mixer.stop();
            mixer = null;
        }
    }

    private void progress(ConsultState state) {
        progress(state, leg.agentId);
    }

    private void progress(ConsultState state, String targetAgentId) {
        call.emit(new ConsultProgress(call.id(), consulter, targetAgentId, state, call.now()));
    }

    // ---------------------------------------------------------------- owner of the consult leg

    @Override
    public void onProgress(SipLeg ringing, boolean first) {
        // the agent hears nothing while the target rings
    }

    @Override
    public boolean wantsAnswer(SipLeg answering) {
        return answering == leg && call.is(CallPhase.CONSULTING);
    }

    @Override
    public void onAnswered(SipLeg answering, SipEvent.ResponseReceived ok) {
        call.sessions().onAnswered(answering, ok.response());
        answered = true;
        call.services().media().bridge(call.agent().media, answering.media);
        progress(ConsultState.CONNECTED);
    }

    @Override
    public void onFailed(SipLeg failed, int status, String reason) {
        if (failed != leg) {
            return;
        }
        LOG.info("call {}: consult not answered: {}", call.id(), status);
        if (queue != null && call.is(CallPhase.CONSULTING)) { // back to waiting for another of the queue's agents
            leg = null;
            progress(ConsultState.FAILED, failed.agentId);
            queueTreatment(call.agent());
            progress(ConsultState.QUEUED, null);
            call.publishView();
            return;
        }
        returned(failed, ConsultState.FAILED);
    }
}
