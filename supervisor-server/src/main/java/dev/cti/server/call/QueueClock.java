package dev.cti.server.call;

import dev.cti.config.CtiConfig;
import dev.cti.config.QueueConfig;
import dev.cti.link.message.Announce;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.HangUp;
import dev.cti.server.events.CallPushEvent;
import dev.cti.server.events.QueueFigures;
import dev.cti.server.acd.Acd;
import dev.cti.server.acd.QueueTimeout;
import dev.cti.server.agent.AgentRegistry;
import dev.cti.server.agent.AgentSnapshot;
import dev.cti.server.agent.AgentState;
import dev.cti.server.kpi.QueueKpis;
import dev.cti.server.store.QueueVisit;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The queues' side of time, run every {@link CallCenter#TICK}: the ACD's time limits (overflow to another
 * queue, or hang-up at the maximum wait), the wallboard's queue figures pushed, and the position / estimated
 * wait announcements to waiting callers at each queue's interval. Runs on the call center's context.
 */
final class QueueClock {
    private static final int[] NO_QUEUES = {};
    private final CtiConfig config;
    private final AgentRegistry agents;
    private final CallCenter.CommandSink gateway;
    private final Clock clock;
    private final Acd acd;
    private final QueueKpis kpis;
    private final Map<String, LiveCall> calls;
    private final CallPush push;
    private final CallDispatcher dispatcher;
    private final VisitRecorder visits;
    private QueueCallbackOffers callbackOffers;
    private final dev.cti.server.kpi.SurveyTally surveys;
    /**
     * For each agent, the positions in {@code config.queues()} of the queues its skills meet. Agents, skills and
     * queues are the configuration's, fixed while the server runs, so this is worked out once: {@link #figures()}
     * (every tick, and each {@code GET /api/queues}) used to test every queue against every agent (100,000 tests and
     * 50 lists of 2,000 snapshots a second with T6's 50 queues and 2,000 agents).
     */
    private final Map<String, int[]> queuesOfAgent = new HashMap<>();

    QueueClock(CtiConfig config, AgentRegistry agents, CallCenter.CommandSink gateway, Clock clock, Acd acd,
               QueueKpis kpis, Map<String, LiveCall> calls, CallPush push, CallDispatcher dispatcher,
               VisitRecorder visits, dev.cti.server.kpi.SurveyTally surveys) {
        this.visits = visits;
        this.surveys = surveys;
        this.config = config;
        this.agents = agents;
        this.gateway = gateway;
        this.clock = clock;
        this.acd = acd;
        this.kpis = kpis;
        this.calls = calls;
        this.push = push;
        this.dispatcher = dispatcher;
        List<QueueConfig> queues = config.queues();
        for (dev.cti.config.AgentConfig a : agents.agents()) {
            queuesOfAgent.put(a.id(), java.util.stream.IntStream.range(0, queues.size())
                    .filter(i -> queues.get(i).accepts(a.skills())).toArray());
        }
    }

    /** Who decides whether an announcement offers the callback (issue 17). */
    void offers(QueueCallbackOffers offers) {
        this.callbackOffers = offers;
    }

    /** Applies queue time limits and sends position / wait announcements. */
    void tick() {
        for (QueueTimeout t : acd.tick()) {
            LiveCall call = calls.get(t.call().callId());
            if (call == null) {
                continue;
            }
            if (t.kind() == QueueTimeout.Kind.OVERFLOWED) {
                kpis.overflowed(call.queueId, t.targetQueue());
                Instant now = clock.instant();
                visits.left(call, QueueVisit.Outcome.OVERFLOWED, now, java.util.Optional.of(t.targetQueue()));
                call.queueId = t.targetQueue();
                call.visitNo++;
                call.enteredAt = now;
                visits.entered(call);
                call.waiting = t.call();
                call.overflowed = true;
                push.call(call, "overflowed");
            } else {
                gateway.send(new HangUp(call.callId, ClearCause.MAX_WAIT));
            }
        }
        kpis.publish();
        Map<String, Integer> staffedByQueue = new HashMap<>();
        push.publish(new CallPushEvent.Queues(push.stamp(), figures(), kpis.occupancy()));
        Instant now = clock.instant();
        for (LiveCall call : calls.values()) {
            if (call.phase != LiveCall.Phase.QUEUED
                    || (callbackOffers != null && callbackOffers.answering(call.callId))) {
                continue; // with an agent, or keying a callback number: no announcement cuts in
            }
            QueueConfig q = config.queue(call.queueId).orElseThrow();
            int every = q.prompts().announceEverySeconds();
            if (every > 0 && Duration.between(call.lastAnnouncedAt, now).getSeconds() >= every) {
                call.lastAnnouncedAt = now;
                int position = acd.position(call.callId).orElse(1);
                int staffed = staffedByQueue.computeIfAbsent(q.id(), id -> (int) agents.snapshots().stream()
                        .filter(s -> s.state() != AgentState.LOGGED_OUT)
                        .filter(s -> q.accepts(agents.agent(s.agentId()).orElseThrow().skills()))
                        .count());
                long ewt = acd.estimatedWait(q.id(), position, staffed).getSeconds();
                boolean offer = callbackOffers != null && callbackOffers.offerWith(call, q, ewt);
                gateway.send(offer ? new Announce(call.callId, position, (int) ewt, true)
                        : new Announce(call.callId, position, (int) ewt));
            }
        }
        dispatcher.dispatch();
    }

    /** Live counts, today's KPIs and agents by state, per queue (REST, wallboard push). */
    List<QueueFigures> figures() {
        List<QueueConfig> queues = config.queues();
        List<Map<AgentState, Integer>> byState = new ArrayList<>(queues.size());
        for (int i = 0; i < queues.size(); i++) {
            byState.add(new LinkedHashMap<>());
        }
        // one pass over the agents in configuration order: each queue's map gets its states in the order a scan of
        // that queue's agents would meet them
        for (AgentSnapshot s : agents.snapshots()) {
            for (int i : queuesOfAgent.getOrDefault(s.agentId(), NO_QUEUES)) {
                byState.get(i).merge(s.state(), 1, Integer::sum);
            }
        }
        List<QueueFigures> out = new ArrayList<>(queues.size());
        Map<String, QueueKpis.Figures> today = kpis.figures();
        for (int i = 0; i < queues.size(); i++) {
            QueueConfig q = queues.get(i);
            out.add(new QueueFigures(q.id(), acd.waiting(q.id()).size(), acd.oldestWait(q.id()).getSeconds(),
                    q.serviceLevel().targetPercent() / 100.0, q.serviceLevel().thresholdSeconds(),
                    Optional.ofNullable(today.get(q.id())), byState.get(i),
                    q.survey().map(x -> surveys.counts(q.id())),
                    callbackOffers == null ? Optional.empty() : callbackOffers.figures(q)));
        }
        return out;
    }
}
