package dev.cti.server.call;

import dev.cti.server.metrics.ServerMeters;
import dev.cti.config.CtiConfig;
import dev.cti.link.message.CallState;
import dev.cti.link.message.Snapshot;
import dev.cti.server.acd.Acd;
import dev.cti.server.agent.AgentRegistry;
import dev.cti.server.agent.AgentSnapshot;
import dev.cti.server.agent.AgentState;
import dev.cti.server.kpi.QueueKpis;
import dev.cti.server.store.CallRecord;
import dev.cti.server.store.RestoreStore;
import dev.cti.server.store.Store;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server that starts again takes up where the records leave off (docs/STORAGE.md, "Restart: restoring from the
 * records"), and lets the gateway's first snapshot settle what the records cannot know:
 *
 * <ol>
 *   <li>{@link #restore}, at start, before the CTI link listens: every agent back in its last stored state
 *       ({@code agent_state_history}): NOT_READY with its reason, READY, WRAP_UP with the rest of its wrap-up,
 *       ON_CALL / RESERVED / DIALING on their call; a click-to-dial is handed back to the dialer. The calls a crash
 *       left {@code IN_PROGRESS} are read with their holds and kept aside.</li>
 *   <li>{@link #settle}, on the gateway's first snapshot: each such call the gateway still has is adopted with
 *       everything the records know (numbers, queue, arrival, answer, ring time, holds so far), so its CDR is
 *       written right when it ends; the others are closed as {@code LOST_ON_RESTART} (counted in
 *       {@code cti_restore_calls_lost_total}). A call the records leave in a voice menu (no queue) that the gateway
 *       still has in none is taken back by the menus ({@link CallMenus#resume}: its menu from the top). The
 *       reconciler then corrects the agents as on every snapshot.</li>
 *   <li>When no gateway snapshot arrives within {@code storage.restoreGraceSeconds} while calls or busy agents wait
 *       for one, a warning says so and {@code cti_restore_waiting_for_gateway} is 1 until it comes: nothing is
 *       guessed meanwhile.</li>
 * </ol>
 *
 * Runs on the call center's context.
 */
final class RestartRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(RestartRecovery.class);

    private final Vertx vertx;
    private final CtiConfig config;
    private final Store store;
    private final RestoreStore records;
    private final Clock clock;
    private final Counter lostCalls;
    private final AtomicInteger waiting = new AtomicInteger();
    private final Map<String, RestoreStore.OpenCall> open = new LinkedHashMap<>();
    private boolean settled = true;
    private int busyAgents;
    private long graceTimer = -1;

    /** Takes back a call the last run left in a voice menu (CallMenus::resume). */
    private final java.util.function.Consumer<CallRecord> backToMenu;

    RestartRecovery(Vertx vertx, CtiConfig config, Store store, MeterRegistry meters, Clock clock,
                    java.util.function.Consumer<CallRecord> backToMenu) {
        this.backToMenu = backToMenu;
        this.vertx = vertx;
        this.config = config;
        this.store = store;
        this.records = new RestoreStore(store);
        this.clock = clock;
        this.lostCalls = ServerMeters.RESTORE_CALLS_LOST.counter(meters);
        ServerMeters.RESTORE_WAITING_FOR_GATEWAY.gauge(waiting, AtomicInteger::get).register(meters);
        ServerMeters.RESTORE_AGENTS.gauge(this, r -> r.restoredAgents).register(meters);
    }

    private volatile int restoredAgents;

    /** Step 1 (see the class comment); completes once the agents are back and the open calls are read. */
    Future<Void> restore(AgentRegistry agents, OutboundDialer outbound, QueueKpis kpis) {
        List<String> ids = agents.agents().stream().map(a -> a.id()).toList();
        return records.lastStates(ids).compose(states -> agents.restore(states.values()).map(v -> {
            for (AgentSnapshot s : states.values()) {
                String call = s.callId().orElse(null);
                if (call == null) {
                    continue;
                }
                if (s.state() == AgentState.WRAP_UP) {
                    kpis.wrapUpResumed(call, s.since());
                } else {
                    busyAgents++;
                    if (OutboundDialer.isRequestId(call) && (s.state() == AgentState.DIALING
                            || s.state() == AgentState.ON_CALL)) {
                        outbound.restore(s.agentId(), call, s.since(), s.state() == AgentState.ON_CALL);
                    }
                }
            }
            restoredAgents = states.size();
            return states.size();
        })).compose(n -> records.openCalls().map(calls -> {
            calls.forEach(c -> open.put(c.record().id(), c));
            LOG.info("restored {} agent(s) from the records ({} on a call); {} call(s) left in progress wait for the "
                    + "gateway's snapshot", n, busyAgents, open.size());
            settled = false;
            graceTimer = vertx.setTimer(Duration.ofSeconds(config.storage().restoreGraceSeconds()).toMillis(),
                    t -> graceOver());
            return null;
        }));
    }

    private void graceOver() {
        graceTimer = -1;
        if (settled || open.isEmpty() && busyAgents == 0) {
            return;
        }
        waiting.set(1);
        LOG.warn("no gateway snapshot {} s after the start: {} call(s) left in progress by the last run and {} agent(s) "
                + "restored on a call stay as the records say until the gateway connects (nothing is guessed)",
                config.storage().restoreGraceSeconds(), open.size(), busyAgents);
    }

    /** Whether the first snapshot since the start has been settled. */
    boolean settled() {
        return settled;
    }

    /**
     * Step 2, on the first snapshot: adopts the open calls the gateway still has into {@code calls}, closes the
     * others as lost. Later snapshots are the reconciler's alone.
     */
    void settle(Snapshot s, Map<String, LiveCall> calls, Acd acd, CallLifecycle lifecycle) {
        if (settled) {
            return;
        }
        settled = true;
        waiting.set(0);
        if (graceTimer >= 0) {
            vertx.cancelTimer(graceTimer);
        }
        Map<String, Snapshot.CallSnapshot> onGateway = new LinkedHashMap<>();
        s.calls().forEach(c -> onGateway.put(c.callId(), c));
        List<String> lost = new ArrayList<>();
        for (RestoreStore.OpenCall oc : open.values()) {
            CallRecord r = oc.record();
            Snapshot.CallSnapshot g = onGateway.get(r.id());
            if (g == null) {
                lost.add(r.id());
                continue;
            }
            if (r.direction() == CallRecord.Direction.INBOUND && r.queueId().isEmpty() && g.queueId() == null
                    && g.agentId() == null) {
                backToMenu.accept(r); // it was in a voice menu: the menu from its top (it was silent meanwhile)
                continue;
            }
            if (r.direction() != CallRecord.Direction.INBOUND || r.queueId().isEmpty()
                    || config.queue(r.queueId().get()).isEmpty() || calls.containsKey(r.id())) {
                continue; // the reconciler adopts it from the snapshot alone
            }
            calls.put(r.id(), adopt(oc, g, acd, lifecycle));
        }
        open.clear();
        if (!lost.isEmpty()) {
            lostCalls.increment(lost.size());
            LOG.warn("{} call(s) left in progress by the last run are gone from the gateway: stored as {}", lost.size(),
                    RestoreStore.LOST);
            store.alerts().durably("call_lost", lost.size() + " call(s)", () -> records.closeLost(lost,
                    clock.instant()));
        }
    }

    /** A call of the records the gateway still has, with what the records know about it. */
    private LiveCall adopt(RestoreStore.OpenCall oc, Snapshot.CallSnapshot g, Acd acd, CallLifecycle lifecycle) {
        CallRecord r = oc.record();
        LiveCall call = new LiveCall(r.id(), r.queueId().get(), r.callerNumber().orElse(g.callerNumber()),
                r.dialledNumber().orElse(""), r.startedAt());
        call.ringMillis = r.ringTime().toMillis();
        call.visitNo = oc.visitNo(); // its latest visit goes on (one that overflowed is not its first)
        oc.visitEnteredAt().ifPresent(t -> call.enteredAt = t);
        call.waiting = acd.restore(r.id(), call.queueId, call.arrivedAt); // among the restored callbacks
        Optional<String> agent = Optional.ofNullable(g.agentId()).or(r::agentId);
        Optional<Instant> answered = r.answeredAt().or(() -> Optional.ofNullable(g.answeredAt()).map(Instant::ofEpochMilli));
        if (agent.isPresent() && answered.isPresent()) {
            acd.remove(r.id());
            call.agentId = agent;
            call.answeredAt = answered.get();
            call.holdTimer = lifecycle.holdTimer(r.id(), agent.get());
            boolean held = g.state() == CallState.HELD;
            Optional<Instant> heldSince = held ? Optional.ofNullable(g.heldAt()).map(Instant::ofEpochMilli)
                    .or(oc::heldSince).or(() -> Optional.of(clock.instant())) : Optional.empty();
            call.holdTimer.restore(oc.heldBefore(), heldSince);
            call.phase = held ? LiveCall.Phase.HELD : LiveCall.Phase.CONNECTED;
            call.heldSince = heldSince.orElse(null);
        } else if (agent.isPresent() && g.state() == CallState.RINGING) {
            acd.remove(r.id());
            call.agentId = agent;
            call.phase = LiveCall.Phase.RINGING;
            call.offeredAt = clock.instant();
        }
        LOG.info("call {} of the last run adopted ({})", r.id(), call.phase);
        return call;
    }
}
