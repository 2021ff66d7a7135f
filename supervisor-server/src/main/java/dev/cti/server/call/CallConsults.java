package dev.cti.server.call;

import dev.cti.config.AgentConfig;
import dev.cti.link.message.CancelConsult;
import dev.cti.link.message.CommandRejected;
import dev.cti.link.message.CompleteConsult;
import dev.cti.link.message.Conference;
import dev.cti.link.message.Consult;
import dev.cti.link.message.ConsultProgress;
import dev.cti.link.message.ConsultState;
import dev.cti.server.acd.Acd;
import dev.cti.server.acd.Assignment;
import dev.cti.server.acd.WaitingCall;
import dev.cti.server.agent.AgentEvent;
import dev.cti.server.agent.AgentEventType;
import dev.cti.server.agent.AgentRegistry;
import dev.cti.server.agent.Cause;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's side of consult and attended transfer (issue 18): the agent of a connected inbound call consults
 * another agent or a number ({@code POST /api/calls/{id}/consult}), then completes or cancels; the gateway owns the
 * legs ({@code Consult}, {@code CompleteConsult}, {@code CancelConsult}) and reports {@code ConsultProgress}, which
 * the agents' states follow here. A consulted agent is taken from READY (or NOT_READY) into DIALING at once, so the
 * ACD offers it nothing while its phone rings; its answer makes it ON_CALL (DIAL_CONNECTED), a failure gives it back
 * (DIAL_FAILED), and the end of its part (it hung up, the consult was cancelled) puts it in wrap-up. A completed
 * consult makes the call the consulted agent's: the first agent goes to wrap-up as after a normal call end, the hold
 * the consult started is over. A consult turned into a conference ({@code POST …/consult/conference}) keeps its
 * parties' states: the agent leaving it completes it, the consulted party dropped or gone ends that party's part.
 * The customer's hold itself travels as CallHeld / CallResumed ({@link CallLifecycle}).
 *
 * <p>A consult to a queue ({@link #startQueue}) waits in the ACD as an entry of its own ({@code consult:<call id>},
 * which keeps its place: no overflow nor time-out) once the gateway reports QUEUED; the agent the ACD gives it is taken
 * into DIALING and called, one not reached (FAILED, or the gateway's refusal) puts the entry back at the head; a cancel,
 * the call's end or the consult's end takes the entry out.
 * Runs on the call center's context; the entry points hop there.
 */
public final class CallConsults {
    private static final Logger LOG = LoggerFactory.getLogger(CallConsults.class);

    /** Why a consult request was not sent (the HTTP layer maps it to a status). */
    public static final class Refused extends RuntimeException {
        private final String error;

        Refused(String error, String message) {
            super(message, null, false, false);
            this.error = error;
        }

        /** The API's error code: {@code not_connected}, {@code consulting}, {@code agent_unavailable}, ... */
        public String error() {
            return error;
        }
    }

    /**
     * One consult in progress: who consults, the consulted agent (empty for a number, and for a queue's consult until
     * the ACD picked one), the queue consulted (empty for an agent or a number) and who asked for it.
     */
    private record Active(String consulter, Optional<String> target, Optional<String> queue, Cause cause) {
        Active(String consulter, Optional<String> target) {
            this(consulter, target, Optional.empty(), Cause.sip());
        }

        Active picked(Optional<String> agent) {
            return new Active(consulter, agent, queue, cause);
        }
    }

    /** The ACD's waiting entries of consults to a queue are named by this prefix and the call's id. */
    static final String ENTRY = "consult:";

    private final Context context;
    private final AgentRegistry agents;
    private final Map<String, LiveCall> calls;
    private final GatewayCommands gateway;
    private final CallPush push;
    private final Map<String, Active> active = new HashMap<>();
    private final Acd acd;
    private final CallDispatcher dispatcher;
    private final Clock clock;

    CallConsults(Context context, AgentRegistry agents, Map<String, LiveCall> calls, GatewayCommands gateway,
                 CallPush push, Acd acd, CallDispatcher dispatcher, Clock clock) {
        this.context = context;
        this.agents = agents;
        this.calls = calls;
        this.gateway = gateway;
        this.push = push;
        this.acd = acd;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    /**
     * Consults the queue {@code queueId} on the connected call {@code callId}: the gateway holds the customer and plays
     * the queue's greeting and music to the agent, and once it says so (QUEUED) the consult waits in the ACD like a
     * call; the agent the ACD picks is called as for an agent's consult ({@link #assigned}).
     */
    public Future<Long> startQueue(String callId, String queueId, Cause cause) {
        return onContext(() -> {
            Optional<Refused> refused = refused(callId);
            if (refused.isPresent()) {
                return Future.<Long>failedFuture(refused.get());
            }
            String consulter = calls.get(callId).agentId.get();
            active.put(callId, new Active(consulter, Optional.empty(), Optional.of(queueId), cause));
            return gateway.send(Consult.queue(callId, queueId))
                    .onFailure(e -> context.runOnContext(v -> active.remove(callId)));
        }).compose(f -> f);
    }

    private Optional<Refused> refused(String callId) {
        LiveCall call = calls.get(callId);
        if (call == null || call.agentId.isEmpty() || call.takenOver
                || call.phase != LiveCall.Phase.CONNECTED && call.phase != LiveCall.Phase.HELD) {
            return Optional.of(new Refused("not_connected", "the call is not connected to an agent"));
        }
        if (active.containsKey(callId)) {
            return Optional.of(new Refused("consulting", "the call has a consult already"));
        }
        return Optional.empty();
    }

    /**
     * The ACD gave {@code a}'s waiting entry an agent: true when it is a consult's, whose picked agent is then taken
     * into DIALING and called (or, when it cannot be, made available again and the entry put back at the head).
     */
    boolean assigned(Assignment a) {
        String entry = a.call().callId();
        if (!entry.startsWith(ENTRY)) {
            return false;
        }
        String callId = entry.substring(ENTRY.length());
        Active c = active.get(callId);
        AgentConfig agent = agents.agent(a.agentId()).orElse(null);
        if (c == null || c.queue().isEmpty() || c.target().isPresent() || agent == null) {
            dispatcher.agentChanged(a.agentId());
            return true; // the consult is over (or already calling someone): the entry goes
        }
        active.put(callId, c.picked(Optional.of(agent.id())));
        agents.fire(agent.id(), AgentEvent.dial(c.cause(), callId, c.consulter(), c.queue()))
                .onComplete(ar -> {
                    if (ar.failed() || !ar.result().accepted()) {
                        dispatcher.agentChanged(agent.id());
                        backToQueue(callId, a.call());
                        return;
                    }
                    LOG.info("call {}: queue {} gives its consult to agent {}", callId, a.call().queueId(), agent.id());
                    sent(callId, gateway.send(new Consult(callId, agent.id(), agent.extension(), null,
                            c.queue().get())));
                });
        return true;
    }

    /** The consult of {@code callId} waits in its queue again (at the head): its picked agent is forgotten. */
    private void backToQueue(String callId, WaitingCall entry) {
        Active c = active.get(callId);
        if (c == null || c.queue().isEmpty()) {
            return;
        }
        active.put(callId, c.picked(Optional.empty()));
        if (acd.waiting(entry.queueId()).stream().noneMatch(w -> w.callId().equals(entry.callId()))) {
            acd.requeueAtHead(entry, true); // keeps its place: no overflow, no time-out
        }
        dispatcher.dispatch();
    }

    /** The gateway says the consult of {@code e}'s call waits in its queue: it joins the ACD (at the head if again). */
    private void queued(ConsultProgress e) {
        Active c = active.get(e.callId());
        if (c == null || c.queue().isEmpty()) {
            return;
        }
        String entry = ENTRY + e.callId();
        if (acd.position(entry).isPresent()) {
            return;
        }
        String queueId = c.queue().get();
        WaitingCall w = new WaitingCall(entry, queueId, clock.instant(), clock.instant(), false);
        if (c.target().isPresent()) { // its picked agent was not reached (FAILED came first)
            backToQueue(e.callId(), w);
            return;
        }
        acd.enqueue(entry, queueId, clock.instant());
        acd.keepPlace(entry); // a consult waits as long as the agent wants: no overflow, no time-out
        dispatcher.dispatch();
    }

    /**
     * Consults {@code target} (an agent) or {@code number} (one of them empty) on the connected call {@code callId};
     * completes once Consult is sent, fails with {@link Refused} when the call or the agent cannot.
     */
    public Future<Long> start(String callId, Optional<AgentConfig> target, Optional<String> number, Cause cause) {
        return onContext(() -> {
            Optional<Refused> refused = refused(callId);
            if (refused.isPresent()) {
                return Future.<Long>failedFuture(refused.get());
            }
            LiveCall call = calls.get(callId);
            String consulter = call.agentId.get();
            if (target.isEmpty()) {
                active.put(callId, new Active(consulter, Optional.empty()));
                return sent(callId, gateway.send(new Consult(callId, null, null, number.orElseThrow())));
            }
            AgentConfig agent = target.get();
            if (agent.id().equals(consulter)) {
                return Future.<Long>failedFuture(new Refused("agent_unavailable", "an agent cannot consult itself"));
            }
            active.put(callId, new Active(consulter, Optional.of(agent.id())));
            return agents.fire(agent.id(), AgentEvent.dial(cause, callId, consulter, Optional.of(call.queueId)))
                    .compose(r -> {
                        if (!r.accepted()) {
                            active.remove(callId);
                            return Future.failedFuture(new Refused("agent_unavailable",
                                    "agent " + agent.id() + " cannot take a consult now"));
                        }
                        return sent(callId, gateway.send(new Consult(callId, agent.id(), agent.extension(), null)));
                    });
        }).compose(f -> f);
    }

    /** CompleteConsult for {@code callId}: fails with {@link Refused} when it has no consult. */
    public Future<Long> complete(String callId) {
        return onContext(() -> active.containsKey(callId) ? gateway.send(new CompleteConsult(callId))
                : Future.<Long>failedFuture(new Refused("no_consult", "the call has no consult"))).compose(f -> f);
    }

    /** Conference for {@code callId}: the consult becomes three-way; fails with {@link Refused} without a consult. */
    public Future<Long> conference(String callId) {
        return onContext(() -> active.containsKey(callId) ? gateway.send(new Conference(callId))
                : Future.<Long>failedFuture(new Refused("no_consult", "the call has no consult"))).compose(f -> f);
    }

    /** CancelConsult for {@code callId}: fails with {@link Refused} when it has no consult. */
    public Future<Long> cancel(String callId) {
        return onContext(() -> {
            if (!active.containsKey(callId)) {
                return Future.<Long>failedFuture(new Refused("no_consult", "the call has no consult"));
            }
            acd.remove(ENTRY + callId); // a consult waiting in a queue: no agent is picked for it from now on
            return gateway.send(new CancelConsult(callId));
        }).compose(f -> f);
    }

    private Future<Long> sent(String callId, Future<Long> send) {
        return send.onFailure(e -> context.runOnContext(v -> given(callId, AgentEventType.DIAL_FAILED)));
    }

    /** ConsultProgress from the gateway. */
    void progress(ConsultProgress e) {
        LiveCall call = calls.get(e.callId());
        switch (e.state()) {
            case DIALING, CONFERENCED -> { } // the hold's end of a conference comes as CallResumed
            case QUEUED -> queued(e);
            case CONNECTED -> target(e.callId()).ifPresent(t -> agents.fire(t,
                    AgentEvent.call(AgentEventType.DIAL_CONNECTED, Cause.sip(), e.callId())));
            case FAILED -> failed(e.callId());
            case ENDED, CANCELLED -> given(e.callId(), AgentEventType.CALL_ENDED);
            case COMPLETED -> completed(e, call);
        }
        push.call(call, "consult-" + e.state().name().toLowerCase(java.util.Locale.ROOT));
    }

    /** The consulted agent was not reached: given back; a queue's consult waits again (QUEUED follows). */
    private void failed(String callId) {
        Active a = active.get(callId);
        if (a == null || a.queue().isEmpty()) {
            given(callId, AgentEventType.DIAL_FAILED);
            return;
        }
        a.target().ifPresent(t -> agents.fire(t, AgentEvent.call(AgentEventType.DIAL_FAILED, Cause.sip(), callId)));
    }

    /** The call is the consulted agent's (a number: CallCleared TRANSFERRED follows and ends the first agent's). */
    private void completed(ConsultProgress e, LiveCall call) {
        Active a = active.remove(e.callId());
        acd.remove(ENTRY + e.callId());
        if (call == null || e.targetAgentId() == null) {
            return;
        }
        Instant at = Instant.ofEpochMilli(e.at());
        if (call.holdTimer != null && call.phase == LiveCall.Phase.HELD) {
            call.holdTimer.resume(at);
        }
        call.heldSince = null;
        call.phase = LiveCall.Phase.CONNECTED;
        String first = a != null ? a.consulter() : e.agentId();
        call.agentId = Optional.of(e.targetAgentId());
        agents.fire(first, AgentEvent.call(AgentEventType.CALL_ENDED, Cause.sip(), e.callId()));
        LOG.info("call {}: consult completed, {} hands over to {}", e.callId(), first, e.targetAgentId());
    }

    /** A Consult the gateway refused: the consulted agent is given back. */
    void rejected(CommandRejected e) {
        if (!"Consult".equals(e.commandType()) || e.callId() == null) {
            return;
        }
        Active a = active.get(e.callId());
        if (a != null && a.queue().isPresent() && a.target().isPresent()) { // the picked agent's phone is gone
            failed(e.callId());
            backToQueue(e.callId(), new WaitingCall(ENTRY + e.callId(), a.queue().get(), clock.instant(),
                    clock.instant(), false));
            return;
        }
        given(e.callId(), AgentEventType.DIAL_FAILED);
    }

    /** The call ended: whatever consult it had is over (the consulted agent is freed by the leg's own end). */
    void callEnded(String callId) {
        Active a = active.remove(callId);
        acd.remove(ENTRY + callId); // the agent hung up while its consult waited in a queue: the entry goes
        if (a != null) {
            a.target().ifPresent(t -> agents.fire(t, AgentEvent.call(AgentEventType.CALL_ENDED, Cause.sip(), callId)));
        }
    }

    private Optional<String> target(String callId) {
        Active a = active.get(callId);
        return a == null ? Optional.empty() : a.target();
    }

    /** The consult of {@code callId} is over: its consulted agent gets {@code type}. */
    private void given(String callId, AgentEventType type) {
        Active a = active.remove(callId);
        acd.remove(ENTRY + callId);
        if (a != null) {
            a.target().ifPresent(t -> agents.fire(t, AgentEvent.call(type, Cause.sip(), callId)));
        }
    }

    private <T> Future<T> onContext(java.util.concurrent.Callable<T> work) {
        Promise<T> p = Promise.promise();
        context.runOnContext(v -> {
            try {
                p.complete(work.call());
            } catch (Exception ex) {
                p.fail(ex);
            }
        });
        return p.future();
    }
}
