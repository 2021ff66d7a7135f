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
import dev.cti.server.agent.AgentEvent;
import dev.cti.server.agent.AgentEventType;
import dev.cti.server.agent.AgentRegistry;
import dev.cti.server.agent.Cause;
import dev.cti.server.store.CallRecord;
import dev.cti.server.store.Store;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Click-to-dial: the server puts the agent in DIALING (durably) and asks the gateway to ring the agent's
 * phone and then the customer (Originate); the gateway's progress and the call's end drive the agent back.
 * The agent's machine knows the call by the request id; the gateway's call id is mapped onto it when the
 * first progress arrives. Runs on the call center's context.
 */
final class OutboundDialer {
    private final AgentRegistry agents;
    private final Store store;
    private final CallCenter.CommandSink gateway;
    private final Clock clock;
    private final Consumer<String> published;
    private final Map<String, Dial> byRequest = new HashMap<>();
    private final Map<String, Dial> byCall = new HashMap<>();

    /** One click-to-dial call. */
    private static final class Dial {
        final String requestId;
        final String agentId;
        final String number;
        final Instant startedAt;
        String callId;
        Instant answeredAt;
        Instant heldSince;
        Duration held = Duration.ZERO;

        Dial(String requestId, String agentId, String number, Instant startedAt) {
            this.requestId = requestId;
            this.agentId = agentId;
            this.number = number;
            this.startedAt = startedAt;
        }
    }

    OutboundDialer(AgentRegistry agents, Store store, CallCenter.CommandSink gateway, Clock clock,
                   Consumer<String> published) {
        this.agents = agents;
        this.store = store;
        this.gateway = gateway;
        this.clock = clock;
        this.published = published;
    }

    /** Starts a call from {@code agent} to {@code number}; completes with the request id once commanded. */
    Future<String> dial(AgentConfig agent, String number, Cause cause) {
        String requestId = "dial-" + UUID.randomUUID();
        return agents.fire(agent.id(), AgentEvent.dial(cause, requestId, number, Optional.empty())).compose(r -> {
            if (!r.accepted()) {
                return Future.failedFuture(new IllegalStateException(r.toString()));
            }
            byRequest.put(requestId, new Dial(requestId, agent.id(), number, clock.instant()));
            return gateway.send(new Originate(requestId, agent.id(), agent.extension(), number))
                    .map(seq -> requestId)
                    .recover(err -> {
                        fail(byRequest.remove(requestId));
                        return Future.failedFuture(err);
                    });
        });
    }

    /** Handles the event when it belongs to a click-to-dial call; false when it is not one. */
    boolean handle(LinkEvent event) {
        if (event instanceof OriginateProgress p) {
            progress(p);
            return true;
        }
        if (event instanceof CallHeld h && byCall.containsKey(h.callId())) {
            Dial d = byCall.get(h.callId());
            d.heldSince = clock.instant();
            agents.fire(d.agentId, AgentEvent.call(AgentEventType.HELD, Cause.sip(), d.requestId));
            return true;
        }
        if (event instanceof CallResumed r && byCall.containsKey(r.callId())) {
            Dial d = byCall.get(r.callId());
            if (d.heldSince != null) {
                d.held = d.held.plus(Duration.between(d.heldSince, clock.instant()));
                d.heldSince = null;
            }
            agents.fire(d.agentId, AgentEvent.call(AgentEventType.RESUMED, Cause.sip(), d.requestId));
            return true;
        }
        if (event instanceof CallCleared c && byCall.containsKey(c.callId())) {
            Dial d = byCall.remove(c.callId());
            byRequest.remove(d.requestId);
            Instant end = Instant.ofEpochMilli(c.at());
            if (d.answeredAt != null) {
                agents.fire(d.agentId, AgentEvent.call(AgentEventType.CALL_ENDED, Cause.sip(), d.requestId));
                record(d, CallRecord.Outcome.ANSWERED, end);
            } else {
                fail(d);
                record(d, c.cause() == ClearCause.FAILED ? CallRecord.Outcome.FAILED : CallRecord.Outcome.NO_ANSWER, end);
            }
            published.accept(d.agentId);
            return true;
        }
        if (event instanceof CommandRejected r && "Originate".equals(r.commandType())) {
            byRequest.values().stream().filter(d -> d.callId == null).findFirst().ifPresent(d -> {
                byRequest.remove(d.requestId);
                fail(d);
            });
            return true;
        }
        return false;
    }

    private void progress(OriginateProgress p) {
        Dial d = byRequest.get(p.requestId());
        if (d == null) {
            return;
        }
        if (p.callId() != null && d.callId == null) {
            d.callId = p.callId();
            byCall.put(d.callId, d);
        }
        if (p.state() == OriginateState.CONNECTED) {
            d.answeredAt = Instant.ofEpochMilli(p.at());
            agents.fire(d.agentId, AgentEvent.call(AgentEventType.DIAL_CONNECTED, Cause.sip(), d.requestId));
        } else if (p.state() == OriginateState.FAILED && d.answeredAt == null) {
            // CallCleared(FAILED) follows and writes the record; the agent is freed now.
            fail(d);
        }
        published.accept(d.agentId);
    }

    private void fail(Dial d) {
        if (d != null) {
            agents.fire(d.agentId, AgentEvent.call(AgentEventType.DIAL_FAILED, Cause.sip(), d.requestId));
        }
    }

    private void record(Dial d, CallRecord.Outcome outcome, Instant end) {
        Duration talk = d.answeredAt == null ? Duration.ZERO : Duration.between(d.answeredAt, end).minus(d.held);
        store.recordCall(new CallRecord(d.callId != null ? d.callId : d.requestId, CallRecord.Direction.OUTBOUND,
                Optional.empty(), Optional.empty(), Optional.of(d.number), Optional.of(d.agentId), outcome,
                Duration.ZERO, Duration.ZERO, talk.isNegative() ? Duration.ZERO : talk, d.held, Duration.ZERO,
                Optional.empty(), Optional.empty(), d.startedAt, Optional.ofNullable(d.answeredAt), Optional.of(end)));
    }
}
