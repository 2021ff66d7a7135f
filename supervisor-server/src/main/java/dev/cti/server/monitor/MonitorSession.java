package dev.cti.server.monitor;

import dev.cti.link.message.MonitorMode;
import dev.cti.server.events.MonitorView;
import java.time.Instant;
import java.util.Optional;

/**
 * One supervisor monitoring one call, as the server tracks it. Mutable, touched only on the call center's
 * context by {@link Monitors}.
 */
final class MonitorSession {
    final String monitorId;
    final String callId;
    final String agentId;
    /** Username of the supervisor (or admin) who started it. */
    final String supervisor;
    /** The supervisor's seat whose phone the gateway calls. */
    final String seatId;
    MonitorMode mode;
    MonitorState state = MonitorState.CALLING;
    Instant startedAt;
    String endReason;
    /** The monitored agent was last told of this session (a notified mode): a switch to a silent one must say so. */
    boolean agentTold;
    /**
     * When StartMonitor went to the gateway (or the session was adopted from a snapshot); null while only
     * reserved, when the gateway cannot know it yet.
     */
    Instant launchedAt;

    MonitorSession(String monitorId, String callId, String agentId, String supervisor, String seatId,
                   MonitorMode mode) {
        this.monitorId = monitorId;
        this.callId = callId;
        this.agentId = agentId;
        this.supervisor = supervisor;
        this.seatId = seatId;
        this.mode = mode;
    }

    boolean takenOver() {
        return mode == MonitorMode.TAKEOVER && state == MonitorState.ACTIVE;
    }

    /** The session as it is now, for REST and the {@code monitor} push. */
    MonitorView view() {
        return new MonitorView.Session(monitorId, callId, agentId, supervisor, mode, state,
                Optional.ofNullable(startedAt), Optional.ofNullable(endReason));
    }
}
