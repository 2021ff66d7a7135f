package dev.cti.server.monitor;

import dev.cti.link.message.MonitorMode;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Locale;

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

    JsonObject json() {
        return new JsonObject().put("monitorId", monitorId).put("callId", callId).put("agentId", agentId)
                .put("supervisor", supervisor).put("mode", modeName(mode)).put("state", state.json())
                .put("startedAt", startedAt == null ? null : startedAt.toEpochMilli())
                .put("endReason", endReason);
    }

    static String modeName(MonitorMode mode) {
        return mode.name().toLowerCase(Locale.ROOT);
    }
}
