package dev.cti.server.call;

import dev.cti.config.AgentConfig;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.CallHeld;
import dev.cti.link.message.CallResumed;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.CommandRejected;
import dev.cti.link.message.LinkEvent;
import dev.cti.link.message.Originate;
import dev.cti.link.message.OriginateProgress;
import dev.cti.link.message.OriginateState;
import dev.cti.link.message.Snapshot;
import dev.cti.server.events.CallPushEvent;
import dev.cti.server.events.CallSummary;
import dev.cti.server.agent.AgentEvent;
import dev.cti.server.agent.AgentEventType;
import dev.cti.server.agent.AgentRegistry;
import dev.cti.server.agent.AgentState;
import dev.cti.server.agent.Cause;
import dev.cti.server.compliance.HoldTimer;
import dev.cti.privacy.PhoneMask;
import dev.cti.server.store.CallRecord;
import dev.cti.server.store.Store;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Click-to-dial: the server puts the agent in DIALING (durably) and asks the gateway to ring the agent's
 * phone and then the customer (Originate); the gateway's progress and the call's end drive the agent back.
 * The agent's machine knows the call by the request id; the gateway's call id is mapped onto it when the
 * first progress arrives. An answered call can be monitored like an inbound one ({@link #connectedCall}) and taken
 * over by a supervisor ({@link #takenOver}: the agent goes to wrap-up, the call's end no longer touches the agent).
 * A gateway snapshot ({@link #reconcile}) binds and connects calls whose progress was lost and finishes the ones the
 * gateway no longer has. An internal call (issue 18) dials a colleague's seat instead of a number: the colleague goes
 * DIALING with it and ON_CALL on the answer, its record is INTERNAL (no customer call in the KPIs). Runs on the call
 * center's context.
 */
final class OutboundDialer {
    private final AgentRegistry agents;
    private final Store store;
    private final CallCenter.CommandSink gateway;
    private final Clock clock;
    private final Consumer<String> published;
    /** Told (request id, gateway call id) when the gateway names a dial's call: QA ties the two ids together. */
    private java.util.function.BiConsumer<String, String> named = (requestId, callId) -> { };
    /** Told (request id, whether the customer answered) when a dial is over: scheduled callbacks take their outcome. */
    private java.util.function.BiConsumer<String, Boolean> ended = (requestId, answered) -> { };
    private final BiFunction<String, String, HoldTimer> holdTimers;
    private final CallPush push;
    private final Map<String, OutboundDial> byRequest = new HashMap<>();
    private final Map<String, OutboundDial> byCall = new HashMap<>();

    /**
     * @param holdTimers the hold timer of a call (gateway call id, agent id), as queue calls get it: its threshold
     *                   crossings are stored and pushed to the agent and the supervisors
     */
    OutboundDialer(AgentRegistry agents, Store store, CallCenter.CommandSink gateway, Clock clock,
                   Consumer<String> published, BiFunction<String, String, HoldTimer> holdTimers, CallPush push) {
        this.holdTimers = holdTimers;
        this.push = push;
        this.agents = agents;
        this.store = store;
        this.gateway = gateway;
        this.clock = clock;
        this.published = published;
    }

    /** Starts a call from {@code agent} to {@code number}; completes with the request id once commanded. */
    Future<String> dial(AgentConfig agent, String number, Cause cause) {
        return dial(agent, number, cause, Optional.empty());
    }

    /** As above; {@code queueId} gives the call its wrap-up rules (a preview campaign's queue). */
    Future<String> dial(AgentConfig agent, String number, Cause cause, Optional<String> queueId) {
        return dial(agent, number, Optional.empty(), false, cause, "dial-" + UUID.randomUUID(), queueId);
    }

    /**
     * An internal call from {@code agent} to the colleague {@code to}. A logged-in colleague goes DIALING first and
     * follows the call (refused when it cannot take a call now: {@link CallConsults.Refused} {@code agent_unavailable});
     * a logged-out seat (a supervisor's phone, say) is just rung. Then the agent goes DIALING.
     */
    Future<String> dialColleague(AgentConfig agent, AgentConfig to, Cause cause) {
        if (to.id().equals(agent.id())) {
            return Future.failedFuture(new CallConsults.Refused("agent_unavailable", "an agent cannot call itself"));
        }
        String requestId = "dial-" + UUID.randomUUID();
        if (agents.snapshot(to.id()).map(a -> a.state() == AgentState.LOGGED_OUT).orElse(true)) {
            return dial(agent, to.extension(), Optional.of(to), false, cause, requestId, Optional.empty());
        }
        return agents.fire(to.id(), AgentEvent.dial(cause, requestId, agent.extension(), Optional.empty())).compose(r ->
                r.accepted() ? dial(agent, to.extension(), Optional.of(to), true, cause, requestId, Optional.empty())
                        .onFailure(e ->
                        agents.fire(to.id(), AgentEvent.call(AgentEventType.DIAL_FAILED, cause, requestId)))
                        : Future.failedFuture(new CallConsults.Refused("agent_unavailable",
                                "agent " + to.id() + " cannot take a call now")));
    }

    private Future<String> dial(AgentConfig agent, String number, Optional<AgentConfig> colleague, boolean follows,
                                Cause cause, String requestId, Optional<String> queueId) {
        return agents.fire(agent.id(), AgentEvent.dial(cause, requestId, number, queueId)).compose(r -> {
            if (!r.accepted()) {
                return Future.failedFuture(new IllegalStateException(r.toString()));
            }
            OutboundDial dial = new OutboundDial(requestId, agent.id(), number, clock.instant());
            dial.colleague = colleague.map(AgentConfig::id);
            dial.colleagueFollows = follows;
            byRequest.put(requestId, dial);
            return gateway.send(colleague.map(c -> Originate.internal(requestId, agent.id(), agent.extension(), c.id(),
                            c.extension())).orElseGet(() -> new Originate(requestId, agent.id(), agent.extension(), number)))
                    .map(seq -> requestId)
                    .recover(err -> {
                        fail(byRequest.remove(requestId));
                        return Future.failedFuture(err);
                    });
        });
    }

    /** Whether an agent's call id is a click-to-dial request id (this dialer's {@code dial-<uuid>}). */
    static boolean isRequestId(String agentCallId) {
        return agentCallId.startsWith("dial-");
    }

    /** How long an Originate may go without a gateway call id before a snapshot without it frees the agent. */
    static final Duration PENDING_GRACE = Duration.ofSeconds(10);

    /** The gateway call id of {@code agentId}'s answered (possibly held) click-to-dial call, unless taken over. */
    Optional<String> connectedCall(String agentId) {
        return byCall.values().stream()
                .filter(d -> d.agentId.equals(agentId) && d.answeredAt != null && d.takenOverBy == null)
                .map(d -> d.callId).findFirst();
    }

    /** The agent of the click-to-dial call {@code callId} (the supervisor's seat after a take-over), if it is one. */
    Optional<String> agentOf(String callId) {
        OutboundDial d = byCall.get(callId);
        return d == null ? Optional.empty() : Optional.of(d.takenOverBy != null ? d.takenOverBy : d.agentId);
    }

    /**
     * A supervisor took the call over (MonitorStarted / MonitorModeChanged in TAKEOVER): the call is now
     * {@code seatId}'s, the agent ends it now ({@code cause}) and goes to wrap-up; its hold and end no longer reach
     * the agent. False when {@code callId} is not a click-to-dial call.
     */
    boolean takenOver(String callId, String seatId, Cause cause) {
        OutboundDial d = byCall.get(callId);
        if (d == null) {
            return false;
        }
        if (d.takenOverBy == null) {
            d.takenOverBy = seatId;
            stopHoldTimer(d); // the agent is off the call: its hold compliance ends with it
            agents.fire(d.agentId, AgentEvent.call(AgentEventType.CALL_ENDED, cause, d.requestId));
            published.accept(d.agentId);
            pushCall(d, "taken-over");
        }
        return true;
    }

    /** Whether the gateway call {@code callId} is a click-to-dial call a supervisor took over. */
    boolean takenOver(String callId) {
        OutboundDial d = byCall.get(callId);
        return d != null && d.takenOverBy != null;
    }

    /** Whether {@code agentCallId} (an agent's call id) is the request id of a live click-to-dial call. */
    boolean owns(String agentCallId) {
        return byRequest.containsKey(agentCallId);
    }

    /**
     * A gateway snapshot: a call of the snapshot without a queue on a dial's agent binds a dial whose progress was
     * lost, a listed answer connects the dial, and dials the gateway no longer has are finished (the agent's call
     * ends, the record is written) as if cleared; an Originate with no gateway call after {@link #PENDING_GRACE}
     * failed. Returns the request ids finished, whose agents the caller must leave alone.
     */
    Set<String> reconcile(Map<String, Snapshot.CallSnapshot> onGateway, Instant now) {
        Set<String> finished = new HashSet<>();
        for (OutboundDial d : new ArrayList<>(byRequest.values())) {
            if (d.callId == null) {
                onGateway.values().stream().filter(c -> c.queueId() == null && d.agentId.equals(c.agentId())
                        && !byCall.containsKey(c.callId())).findFirst().ifPresent(c -> {
                            d.callId = c.callId();
                            if (d.number.isEmpty() && c.callerNumber() != null) {
                                d.number = c.callerNumber(); // an outbound call's "caller" is the number dialled
                            }
                            byCall.put(d.callId, d);
                            named.accept(d.requestId, d.callId);
                            pushCall(d, "dialing");
                        });
            }
            Snapshot.CallSnapshot c = d.callId == null ? null : onGateway.get(d.callId);
            if (c != null) {
                if (c.answeredAt() != null && d.answeredAt == null) {
                    d.answeredAt = Instant.ofEpochMilli(c.answeredAt());
                    d.holdTimer = holdTimers.apply(d.callId, d.agentId);
                    if (!d.restoredConnected) {
                        agents.fire(d.agentId, AgentEvent.call(AgentEventType.DIAL_CONNECTED, Cause.reconciliation(),
                                d.requestId));
                        colleague(d, AgentEventType.DIAL_CONNECTED, Cause.reconciliation());
                    }
                    published.accept(d.agentId);
                    pushCall(d, "answered");
                }
            } else if (d.callId != null || !now.isBefore(d.startedAt.plus(PENDING_GRACE))) {
                finished.add(d.requestId);
                end(d, d.restored ? CallRecord.Outcome.LOST_ON_RESTART
                        : d.answeredAt != null ? CallRecord.Outcome.ANSWERED : CallRecord.Outcome.FAILED, now,
                        Cause.reconciliation());
            }
        }
        return finished;
    }

    /**
     * After a restart: the click-to-dial {@code requestId} of {@code agentId} as the records left it (the agent
     * DIALING, or ON_CALL when {@code connected}). The next snapshot binds it to the gateway's call of that agent
     * (taking the number from there), or finishes it as {@code LOST_ON_RESTART} when the gateway has no such call.
     */
    void restore(String agentId, String requestId, Instant startedAt, boolean connected) {
        OutboundDial d = new OutboundDial(requestId, agentId, "", startedAt);
        d.restored = true;
        d.restoredConnected = connected;
        byRequest.put(requestId, d);
    }

    void onNamed(java.util.function.BiConsumer<String, String> listener) {
        this.named = listener;
    }

    void onEnded(java.util.function.BiConsumer<String, Boolean> listener) {
        this.ended = listener;
    }

    /** Handles the event when it belongs to a click-to-dial call; false when it is not one. */
    boolean handle(LinkEvent event) {
        if (event instanceof OriginateProgress p) {
            progress(p);
            return true;
        }
        if (event instanceof CallHeld h && byCall.containsKey(h.callId())) {
            OutboundDial d = byCall.get(h.callId());
            d.heldSince = Instant.ofEpochMilli(h.at());
            if (d.takenOverBy == null) {
                if (d.holdTimer != null) {
                    d.holdTimer.hold(d.heldSince); // the event's time: a replayed hold keeps its thresholds' times
                }
                agents.fire(d.agentId, AgentEvent.call(AgentEventType.HELD, Cause.sip(), d.requestId));
            }
            pushCall(d, "held");
            return true;
        }
        if (event instanceof CallResumed r && byCall.containsKey(r.callId())) {
            OutboundDial d = byCall.get(r.callId());
            if (d.heldSince != null) {
                d.held = d.held.plus(Duration.between(d.heldSince, Instant.ofEpochMilli(r.at())));
                d.heldSince = null;
            }
            stopHoldTimer(d);
            if (d.takenOverBy == null) {
                agents.fire(d.agentId, AgentEvent.call(AgentEventType.RESUMED, Cause.sip(), d.requestId));
            }
            pushCall(d, "resumed");
            return true;
        }
        if (event instanceof CallCleared c && byCall.containsKey(c.callId())) {
            OutboundDial d = byCall.get(c.callId());
            end(d, d.answeredAt != null ? CallRecord.Outcome.ANSWERED
                    : c.cause() == ClearCause.FAILED ? CallRecord.Outcome.FAILED : CallRecord.Outcome.NO_ANSWER,
                    Instant.ofEpochMilli(c.at()), Cause.sip());
            return true;
        }
        if (event instanceof CommandRejected r && "Originate".equals(r.commandType())) {
            byRequest.values().stream().filter(d -> d.callId == null).findFirst().ifPresent(d -> {
                byRequest.remove(d.requestId);
                fail(d);
                ended.accept(d.requestId, false);
            });
            return true;
        }
        return false;
    }

    private void progress(OriginateProgress p) {
        OutboundDial d = byRequest.get(p.requestId());
        if (d == null) {
            return;
        }
        if (p.callId() != null && d.callId == null) {
            d.callId = p.callId();
            byCall.put(d.callId, d);
            named.accept(d.requestId, d.callId);
            pushCall(d, "dialing");
        }
        if (p.state() == OriginateState.CONNECTED) {
            d.answeredAt = Instant.ofEpochMilli(p.at());
            d.holdTimer = holdTimers.apply(d.callId, d.agentId);
            agents.fire(d.agentId, AgentEvent.call(AgentEventType.DIAL_CONNECTED, Cause.sip(), d.requestId));
            colleague(d, AgentEventType.DIAL_CONNECTED, Cause.sip());
            pushCall(d, "answered");
        } else if (p.state() == OriginateState.FAILED && d.answeredAt == null) {
            // CallCleared(FAILED) follows and writes the record; the agent is freed now.
            fail(d);
        }
        published.accept(d.agentId);
    }

    /**
     * The dial is over: forgotten, its agent's call ended (unless a supervisor took it over: the agent is in wrap-up
     * already), its record written.
     */
    private void end(OutboundDial d, CallRecord.Outcome outcome, Instant at, Cause why) {
        if (d.callId != null) {
            byCall.remove(d.callId);
        }
        byRequest.remove(d.requestId);
        stopHoldTimer(d);
        if (d.heldSince != null) {
            d.held = d.held.plus(Duration.between(d.heldSince, at));
            d.heldSince = null;
        }
        if (d.takenOverBy == null) {
            agents.fire(d.agentId, AgentEvent.call(d.answeredAt != null || d.restoredConnected
                    ? AgentEventType.CALL_ENDED : AgentEventType.DIAL_FAILED, why, d.requestId));
        }
        colleague(d, d.answeredAt != null ? AgentEventType.CALL_ENDED : AgentEventType.DIAL_FAILED, why);
        record(d, outcome, at);
        published.accept(d.agentId);
        ended.accept(d.requestId, d.answeredAt != null);
        if (d.callId != null) {
            push.publish(new CallPushEvent.CallChanged(push.stamp(), "cleared", summary(d), Optional.empty(),
                    Optional.of(outcome.name())));
        }
    }

    /** The live click-to-dial calls the gateway has named ({@link #summary(OutboundDial)}). */
    List<CallSummary> liveCalls() {
        List<CallSummary> out = new ArrayList<>();
        byCall.values().forEach(d -> out.add(summary(d)));
        return out;
    }

    /**
     * A click-to-dial call in the shape of a queue call's JSON (docs/API.md): named by the gateway's call id, with
     * its {@code requestId}, {@code direction} outbound, the dialled number masked, phase DIALING until the customer
     * answers, then CONNECTED or HELD; after a take-over it is the supervisor's seat's.
     */
    private CallSummary summary(OutboundDial d) {
        String phase = d.answeredAt == null ? "DIALING" : d.heldSince != null ? "HELD" : "CONNECTED";
        return new CallSummary.Outbound(d.callId, d.requestId, phase,
                d.colleague.isPresent() ? d.number : PhoneMask.mask(d.number), d.startedAt,
                d.takenOverBy != null, d.takenOverBy != null ? d.takenOverBy : d.agentId,
                Optional.ofNullable(d.answeredAt), Optional.ofNullable(d.heldSince), d.colleague);
    }

    /** Pushes a call event for a dial the gateway has named (before that, the agent's DIALING state says it all). */
    private void pushCall(OutboundDial d, String what) {
        if (d.callId != null) {
            push.publish(new CallPushEvent.CallChanged(push.stamp(), what, summary(d), Optional.empty(),
                    Optional.empty()));
        }
    }

    /** Cancels the pending hold thresholds (a resume, the end of the call, a take-over). */
    private static void stopHoldTimer(OutboundDial d) {
        if (d.holdTimer != null) {
            d.holdTimer.resume();
        }
    }

    private void fail(OutboundDial d) {
        if (d != null) {
            agents.fire(d.agentId, AgentEvent.call(AgentEventType.DIAL_FAILED, Cause.sip(), d.requestId));
            colleague(d, AgentEventType.DIAL_FAILED, Cause.sip());
        }
    }

    /** An internal call's colleague follows the call (a refused event, e.g. after its call ended already, is moot). */
    private void colleague(OutboundDial d, AgentEventType type, Cause why) {
        d.colleague.filter(c -> d.colleagueFollows).ifPresent(c -> {
            agents.fire(c, AgentEvent.call(type, why, d.requestId));
            published.accept(c);
        });
    }

    private void record(OutboundDial d, CallRecord.Outcome outcome, Instant end) {
        Duration talk = d.answeredAt == null ? Duration.ZERO : Duration.between(d.answeredAt, end).minus(d.held);
        // after a take-over the call is the supervisor seat's, as an inbound call's record says
        String agent = d.takenOverBy != null ? d.takenOverBy : d.agentId;
        CallRecord r = new CallRecord(d.callId != null ? d.callId : d.requestId,
                d.colleague.isPresent() ? CallRecord.Direction.INTERNAL : CallRecord.Direction.OUTBOUND,
                Optional.empty(), Optional.empty(), Optional.of(d.number).filter(n -> !n.isEmpty()), Optional.of(agent),
                outcome,
                Duration.ZERO, Duration.ZERO, talk.isNegative() ? Duration.ZERO : talk, d.held, Duration.ZERO,
                Optional.empty(), Optional.empty(), d.startedAt, Optional.ofNullable(d.answeredAt), Optional.of(end));
        store.alerts().durably("call", r.id(), () -> store.recordCall(r));
    }
}
