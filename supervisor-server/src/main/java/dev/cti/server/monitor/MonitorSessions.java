package dev.cti.server.monitor;

import dev.cti.config.CtiConfig;
import dev.cti.config.MonitoringConfig;
import dev.cti.link.message.MonitorMode;
import dev.cti.server.events.CallPushEvent;
import dev.cti.server.events.MonitorView;
import dev.cti.server.metrics.ServerMeters;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The table of live monitor sessions, at most one per call, and what every change of one does: the {@link
 * MonitorState} transition (an unexpected event is logged and counted), the push to the wallboards and, when the
 * mode allows it, to the monitored agent. Used by {@link Monitors} and {@link MonitorReconciliation} on the call
 * center's context only.
 */
final class MonitorSessions {
    private static final Logger LOG = LoggerFactory.getLogger(Monitors.class);

    private final CtiConfig config;
    private final CallView calls;
    private final MeterRegistry meters;
    private final Map<String, MonitorSession> sessions = new LinkedHashMap<>();
    /** Live sessions for the scrape thread. */
    private final AtomicInteger live = new AtomicInteger();

    MonitorSessions(CtiConfig config, CallView calls, MeterRegistry meters) {
        this.config = config;
        this.calls = calls;
        this.meters = meters;
        ServerMeters.MONITOR_SESSIONS_LIVE.gauge(live, AtomicInteger::get).register(meters);
    }

    void add(MonitorSession s) {
        sessions.put(s.monitorId, s);
        live.set(sessions.size());
    }

    /** The session, or null. */
    MonitorSession get(String monitorId) {
        return sessions.get(monitorId);
    }

    /** A copy: the caller may end sessions while it walks them. */
    List<MonitorSession> all() {
        return new ArrayList<>(sessions.values());
    }

    boolean contains(String monitorId) {
        return sessions.containsKey(monitorId);
    }

    /** The live session; 404 unknown_monitor. */
    MonitorSession existing(String monitorId) {
        MonitorSession s = sessions.get(monitorId);
        if (s == null) {
            throw new MonitorException(404, "unknown_monitor", "no live monitor with that id");
        }
        return s;
    }

    Optional<MonitorSession> ofCall(String callId) {
        return sessions.values().stream().filter(s -> s.callId.equals(callId)).findFirst();
    }

    void end(MonitorSession s, String monitorId, String reason) {
        if (!move(s, MonitorState.Event.ENDED, monitorId)) {
            return;
        }
        s.endReason = reason;
        remove(s);
        push(s);
    }

    /** Applies the transition table; an event the state does not expect is logged and counted. */
    boolean move(MonitorSession s, MonitorState.Event event, String monitorId) {
        Optional<MonitorState> next = s == null ? Optional.empty() : s.state.on(event);
        if (next.isEmpty()) {
            LOG.warn("monitor {}: unexpected {} in state {}", monitorId, event, s == null ? "unknown" : s.state);
            ServerMeters.MONITOR_EVENTS_UNEXPECTED.counter(meters, event.name()).increment();
            return false;
        }
        s.state = next.get();
        return true;
    }

    void remove(MonitorSession s) {
        sessions.remove(s.monitorId);
        live.set(sessions.size());
    }

    void push(MonitorSession s) {
        boolean notify = notifyAgent(s.mode);
        calls.publish(new CallPushEvent.Monitor(calls.stamp(), s.agentId, s.view(), notify,
                CallPushEvent.Audience.ALL));
        if (notify) {
            s.agentTold = s.state != MonitorState.ENDED;
        } else if (s.agentTold) {
            // switched from a mode the agent is told of (whisper, barge) to a silent one (listen): to the agent the
            // supervisor has left; nothing in this event names the silent mode
            s.agentTold = false;
            MonitorView left = new MonitorView.Left(s.monitorId, s.callId, s.agentId, s.supervisor);
            calls.publish(new CallPushEvent.Monitor(calls.stamp(), s.agentId, left, true,
                    CallPushEvent.Audience.AGENTS));
        }
    }

    private boolean notifyAgent(MonitorMode mode) {
        MonitoringConfig.NotifyAgent n = config.monitoring().notifyAgent();
        return switch (mode) {
            case LISTEN -> n.listen();
            case WHISPER -> n.whisper();
            case BARGE -> n.barge();
            case TAKEOVER -> n.takeover();
        };
    }
}
