package dev.cti.server.call;

import dev.cti.config.CtiConfig;
import dev.cti.config.QueueConfig;
import dev.cti.link.message.AgentRingFailed;
import dev.cti.link.message.AgentRinging;
import dev.cti.link.message.CallAnswered;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.CallTransferred;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.HangUp;
import dev.cti.link.message.RingFailureReason;
import dev.cti.link.message.TargetKind;
import dev.cti.link.message.TransferOutcome;
import dev.cti.server.events.CallPushEvent;
import dev.cti.server.acd.Acd;
import dev.cti.server.agent.AgentEvent;
import dev.cti.server.agent.AgentEventType;
import dev.cti.server.agent.AgentRegistry;
import dev.cti.server.agent.Cause;
import dev.cti.server.compliance.HoldTimer;
import dev.cti.server.compliance.RingCount;
import dev.cti.server.kpi.QueueKpis;
import dev.cti.server.metrics.ServerMeters;
import dev.cti.server.store.CallRecord;
import dev.cti.server.store.HoldThresholdCrossing;
import dev.cti.server.store.QueueVisit;
import dev.cti.server.store.Store;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the gateway's events on one inbound call to the server's view of it: offered calls are queued,
 * ringing and ring failures move the call and its agent, answer / hold / resume drive the agent's state, the
 * ring count and the hold timer, and the call's end ({@link #finish}) writes the call detail record, feeds
 * the KPIs and ends the agent's call (wrap-up). Runs on the call center's context.
 */
final class CallLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(CallLifecycle.class);

    private final Vertx vertx;
    private final CtiConfig config;
    private final AgentRegistry agents;
    private final Store store;
    private final CallCenter.CommandSink gateway;
    private final Clock clock;
    private final Acd acd;
    private final QueueKpis kpis;
    private final MeterRegistry meters;
    private final Map<String, LiveCall> calls;
    private final CallDispatcher dispatcher;
    private final CallPush push;
    private final VisitRecorder visits;
    /** Calls transferred to a queue, until their CallOffered: the number of the visit that follows. */
    private final Map<String, Integer> nextVisits = new HashMap<>();

    CallLifecycle(Vertx vertx, CtiConfig config, AgentRegistry agents, Store store, CallCenter.CommandSink gateway,
                  Clock clock, Acd acd, QueueKpis kpis, MeterRegistry meters, Map<String, LiveCall> calls,
                  CallDispatcher dispatcher, CallPush push, VisitRecorder visits) {
        this.visits = visits;
        this.vertx = vertx;
        this.config = config;
        this.agents = agents;
        this.store = store;
        this.gateway = gateway;
        this.clock = clock;
        this.acd = acd;
        this.kpis = kpis;
        this.meters = meters;
        this.calls = calls;
        this.dispatcher = dispatcher;
        this.push = push;
    }

    void offered(CallOffered e) {
        if (calls.containsKey(e.callId())) {
            return; // repeated after a snapshot: the call is already known
        }
        Optional<QueueConfig> queue = config.queue(e.queueId());
        if (queue.isEmpty()) {
            LOG.warn("call {} offered to unknown queue {}; hanging up", e.callId(), e.queueId());
            gateway.send(new HangUp(e.callId(), ClearCause.FAILED));
            return;
        }
        LiveCall call = new LiveCall(e.callId(), e.queueId(), e.callerNumber(), e.dialledNumber(),
                Instant.ofEpochMilli(e.at()));
        Integer visitNo = nextVisits.remove(e.callId());
        if (visitNo != null) {
            call.visitNo = visitNo; // queued again by a transfer: a new visit, the answered one is kept
        }
        call.waiting = acd.enqueue(e.callId(), e.queueId(), call.arrivedAt);
        calls.put(call.callId, call);
        kpis.offered(e.queueId());
        recordCall(record(call, CallRecord.Outcome.IN_PROGRESS, Optional.empty()));
        visits.entered(call);
        push.call(call, "queued");
        dispatcher.dispatch();
    }

    void ringing(AgentRinging e) {
        LiveCall call = calls.get(e.callId());
        if (call != null && call.phase == LiveCall.Phase.OFFERING) {
            call.phase = LiveCall.Phase.RINGING;
            push.call(call, "ringing");
        }
    }

    void ringFailed(AgentRingFailed e) {
        if (e.reason() == RingFailureReason.CANCELLED) {
            return; // the caller hung up while it rang: CallCleared follows
        }
        ServerMeters.RING_FAILURES.counter(meters, e.reason().name()).increment();
        AgentEventType type = e.reason() == RingFailureReason.NO_ANSWER
                ? AgentEventType.RING_NO_ANSWER : AgentEventType.RING_FAILED;
        // The agent's machine gives the call back (AgentRegistry#requeueTo) when it accepts the event.
        agents.fire(e.agentId(), AgentEvent.call(type, Cause.sip(), e.callId())).onSuccess(r -> {
            if (!r.accepted()) {
                LiveCall call = calls.get(e.callId());
                if (call != null && call.withAgent() && call.agentId.equals(Optional.of(e.agentId()))) {
                    dispatcher.backToQueue(call);
                }
            }
        });
    }

    void answered(CallAnswered e) {
        answered(e, Cause.sip());
    }

    /** CallAnswered, or an answer a snapshot showed ({@code why}: reconciliation). */
    void answered(CallAnswered e, Cause why) {
        LiveCall call = calls.get(e.callId());
        if (call == null) {
            return;
        }
        if ((call.phase == LiveCall.Phase.CONNECTED || call.phase == LiveCall.Phase.HELD)
                && call.agentId.equals(Optional.of(e.agentId()))) {
            return; // a repeat (replayed after a reconnection, or after a snapshot that adopted the call): applied once
        }
        call.phase = LiveCall.Phase.CONNECTED;
        call.agentId = Optional.of(e.agentId());
        call.answeredAt = Instant.ofEpochMilli(e.at());
        call.ringMillis = e.ringMillis();
        call.ringCount = RingCount.of(Duration.ofMillis(e.ringMillis()), config.compliance());
        call.holdTimer = holdTimer(call.callId, e.agentId());
        agents.fire(e.agentId(), AgentEvent.call(AgentEventType.ANSWERED, why, e.callId()));
        kpis.answered(call.queueId, Duration.between(call.arrivedAt, call.answeredAt), call.ringCount);
        recordCall(record(call, CallRecord.Outcome.IN_PROGRESS, Optional.empty()));
        visits.answered(call);
        push.call(call, "answered");
    }

    /**
     * CallHeld ({@code held}) or CallResumed, at the gateway's time of the event {@code at}: hold time and thresholds
     * are right also for a hold replayed after a link outage. A repeat (held while held) changes nothing.
     */
    void held(String callId, boolean held, Instant at) {
        held(callId, held, at, Cause.sip());
    }

    /** A hold or resume a snapshot showed ({@code why}: reconciliation), taken as of now. */
    void held(String callId, boolean held, Cause why) {
        held(callId, held, clock.instant(), why);
    }

    private void held(String callId, boolean held, Instant at, Cause why) {
        LiveCall call = calls.get(callId);
        if (call == null || call.agentId.isEmpty() || call.holdTimer == null) {
            return;
        }
        if (held == (call.phase == LiveCall.Phase.HELD)) {
            return;
        }
        if (held) {
            call.holdTimer.hold(at);
            call.heldSince = at;
            call.phase = LiveCall.Phase.HELD;
        } else {
            call.holdTimer.resume(at);
            call.heldSince = null;
            call.phase = LiveCall.Phase.CONNECTED;
        }
        if (!call.takenOver) {
            agents.fire(call.agentId.get(), AgentEvent.call(held ? AgentEventType.HELD : AgentEventType.RESUMED,
                    why, callId));
        }
        push.call(call, held ? "held" : "resumed");
    }

    /**
     * CallTransferred. A blind transfer to a queue that completed (the agent's phone's REFER or the Transfer command;
     * the gateway's CallOffered for the target queue follows) ends the agent's part of the call as the caller's
     * hang-up would: the answered visit's KPIs and handle time, the agent's wrap-up; and the call leaves the live
     * calls, so the CallOffered that follows queues it again as a new visit, to be offered to the next agent. The CDR
     * (upserted by id) follows the call's latest visit; the transfer itself is kept in {@code call_transfers} and the
     * first agent's part in the agent history. A transfer to a number ends with CallCleared(TRANSFERRED).
     */
    void transferred(CallTransferred e) {
        LiveCall call = calls.get(e.callId());
        if (call == null) {
            return;
        }
        if (e.kind() == TargetKind.QUEUE && e.outcome() == TransferOutcome.COMPLETED && call.answeredAt != null) {
            calls.remove(e.callId());
            acd.remove(call.callId);
            Instant at = Instant.ofEpochMilli(e.at());
            if (call.holdTimer != null) {
                call.holdTimer.resume();
            }
            answeredVisitEnded(call, at);
            nextVisits.put(call.callId, call.visitNo + 1);
            if (!call.takenOver) {
                call.agentId.ifPresent(agent -> agents.fire(agent, AgentEvent.call(AgentEventType.CALL_ENDED,
                        Cause.sip(), call.callId)));
            }
            LOG.info("call {} transferred to queue {}: {}'s part ended", call.callId, e.target(),
                    call.agentId.orElse("-"));
        }
        push.call(call, "transferred");
    }

    /** The KPIs and handle time of a visit that an agent answered, ended at {@code at}. */
    private void answeredVisitEnded(LiveCall call, Instant at) {
        QueueConfig q = config.queue(call.queueId).orElseThrow();
        Duration hold = call.holdTimer == null ? Duration.ZERO : call.holdTimer.totalHeld();
        Duration talk = nonNegative(Duration.between(call.answeredAt, at).minus(hold));
        acd.recordHandleTime(call.queueId, talk.plus(hold).plusSeconds(q.wrapUpSeconds()));
        call.agentId.ifPresent(dispatcher::handled);
        kpis.callEnded(call.callId, call.queueId, talk, hold);
        visits.ended(call, at, talk, hold);
    }

    /** CallCleared; false when the server did not know the call. */
    boolean cleared(CallCleared e) {
        nextVisits.remove(e.callId());
        LiveCall call = calls.remove(e.callId());
        if (call == null) {
            return false;
        }
        finish(call, e.cause(), Instant.ofEpochMilli(e.at()), Cause.sip());
        return true;
    }

    /**
     * CallCleared of a caller who left a callback that keeps their place (issue 17), still waiting: the entry stays in
     * the ACD ({@link Acd#keepPlace}); the visit and the CDR end CALLBACK, neither answered nor abandoned, so the live
     * calls' service level is not moved (docs/METRICS.md). False when the call was not waiting (then it ends as usual).
     */
    boolean clearedForCallback(CallCleared e) {
        LiveCall call = calls.get(e.callId());
        if (call == null || call.phase != LiveCall.Phase.QUEUED) {
            return false;
        }
        calls.remove(e.callId());
        nextVisits.remove(e.callId());
        acd.keepPlace(call.callId);
        Instant at = Instant.ofEpochMilli(e.at());
        visits.left(call, QueueVisit.Outcome.CALLBACK, at, Optional.empty());
        recordCall(record(call, CallRecord.Outcome.CALLBACK, Optional.of(at)));
        push.call(call, "cleared", Optional.of(e.cause().name()), Optional.of(CallRecord.Outcome.CALLBACK.name()));
        dispatcher.dispatch();
        return true;
    }

    /** The inbound call {@code agentId} is connected on (answered, possibly held), if any. */
    Optional<String> connectedCall(String agentId) {
        return calls.values().stream().filter(c -> !c.takenOver && c.agentId.equals(Optional.of(agentId)))
                .filter(c -> c.phase == LiveCall.Phase.CONNECTED || c.phase == LiveCall.Phase.HELD)
                .map(c -> c.callId).findFirst();
    }

    /** A supervisor took the call over: it is now {@code seatId}'s, its agent goes to wrap-up. */
    void takenOver(String callId, String seatId, Cause cause) {
        LiveCall call = calls.get(callId);
        if (call == null || call.takenOver) {
            return;
        }
        Optional<String> agent = call.agentId;
        call.takenOver = true;
        call.agentId = Optional.of(seatId);
        agent.ifPresent(a -> agents.fire(a, AgentEvent.call(AgentEventType.CALL_ENDED, cause, callId)));
        push.call(call, "taken-over");
    }

    /**
     * Ends the server's side of a call that is already out of the live calls: agent, queue, hold timer,
     * KPIs, CDR, push.
     */
    void finish(LiveCall call, ClearCause cause, Instant at, Cause why) {
        acd.remove(call.callId);
        if (call.holdTimer != null) {
            call.holdTimer.resume(at);
        }
        CallRecord.Outcome outcome;
        if (call.answeredAt != null) {
            outcome = CallRecord.Outcome.ANSWERED;
            answeredVisitEnded(call, at);
        } else if (cause == ClearCause.MAX_WAIT) {
            outcome = CallRecord.Outcome.TIMED_OUT;
            kpis.timedOut(call.queueId);
            visits.left(call, QueueVisit.Outcome.TIMED_OUT, at, Optional.empty());
        } else if (cause == ClearCause.FAILED) {
            outcome = CallRecord.Outcome.FAILED;
            visits.left(call, QueueVisit.Outcome.FAILED, at, Optional.empty());
        } else {
            outcome = CallRecord.Outcome.ABANDONED;
            kpis.abandoned(call.queueId, Duration.between(call.arrivedAt, at));
            visits.left(call, QueueVisit.Outcome.ABANDONED, at, Optional.empty());
        }
        if (!call.takenOver) { // after a take-over the original agent is already in wrap-up
            call.agentId.ifPresent(agent -> agents.fire(agent, AgentEvent.call(AgentEventType.CALL_ENDED, why,
                    call.callId)));
        }
        recordCall(record(call, outcome, Optional.of(at)));
        push.call(call, "cleared", Optional.of(cause.name()), Optional.of(outcome.name()));
        dispatcher.dispatch();
    }

    /** A step of a call's CDR: awaited, retried, alerted when it cannot be stored ({@code StoreAlerts}). */
    void recordCall(CallRecord r) {
        store.alerts().durably("call", r.id(), () -> store.recordCall(r));
    }

    /** The hold timer of an answered call: compliance thresholds are counted, stored and pushed. */
    HoldTimer holdTimer(String callId, String agentId) {
        return new HoldTimer(callId, agentId, config.compliance().holdThresholdsSeconds(), clock, vertxTimers(),
                this::holdThresholdCrossed);
    }

    private void holdThresholdCrossed(HoldTimer.Crossing c) {
        ServerMeters.HOLD_THRESHOLD_CROSSINGS.counter(meters, Integer.toString(c.thresholdSeconds()))
                .increment();
        // stored with its true time, also when reported late (a hold replayed after a link outage)
        HoldThresholdCrossing crossing = new HoldThresholdCrossing(c.callId(), c.agentId(), c.thresholdSeconds(),
                c.holdStartedAt().plusSeconds(c.thresholdSeconds()));
        store.alerts().durably("hold_threshold", c.callId(), () -> store.recordHoldThresholdCrossing(crossing))
                .onComplete(ar -> push.publish(new CallPushEvent.HoldThreshold(push.stamp(), c.callId(), c.agentId(),
                        c.thresholdSeconds(), c.level(), c.holdStartedAt())));
    }

    /**
     * The call detail record as far as the call has come. Wait is queue time before the answering ring
     * (ring time is separate); talk excludes hold.
     */
    private CallRecord record(LiveCall c, CallRecord.Outcome outcome, Optional<Instant> endedAt) {
        Instant end = endedAt.orElse(clock.instant());
        Duration ring = Duration.ofMillis(c.ringMillis);
        Duration wait = c.answeredAt != null ? nonNegative(Duration.between(c.arrivedAt, c.answeredAt).minus(ring))
                : Duration.between(c.arrivedAt, end);
        Duration hold = c.holdTimer == null ? Duration.ZERO : c.holdTimer.totalHeld();
        Duration talk = c.answeredAt == null || endedAt.isEmpty() ? Duration.ZERO
                : nonNegative(Duration.between(c.answeredAt, end).minus(hold));
        return new CallRecord(c.callId, CallRecord.Direction.INBOUND, Optional.of(c.queueId),
                Optional.ofNullable(c.callerNumber), Optional.ofNullable(c.dialledNumber).filter(d -> !d.isEmpty()),
                c.agentId, outcome, wait, ring, talk, hold, Duration.ZERO, Optional.empty(), Optional.empty(),
                c.arrivedAt, Optional.ofNullable(c.answeredAt), endedAt);
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }

    private HoldTimer.Timers vertxTimers() {
        return new HoldTimer.Timers() {
            @Override
            public long schedule(Duration delay, Runnable task) {
                return vertx.setTimer(Math.max(1, delay.toMillis()), id -> task.run());
            }

            @Override
            public void cancel(long handle) {
                vertx.cancelTimer(handle);
            }
        };
    }
}
