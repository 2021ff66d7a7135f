package dev.cti.server.call;

import dev.cti.link.message.ClearCause;
import dev.cti.link.message.CommandRejected;
import dev.cti.link.message.HangUp;
import dev.cti.link.message.LinkCommand;
import dev.cti.link.message.RejectReason;
import dev.cti.link.message.RequestSnapshot;
import dev.cti.server.events.CallPushEvent;
import dev.cti.server.agent.AgentEvent;
import dev.cti.server.agent.AgentEventType;
import dev.cti.server.agent.AgentRegistry;
import dev.cti.server.agent.Cause;
import dev.cti.server.metrics.ServerMeters;
import dev.cti.server.monitor.Monitors;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commands the call center sends to the gateway for its callers, and what happens when the gateway refuses
 * one (CommandRejected, counted by type): a refused hold / resume / answer is pushed so the screen that
 * asked can say so, monitor refusals go to the monitor sessions, and a refused delivery either finishes a
 * call the gateway no longer has or gives the call back to its queue. Runs on the call center's context.
 */
final class GatewayCommands {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayCommands.class);
    /** Refusals of commands a user sent through REST: pushed so the screen that asked can say so. */
    private static final Set<String> PUSHED_REJECTIONS = Set.of("HoldCall", "ResumeCall", "AnswerCall", "Consult",
            "CompleteConsult", "CancelConsult", "Conference");
    private static final Set<String> MONITOR_COMMANDS = Set.of("StartMonitor", "SetMonitorMode", "StopMonitor");

    private final CallCenter.CommandSink gateway;
    private final AgentRegistry agents;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Map<String, LiveCall> calls;
    private final CallPush push;
    private final CallLifecycle lifecycle;
    private final CallDispatcher dispatcher;
    private final Monitors monitors;

    GatewayCommands(CallCenter.CommandSink gateway, AgentRegistry agents, Clock clock, MeterRegistry meters,
                    Map<String, LiveCall> calls, CallPush push, CallLifecycle lifecycle, CallDispatcher dispatcher,
                    Monitors monitors) {
        this.gateway = gateway;
        this.agents = agents;
        this.clock = clock;
        this.meters = meters;
        this.calls = calls;
        this.push = push;
        this.lifecycle = lifecycle;
        this.dispatcher = dispatcher;
        this.monitors = monitors;
    }

    /** Sends {@code command}; completes with its request id once the link took it. Any thread. */
    Future<Long> send(LinkCommand command) {
        return gateway.send(command);
    }

    /** A supervisor or agent asks to end a call. Any thread. */
    Future<Long> hangUp(String callId) {
        return gateway.send(new HangUp(callId, ClearCause.SERVER_HANGUP));
    }

    /** Asks for a snapshot; a failure (link down) only means the next connect brings one. Any thread. */
    void requestSnapshot() {
        gateway.send(new RequestSnapshot()).onFailure(e -> LOG.debug("no snapshot requested: {}", e.getMessage()));
    }

    void rejected(CommandRejected e) {
        LOG.warn("gateway refused {} for call {}: {}", e.commandType(), e.callId(), e.reason());
        ServerMeters.LINK_COMMANDS_REJECTED.counter(meters, e.commandType()).increment();
        LiveCall call = e.callId() == null ? null : calls.get(e.callId());
        if (PUSHED_REJECTIONS.contains(e.commandType())) {
            push.publish(new CallPushEvent.Rejected(push.stamp(), e.callId(), e.commandType(), e.reason().name(),
                    call != null ? call.agentId : java.util.Optional.empty(), java.util.Optional.empty(),
                    CallPushEvent.Audience.ALL));
            return;
        }
        if (MONITOR_COMMANDS.contains(e.commandType())) {
            monitors.rejected(e);
            return;
        }
        if (call == null || !"DeliverToAgent".equals(e.commandType())) {
            return;
        }
        if (e.reason() == RejectReason.UNKNOWN_CALL) {
            // The gateway does not have the call: it is gone.
            calls.remove(call.callId);
            lifecycle.finish(call, ClearCause.FAILED, clock.instant(), Cause.reconciliation());
        } else if (call.withAgent() && call.phase != LiveCall.Phase.CONNECTED && call.phase != LiveCall.Phase.HELD) {
            // The call is there but could not be delivered now (e.g. still ringing elsewhere): free the
            // agent and give the call back to the head of its queue.
            call.agentId.ifPresent(agent -> agents.fire(agent, AgentEvent.call(AgentEventType.CALL_ENDED,
                    Cause.sip(), call.callId)));
            dispatcher.backToQueue(call);
            push.call(call, "requeued");
        }
    }
}
