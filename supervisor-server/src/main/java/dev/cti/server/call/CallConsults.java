package dev.cti.server.call;

import dev.cti.config.AgentConfig;
import dev.cti.link.message.CancelConsult;
import dev.cti.link.message.CommandRejected;
import dev.cti.link.message.CompleteConsult;
import dev.cti.link.message.Conference;
import dev.cti.link.message.Consult;
import dev.cti.link.message.ConsultProgress;
import dev.cti.link.message.ConsultState;
import dev.cti.server.agent.AgentEvent;
import dev.cti.server.agent.AgentEventType;
import dev.cti.server.agent.AgentRegistry;
import dev.cti.server.agent.Cause;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
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

    /** One consult in progress: who consults, the consulted agent (empty for a number). */
    private record Active(String consulter, Optional<String> target) {}

    private final Context context;
    private final AgentRegistry agents;
    private final Map<String, LiveCall> calls;
    private final GatewayCommands gateway;
    private final CallPush push;
    private final Map<String, Active> active = new HashMap<>();

    CallConsults(Context context, AgentRegistry agents, Map<String, LiveCall> calls, GatewayCommands gateway,
                 CallPush push) {
        this.context = context;
        this.agents = agents;
        this.calls = calls;
        this.gateway = gateway;
        this.push = push;
    }

    /**
     * Consults {@code target} (an agent) or {@code number} (one of them empty) on the connected call {@code callId};
     * completes once Consult is sent, fails with {@link Refused} when the call or the agent cannot.
     */
    public Future<Long> start(String callId, Optional<AgentConfig> target, Optional<String> number, Cause cause) {
        return onContext(() -> {
            LiveCall call = calls.get(callId);
            if (call == null || call.agentId.isEmpty() || call.takenOver
                    || call.phase != LiveCall.Phase.CONNECTED && call.phase != LiveCall.Phase.HELD) {
                return Future.<Long>failedFuture(new Refused("not_connected", "the call is not connected to an agent"));
            }
            if (active.containsKey(callId)) {
                return Future.<Long>failedFuture(new Refused("consulting", "the call has a consult already"));
            }
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
        return onContext(() -> active.containsKey(callId) ? gateway.send(new CancelConsult(callId))
                : Future.<Long>failedFuture(new Refused("no_consult", "the call has no consult"))).compose(f -> f);
    }

    private Future<Long> sent(String callId, Future<Long> send) {
        return send.onFailure(e -> context.runOnContext(v -> given(callId, AgentEventType.DIAL_FAILED)));
    }

    /** ConsultProgress from the gateway. */
    void progress(ConsultProgress e) {
        LiveCall call = calls.get(e.callId());
        switch (e.state()) {
            case DIALING, CONFERENCED -> { } // the hold's end of a conference comes as CallResumed
            case CONNECTED -> target(e.callId()).ifPresent(t -> agents.fire(t,
                    AgentEvent.call(AgentEventType.DIAL_CONNECTED, Cause.sip(), e.callId())));
            case FAILED -> given(e.callId(), AgentEventType.DIAL_FAILED);
            case ENDED, CANCELLED -> given(e.callId(), AgentEventType.CALL_ENDED);
            case COMPLETED -> completed(e, call);
        }
        push.call(call, "consult-" + e.state().name().toLowerCase(java.util.Locale.ROOT));
    }

    /** The call is the consulted agent's (a number: CallCleared TRANSFERRED follows and ends the first agent's). */
    private void completed(ConsultProgress e, LiveCall call) {
        Active a = active.remove(e.callId());
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
        if ("Consult".equals(e.commandType()) && e.callId() != null) {
            given(e.callId(), AgentEventType.DIAL_FAILED);
        }
    }

    /** The call ended: whatever consult it had is over (the consulted agent is freed by the leg's own end). */
    void callEnded(String callId) {
        Active a = active.remove(callId);
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
