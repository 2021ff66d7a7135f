package dev.cti.server.call;

import dev.cti.config.CtiConfig;
import dev.cti.link.message.CallState;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.Snapshot;
import dev.cti.server.acd.Acd;
import dev.cti.server.agent.AgentEvent;
import dev.cti.server.agent.AgentEventType;
import dev.cti.server.agent.AgentRegistry;
import dev.cti.server.agent.AgentSnapshot;
import dev.cti.server.agent.AgentState;
import dev.cti.server.agent.Cause;
import dev.cti.server.metrics.ServerMeters;
import dev.cti.server.monitor.Monitors;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway owns the calls (design.md §1): each snapshot it sends (on every link connect, and when the
 * call center asks every {@link CallCenter#RECONCILE_EVERY}) is the truth the server's view is corrected to.
 * Phone registrations are replaced, calls the server does not know are adopted, calls the gateway no longer
 * has are finished, monitor sessions of gone calls end, and agents are corrected both ways: nobody stays
 * ON_CALL without a gateway call, nobody READY while the gateway has them on one. Each correction is logged
 * and counted ({@code RECONCILIATION_CORRECTIONS} by kind). Runs on the call center's context.
 */
final class Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final CtiConfig config;
    private final AgentRegistry agents;
    private final Clock clock;
    private final Acd acd;
    private final MeterRegistry meters;
    private final Map<String, LiveCall> calls;
    private final Phones phones;
    private final CallLifecycle lifecycle;
    private final CallDispatcher dispatcher;
    private final Monitors monitors;
    private final OutboundDialer outbound;
    private final RestartRecovery recovery;

    Reconciler(CtiConfig config, AgentRegistry agents, Clock clock, Acd acd, MeterRegistry meters,
               Map<String, LiveCall> calls, Phones phones, CallLifecycle lifecycle, CallDispatcher dispatcher,
               Monitors monitors, OutboundDialer outbound, RestartRecovery recovery) {
        this.recovery = recovery;
        this.config = config;
        this.agents = agents;
        this.clock = clock;
        this.acd = acd;
        this.meters = meters;
        this.calls = calls;
        this.phones = phones;
        this.lifecycle = lifecycle;
        this.dispatcher = dispatcher;
        this.monitors = monitors;
        this.outbound = outbound;
    }

    /** Corrects the server's view to the gateway's snapshot {@code s}, then asks for a matching pass. */
    void reconcile(Snapshot s) {
        recovery.settle(s, calls, acd, lifecycle); // the first snapshot after a start: the last run's calls
        phones.replaceAll(s.registrations());
        dispatcher.refreshAll();
        Map<String, Snapshot.CallSnapshot> onGateway = new HashMap<>();
        s.calls().forEach(c -> onGateway.put(c.callId(), c));

        for (LiveCall call : new ArrayList<>(calls.values())) {
            if (!onGateway.containsKey(call.callId)) {
                correction("call-gone", "call {} is no longer on the gateway", call.callId);
                calls.remove(call.callId);
                lifecycle.finish(call, ClearCause.FAILED, clock.instant(), Cause.reconciliation());
            }
        }
        for (Snapshot.CallSnapshot c : onGateway.values()) {
            if (!calls.containsKey(c.callId()) && c.queueId() != null && config.queue(c.queueId()).isPresent()) {
                correction("call-adopted", "adopting call {} from the gateway", c.callId());
                LiveCall call = new LiveCall(c.callId(), c.queueId(), c.callerNumber(), "",
                        Instant.ofEpochMilli(c.startedAt()));
                call.waiting = acd.enqueue(c.callId(), c.queueId(), call.arrivedAt);
                calls.put(c.callId(), call);
                if (c.agentId() != null && c.answeredAt() != null) {
                    acd.remove(c.callId());
                    call.phase = LiveCall.Phase.CONNECTED;
                    call.agentId = Optional.of(c.agentId());
                    call.answeredAt = Instant.ofEpochMilli(c.answeredAt());
                    call.holdTimer = lifecycle.holdTimer(call.callId, c.agentId());
                }
            }
        }
        // answers the server missed (a restart, a lost event): the call is connected, its agent talking
        Set<String> answeredNow = new HashSet<>();
        for (LiveCall call : new ArrayList<>(calls.values())) {
            Snapshot.CallSnapshot g = onGateway.get(call.callId);
            if (g != null && g.answeredAt() != null && g.agentId() != null && !call.takenOver
                    && call.phase != LiveCall.Phase.CONNECTED && call.phase != LiveCall.Phase.HELD) {
                correction("call-answered", "call {} was answered on the gateway while the server had it {}",
                        call.callId, call.phase);
                acd.remove(call.callId);
                long ring = call.offeredAt == null ? 0 : Math.max(0, g.answeredAt() - call.offeredAt.toEpochMilli());
                lifecycle.answered(new dev.cti.link.message.CallAnswered(call.callId, g.agentId(), ring,
                        g.answeredAt()), Cause.reconciliation());
                answeredNow.add(g.agentId());
            }
        }
        // click-to-dial calls: the agent's machine knows them by request id, the dialer maps them to gateway calls
        Set<String> dialsEnded = outbound.reconcile(onGateway, clock.instant());
        dialsEnded.forEach(r -> correction("dial-gone", "click-to-dial {} is no longer on the gateway", r));
        monitors.reconcile(s);
        Set<String> agentsOnGatewayCalls = new HashSet<>();
        for (Snapshot.CallSnapshot c : onGateway.values()) {
            LiveCall known = calls.get(c.callId());
            if (known != null && known.takenOver || outbound.takenOver(c.callId())) {
                continue; // the supervisor's seat has it (take-over): nothing to correct on any agent
            }
            if (c.agentId() != null && c.answeredAt() != null) {
                agentsOnGatewayCalls.add(c.agentId());
            }
        }
        for (AgentSnapshot a : agents.snapshots()) {
            boolean busy = a.state() == AgentState.ON_CALL || a.state() == AgentState.RESERVED
                    || a.state() == AgentState.DIALING;
            if (a.callId().isPresent() && (outbound.owns(a.callId().get()) || dialsEnded.contains(a.callId().get()))) {
                continue; // a click-to-dial call: the dialer reconciled it above
            }
            Snapshot.CallSnapshot mine = a.callId().map(onGateway::get).orElse(null);
            if (busy && a.callId().isPresent() && mine == null) {
                correction("agent-freed", "agent {} was {} on call {} that the gateway does not have",
                        a.agentId(), a.state(), a.callId().get());
                agents.fire(a.agentId(), AgentEvent.call(AgentEventType.CALL_ENDED, Cause.reconciliation(),
                        a.callId().get()));
            } else if (a.state() == AgentState.RESERVED && mine != null && a.agentId().equals(mine.agentId())
                    && mine.answeredAt() != null && !answeredNow.contains(a.agentId())) {
                // the answer was missed (a restart, a lost event, a write that failed): the agent is talking
                correction("agent-answered", "agent {} was RESERVED on call {} that the gateway has answered",
                        a.agentId(), mine.callId());
                agents.fire(a.agentId(), AgentEvent.call(AgentEventType.ANSWERED, Cause.reconciliation(),
                        mine.callId()));
            } else if (a.state() == AgentState.ON_CALL && mine != null && a.agentId().equals(mine.agentId())
                    && a.held() != (mine.state() == CallState.HELD)) {
                boolean held = mine.state() == CallState.HELD;
                correction("agent-held", "agent {} on call {} was {} while the gateway has it {}", a.agentId(),
                        mine.callId(), a.held() ? "held" : "not held", held ? "held" : "not held");
                LiveCall call = calls.get(mine.callId());
                if (call != null && call.holdTimer != null && call.agentId.equals(Optional.of(a.agentId()))) {
                    lifecycle.held(call.callId, held, Cause.reconciliation()); // the CDR's hold time counts it too
                } else {
                    agents.fire(a.agentId(), AgentEvent.call(held ? AgentEventType.HELD : AgentEventType.RESUMED,
                            Cause.reconciliation(), mine.callId()));
                }
            } else if (a.state() == AgentState.READY && agentsOnGatewayCalls.contains(a.agentId())) {
                Snapshot.CallSnapshot c = onGateway.values().stream()
                        .filter(x -> a.agentId().equals(x.agentId())).findFirst().orElseThrow();
                correction("agent-busy", "agent {} was READY while on gateway call {}", a.agentId(), c.callId());
                AgentEvent offer = new AgentEvent(AgentEventType.CALL_OFFERED, Cause.reconciliation(),
                        Optional.empty(), Optional.of(c.callId()), Optional.ofNullable(c.queueId()), Optional.empty(),
                        Optional.empty(), Optional.empty(), Optional.empty());
                agents.fire(a.agentId(), offer).compose(r -> agents.fire(a.agentId(),
                        AgentEvent.call(AgentEventType.ANSWERED, Cause.reconciliation(), c.callId())));
            }
        }
        dispatcher.dispatch();
    }

    private void correction(String kind, String message, Object... args) {
        LOG.warn("reconciliation: " + message, args);
        ServerMeters.RECONCILIATION_CORRECTIONS.counter(meters, kind).increment();
    }
}
