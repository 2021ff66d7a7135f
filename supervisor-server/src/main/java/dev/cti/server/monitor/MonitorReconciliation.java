package dev.cti.server.monitor;

import dev.cti.link.message.Snapshot;
import dev.cti.server.metrics.ServerMeters;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the monitor sessions in line with a gateway snapshot (the gateway owns call and media state, design.md
 * §1): adopts, follows and ends sessions. On the call center's context.
 */
final class MonitorReconciliation {
    private static final Logger LOG = LoggerFactory.getLogger(Monitors.class);

    private final MonitorSessions sessions;
    private final MeterRegistry meters;
    private final Clock clock;

    MonitorReconciliation(MonitorSessions sessions, MeterRegistry meters, Clock clock) {
        this.sessions = sessions;
        this.meters = meters;
        this.clock = clock;
    }

    /**
     * Only the calls of a gateway snapshot: sessions of calls the gateway no longer has are over. Superseded by
     * {@link #reconcile(Snapshot)}, which also adopts and follows the gateway's sessions; kept until the call
     * center passes the whole snapshot.
     */
    void reconcile(Set<String> callsOnGateway) {
        for (MonitorSession s : sessions.all()) {
            if (!callsOnGateway.contains(s.callId)) {
                callGone(s);
            }
        }
    }

    /**
     * A gateway snapshot (the gateway owns call and media state, design.md §1), on the call center's context:
     * <ul>
     *   <li>a session the snapshot lists that this server does not know (it restarted, or the session began while
     *       the link was down) is adopted with the snapshot's supervisor, seat, mode and state, and the call's
     *       agent;</li>
     *   <li>a known session takes the listed mode, and goes from calling to active when listed active;</li>
     *   <li>a known session is over when its call is gone ({@code call_ended}) or the call is there without it
     *       ({@code gone}: it ended while the link was down, the reason is lost), except a take-over (never listed:
     *       the call is the supervisor's seat's until it ends), a session only reserved (StartMonitor not sent),
     *       and one launched within {@link Monitors#RECONCILE_GRACE}.</li>
     * </ul>
     * Every change is pushed as a {@code monitor} event.
     */
    void reconcile(Snapshot snapshot) {
        Map<String, Snapshot.CallSnapshot> onGateway = new HashMap<>();
        snapshot.calls().forEach(c -> onGateway.put(c.callId(), c));
        Instant now = clock.instant();
        for (MonitorSession s : sessions.all()) {
            Snapshot.CallSnapshot call = onGateway.get(s.callId);
            Snapshot.MonitorSnapshot listed = call == null ? null : call.monitor();
            if (call == null) {
                callGone(s);
            } else if (listed != null && listed.monitorId().equals(s.monitorId)) {
                follow(s, listed, snapshot.at());
            } else if (!s.takenOver() && s.launchedAt != null
                    && !now.isBefore(s.launchedAt.plus(Monitors.RECONCILE_GRACE))) {
                LOG.warn("reconciliation: monitor {} ended, the gateway no longer has it on call {}", s.monitorId,
                        s.callId);
                sessions.end(s, s.monitorId, "gone");
            }
        }
        for (Snapshot.CallSnapshot call : onGateway.values()) {
            Snapshot.MonitorSnapshot listed = call.monitor();
            if (listed != null && !sessions.contains(listed.monitorId())) {
                adopt(call, listed, snapshot.at());
            }
        }
    }

    private void callGone(MonitorSession s) {
        LOG.warn("reconciliation: monitor {} ended, call {} is no longer on the gateway", s.monitorId, s.callId);
        sessions.end(s, s.monitorId, "call_ended");
    }

    /** A known session as the gateway lists it: its mode, and active once the supervisor's phone answered. */
    private void follow(MonitorSession s, Snapshot.MonitorSnapshot listed, long at) {
        boolean changed = false;
        if (s.state == MonitorState.CALLING && listed.state() == Snapshot.MonitorSnapshotState.ACTIVE
                && sessions.move(s, MonitorState.Event.STARTED, s.monitorId)) {
            s.startedAt = Instant.ofEpochMilli(at); // when the gateway vouched for it: the real start was lost
            changed = true;
        }
        if (s.mode != listed.mode()) {
            if (s.state == MonitorState.ACTIVE && !sessions.move(s, MonitorState.Event.MODE_CHANGED, s.monitorId)) {
                return;
            }
            s.mode = listed.mode();
            changed = true;
        }
        if (changed) {
            LOG.info("reconciliation: monitor {} on call {} is {} {}", s.monitorId, s.callId, s.state.json(),
                    Monitors.modeName(s.mode));
            sessions.push(s);
        }
    }

    /** A session the gateway has and this server did not know: from now on it is listed, followed and stoppable. */
    private void adopt(Snapshot.CallSnapshot call, Snapshot.MonitorSnapshot listed, long at) {
        if (call.agentId() == null) {
            LOG.warn("reconciliation: monitor {} on call {} not adopted: the call has no agent", listed.monitorId(),
                    call.callId());
            ServerMeters.MONITOR_EVENTS_UNEXPECTED.counter(meters, "ADOPT").increment();
            return;
        }
        sessions.ofCall(call.callId()).ifPresent(other -> {
            LOG.warn("reconciliation: monitor {} ended, call {} is monitored by {} on the gateway", other.monitorId,
                    call.callId(), listed.monitorId());
            sessions.end(other, other.monitorId, "gone");
        });
        MonitorSession s = new MonitorSession(listed.monitorId(), call.callId(), call.agentId(), listed.supervisor(),
                listed.seatId(), listed.mode());
        s.launchedAt = clock.instant();
        if (listed.state() == Snapshot.MonitorSnapshotState.ACTIVE) {
            s.state = MonitorState.ACTIVE;
            s.startedAt = Instant.ofEpochMilli(at);
        }
        sessions.add(s);
        LOG.warn("reconciliation: adopted monitor {} of {} on call {} ({} {})", s.monitorId, s.supervisor, s.callId,
                s.state.json(), Monitors.modeName(s.mode));
        sessions.push(s);
    }
}
