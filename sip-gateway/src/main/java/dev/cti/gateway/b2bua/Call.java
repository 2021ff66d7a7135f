package dev.cti.gateway.b2bua;

import dev.cti.config.QueueConfig;
import dev.cti.gateway.media.MediaLeg;
import dev.cti.gateway.sip.guard.CallAdmission;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.RingFailureReason;
import dev.cti.link.message.Snapshot;
import dev.cti.protocol.audio.G711;
import dev.cti.protocol.statemachine.StateMachine;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One customer call, the context every part of it works in and the one owner of its state: the caller's leg, at most
 * one agent leg being rung or connected, the queue, when it was answered, the call's state machine
 * ({@link CallTransitions}), the snapshot view, and the ending of the call. It owns two small pieces: its SIP legs
 * ({@link CallLegs}: made, found, secured, ended one by one, released; an external leg after a blind transfer to a
 * number and a supervisor's leg while monitored are there too) and its hold bookkeeping ({@link CallHold}). Its parts
 * read its state through accessors and change it only through the intention methods below ({@link #connected},
 * {@link #held}, {@link #requeue}, ...), which move the machine and keep the fields consistent in one place. The
 * parts: {@link CallInbound} (the customer's INVITE), {@link LegDialer} (every leg we dial), {@link CallDialogs}
 * (in-dialog routing: requests, responses and timeouts, the INVITE outcomes to each leg's {@link LegOwner}), the
 * owners {@link CallDelivery}, {@link CallOriginate}, {@link CallTransfers} and {@link CallMonitor}, and the features
 * (holds, re-INVITEs, session timers, recording, remote answer, trunk challenges).
 *
 * <p>Threads: every method runs on the call's {@link SerialExecutor} (the B2BUA, the router and the link commands
 * hop there before calling in), so nothing here needs a lock. The exceptions, safe from any thread: {@link #id()}
 * and {@link #executor()} (final), and {@link #view()} (a volatile snapshot, read by the B2BUA's snapshot).
 */
final class Call {
    private static final Logger LOG = LoggerFactory.getLogger(Call.class);
    /** RFC 4028 422 Session Interval Too Small (jain-sip has no constant for it). */
    static final int SESSION_INTERVAL_TOO_SMALL = 422;

    private final String id;
    private final Executor executor;
    private final CallServices s;
    private final StateMachine<CallPhase, CallTrigger> fsm;
    private final CallLegs legs;
    private final CallHold hold;
    private final CallDialogs dialogs;
    private final LegDialer dialer;
    private final CallInbound inbound;
    private final CallTransfers transfers;
    private final CallSessionTimers sessions;
    private final CallReInvites reInvites;
    private final CallDelivery delivery;
    private final CallOriginate originate;
    private final CallMonitor monitor;
    private final CallConsult consult;
    private final CallHolds holds;
    private final CallRemoteAnswer remoteAnswer;
    private final CallRecorder recorder;
    private final TrunkChallenges trunkAuth;
    private final CallMenu menu;
    private final CallAdmission.Permit permit;

    private final String callerNumber;
    private final String dialledNumber;
    private final String trunkId;
    private final long startedAt;
    private QueueConfig queue;
    private Long answeredAt;
    private SipLeg caller;
    /** The agent leg being rung or connected; null while queued. */
    private SipLeg agent;
    /** The server knows the call (snapshot, CallCleared): after our 200 to the caller, or from an Originate. */
    private boolean offered;
    private boolean cleared;
    private volatile Snapshot.CallSnapshot view;

    Call(String id, Executor executor, CallServices services, QueueConfig queue, String callerNumber,
         String dialledNumber, String trunkId, CallAdmission.Permit permit, CallPhase initial) {
        this.id = id;
        // A bug in one handler must not leave the call half-alive: log it, count it and end the call.
        this.executor = task -> executor.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("call {}: handler failed, ending the call", id, e);
                services.metrics().callError();
                end(ClearCause.FAILED, null);
            }
        });
        this.s = services;
        this.queue = queue;
        this.callerNumber = callerNumber;
        this.dialledNumber = dialledNumber;
        this.trunkId = trunkId;
        this.permit = permit;
        this.startedAt = services.clock().millis();
        this.fsm = new StateMachine<>(CallTransitions.TABLE, initial, (state, trigger) -> {
            LOG.warn("call {}: {} not expected in {}", id, trigger, state);
            services.metrics().unexpected("call", state, trigger);
        });
        this.legs = new CallLegs(this, services);
        this.hold = new CallHold(fsm);
        this.dialogs = new CallDialogs(this);
        this.dialer = new LegDialer(this);
        this.inbound = new CallInbound(this);
        this.transfers = new CallTransfers(this);
        this.sessions = new CallSessionTimers(this);
        this.reInvites = new CallReInvites(this);
        this.delivery = new CallDelivery(this);
        this.originate = new CallOriginate(this);
        this.monitor = new CallMonitor(this); // follows fsm's hold changes
        this.recorder = new CallRecorder(this); // so does the recording (hold spans)
        this.holds = new CallHolds(this);
        this.consult = new CallConsult(this);
        this.remoteAnswer = new CallRemoteAnswer(this);
        this.trunkAuth = new TrunkChallenges(this);
        this.menu = new CallMenu(this);
        publishView();
    }

    // ---------------------------------------------------------------- reads (on the call's executor but id, executor)

    String id() { return id; }

    /** The call's {@link SerialExecutor} (wrapped: a handler's failure ends the call); every other thread hops here. */
    Executor executor() { return executor; }
    CallServices services() { return s; }
    String callerNumber() { return callerNumber; }
    String dialledNumber() { return dialledNumber; }
    String trunkId() { return trunkId; }

    /** The queue the call waits in or came from; null for an Originate. */
    QueueConfig queue() { return queue; }

    /** The customer's leg; null until the trunk's INVITE is taken or, outbound, until the trunk is dialled. */
    SipLeg caller() { return caller; }

    /** The agent leg being rung or connected (after a take-over, the supervisor's); null while queued. */
    SipLeg agent() { return agent; }

    /** When the customer and an agent were first connected (null before, again null after a requeue). */
    Long answeredAt() { return answeredAt; }

    /** When the current hold began ({@link CallHold#since}). */
    Long heldAt() { return hold.since(); }

    /** The call's SIP legs: made, found, ended one by one, released. */
    CallLegs legs() { return legs; }
    CallDialogs dialogs() { return dialogs; }
    LegDialer dialer() { return dialer; }
    CallInbound inbound() { return inbound; }
    CallTransfers transfers() { return transfers; }
    CallSessionTimers sessions() { return sessions; }
    CallReInvites reInvites() { return reInvites; }
    CallDelivery delivery() { return delivery; }
    CallOriginate originate() { return originate; }
    CallMonitor monitor() { return monitor; }
    CallHolds holds() { return holds; }
    CallConsult consult() { return consult; }
    CallRemoteAnswer remoteAnswer() { return remoteAnswer; }
    CallRecorder recorder() { return recorder; }
    TrunkChallenges trunkAuth() { return trunkAuth; }
    CallMenu menu() { return menu; }

    CallPhase phase() { return fsm.state(); }
    boolean is(CallPhase phase) { return fsm.is(phase); }
    boolean accepts(CallTrigger trigger) { return fsm.accepts(trigger); }

    /**
     * A transition of {@link CallTransitions} that changes none of the call's fields (ANNOUNCE, TRANSFER_DIAL, ...);
     * the ones that do go through the methods below. False (counted as unexpected) when the phase does not allow it.
     */
    boolean fire(CallTrigger trigger) {
        return fsm.fire(trigger);
    }

    /** A part follows the phase (the monitor's mixer and the recording follow holds); called from the constructor. */
    void onPhaseChange(StateMachine.TransitionListener<CallPhase, CallTrigger> listener) {
        fsm.onTransition(listener);
    }

    /** The call as the server's snapshot shows it, or null when it is not the server's (any thread). */
    Snapshot.CallSnapshot view() {
        return view;
    }

    void publishView() {
        var state = fsm.state().linkState();
        if (state == null || cleared || !offered && fsm.is(CallPhase.ANSWERING)) { // cleared: a survey's
            view = null;
            return;
        }
        view = new Snapshot.CallSnapshot(id, state, queue == null ? null : queue.id(),
                agent == null ? null : agent.agentId, agent == null ? null : agent.extension, callerNumber, startedAt,
                answeredAt, hold.since(), monitor.snapshot(), recorder.snapshot());
    }

    /** Music for hold and queueing: the call's queue's, or the first queue's for outbound calls. */
    dev.cti.gateway.media.audio.Prompt holdMusic() {
        QueueConfig q = queue != null ? queue : s.config().queues().isEmpty() ? null : s.config().queues().get(0);
        return q == null ? null : s.prompts().music(q);
    }

    G711 customerCodec() {
        return caller == null ? G711.PCMU : caller.codecOr(G711.PCMU);
    }

    // ---------------------------------------------------------------- what the parts change (the only writes)

    /** From now on the server knows this call (its snapshot lists it; it gets a CallCleared). */
    void markOffered() {
        offered = true;
    }

    /** CallCleared, once, for a call the server knows: the wait until the answer (or now), the talk since. */
    void clearOnce(ClearCause cause, long now) {
        if (!offered || cleared) {
            return;
        }
        cleared = true;
        long answered = answeredAt != null ? answeredAt : now;
        emit(new CallCleared(id, cause, answered - startedAt, now - answered, now));
    }

    /** The customer's leg: the trunk's INVITE (inbound) or, for an Originate, the leg dialled through the trunk. */
    void callerIs(SipLeg leg) {
        caller = leg;
    }

    /** DeliverToAgent: {@code leg} rings {@code agentId}'s {@code extension}; the call is RINGING (DELIVER). */
    void ringing(SipLeg leg, String agentId, String extension) {
        fsm.fire(CallTrigger.DELIVER);
        agentLeg(leg, agentId, extension);
    }

    /** Originate: {@code leg} rings {@code agentId}'s {@code extension} first; the call stays ORIGINATING. */
    void originatedBy(SipLeg leg, String agentId, String extension) {
        agentLeg(leg, agentId, extension);
    }

    private void agentLeg(SipLeg leg, String agentId, String extension) {
        leg.agentId = agentId;
        leg.extension = extension;
        agent = leg;
    }

    /** The ring in progress is over: its leg is no longer the call's agent leg (a new ring follows: no transition). */
    void ringEnded() {
        agent = null;
    }

    /** The ring failed: no agent leg, back to QUEUED (RING_FAILED); false when the phase does not allow it. */
    boolean ringFailed() {
        agent = null;
        return fsm.fire(CallTrigger.RING_FAILED);
    }

    /** The rung agent answered at {@code at}: {@code agentLeg} is the call's agent leg, CONNECTED (AGENT_ANSWERED). */
    void connected(SipLeg agentLeg, long at) {
        agent = agentLeg;
        answeredAt = at;
        fsm.fire(CallTrigger.AGENT_ANSWERED);
    }

    /** Originate: the customer answered at {@code at}, the call is CONNECTED (REMOTE_ANSWERED). */
    void customerAnswered(long at) {
        answeredAt = at;
        fsm.fire(CallTrigger.REMOTE_ANSWERED);
    }

    /** A hold by {@code by} at {@code at} (see {@link CallHold#held}); false when the phase does not allow it. */
    boolean held(CallHold.Holder by, long at) {
        return hold.held(by, at);
    }

    /** {@code by} ends the hold (see {@link CallHold#resumed}); false when the phase does not allow it. */
    boolean resumed(CallHold.Holder by) {
        return hold.resumed(by);
    }

    /** A blind transfer to a number was answered: the agent leg is gone (BYEd), the call is EXTERNAL. */
    void transferCompleted() {
        agent = null;
        fsm.fire(CallTrigger.TRANSFER_ANSWERED);
    }

    /** Consult: the gateway holds the customer while the agent calls another party (see {@link CallHold#consulting}). */
    boolean consulting(long at) {
        return hold.consulting(at);
    }

    /** The consult ends by {@code how} ({@link CallHold#consultOver}); on CONSULT_COMPLETED {@code leg} is the agent's. */
    boolean consultOver(CallTrigger how, SipLeg leg) {
        if (how == CallTrigger.CONSULT_COMPLETED) {
            takenOverBy(leg);
        } else if (how == CallTrigger.CONSULT_EXTERNAL) {
            agent = null;
        }
        return hold.consultOver(how);
    }

    /** TAKEOVER: the supervisor's {@code leg} is the call's agent leg from now on, owned by {@link CallDelivery}. */
    void takenOverBy(SipLeg leg) {
        agent = leg;
        leg.owner = delivery;
    }

    /** Back to a queue (a transfer to a queue): no agent, neither answered nor held any more. */
    void requeue(QueueConfig to) {
        agent = null;
        answeredAt = null;
        hold.clear();
        queue = to;
        fsm.fire(CallTrigger.REQUEUE);
    }

    /** The agent's leg is gone and the customer stays for the survey: no agent, no hold (SURVEY). */
    boolean surveying() {
        agent = null;
        hold.clear();
        return fsm.fire(CallTrigger.SURVEY);
    }

    /** Out of a voice menu into its first queue (RouteToQueue). */
    void enterQueue(QueueConfig to) { queue = to; }

    /** The customer hears the music on hold (hold, a transfer ringing out). */
    void musicToCaller() {
        s.media().play(caller.media, List.of(), holdMusic());
    }

    void playQueueTreatment(List<dev.cti.gateway.media.audio.Prompt> prompts) {
        if (caller != null && caller.media != null) {
            s.media().play(caller.media, prompts, holdMusic());
        }
    }

    // ---------------------------------------------------------------- commands

    void announce(int position, int estimatedWaitSeconds, boolean offerCallback) {
        if (fsm.fire(CallTrigger.ANNOUNCE)) {
            playQueueTreatment(s.prompts().announcement(queue, position, estimatedWaitSeconds, offerCallback));
        }
    }

    /** HangUp from the server. */
    void hangUp(ClearCause cause) {
        end(cause == null ? ClearCause.SERVER_HANGUP : cause, null);
    }

    /** What a final response to an agent leg's INVITE means for the ring (AgentRingFailed). */
    static RingFailureReason reasonOf(int status) {
        return switch (status) {
            case Response.BUSY_HERE, Response.BUSY_EVERYWHERE -> RingFailureReason.BUSY;
            case Response.DECLINE -> RingFailureReason.REJECTED;
            case Response.REQUEST_TERMINATED -> RingFailureReason.CANCELLED;
            default -> RingFailureReason.UNREACHABLE;
        };
    }

    /** The RTP of one of the call's legs stopped: its far end vanished. */
    void onMediaInactive(MediaLeg media) {
        if (fsm.is(CallPhase.ENDED) || monitor.onMediaInactive(media)) {
            return;
        }
        boolean ours = legs.all().stream().anyMatch(l -> l.media == media && l.state().alive());
        if (ours) {
            LOG.info("call {}: no RTP for too long, clearing", id);
            end(ClearCause.RTP_TIMEOUT, null);
        }
    }

    // ---------------------------------------------------------------- ending

    /** Ends the call: every live leg but {@code except} is cancelled / BYEd / rejected, media released, once. */
    void end(ClearCause cause, SipLeg except) {
        boolean ringing = fsm.is(CallPhase.RINGING);
        boolean surveyed = fsm.is(CallPhase.SURVEY);
        if (!fsm.fire(CallTrigger.END)) {
            return;
        }
        menu.ended(surveyed); // SurveyLeft: the server's survey learns the customer is gone
        delivery.cancelRingTimer();
        monitor.callEnded(); // MonitorEnded CALL_ENDED before CallCleared
        consult.callEnded(); // a conference's mixer stops before the legs go
        recorder.callEnded(); // before the customer's leg is released: the recording is finished from what it has
        if (ringing && agent != null && offered) {
            delivery.ringEndedWithCall(); // AgentRingFailed CANCELLED: the server reserved the agent for this ring
        }
        for (SipLeg leg : List.copyOf(legs.all())) {
            if (leg != except) {
                legs.cancelOrBye(leg);
            }
            legs.release(leg); // the call is over: late answers to a CANCEL/BYE are dropped by the B2BUA
        }
        permit.close();
        clearOnce(cause, now());
        s.metrics().callEnded(cause);
        LOG.info("call {} ended: {}", id, cause);
        publishView();
        s.directory().removed(this);
    }

    void emit(dev.cti.link.message.LinkEvent event) {
        s.events().accept(event);
    }

    /** Runs {@code task} on the call's executor after {@code seconds} (ring timeouts). */
    ScheduledFuture<?> schedule(Runnable task, int seconds) {
        return s.timers().schedule(() -> executor.execute(task), seconds, java.util.concurrent.TimeUnit.SECONDS);
    }

    long now() {
        return s.clock().millis();
    }

    @Override
    public String toString() {
        return "Call[" + id + " " + fsm.state() + "]";
    }
}
