package dev.cti.server.monitor;

import dev.cti.config.AgentConfig;
import dev.cti.config.CtiConfig;
import dev.cti.config.MonitoringConfig;
import dev.cti.link.message.CommandRejected;
import dev.cti.link.message.LinkCommand;
import dev.cti.link.message.MonitorEnded;
import dev.cti.link.message.MonitorMode;
import dev.cti.link.message.MonitorModeChanged;
import dev.cti.link.message.MonitorStarted;
import dev.cti.link.message.RejectReason;
import dev.cti.link.message.SetMonitorMode;
import dev.cti.link.message.Snapshot;
import dev.cti.link.message.StartMonitor;
import dev.cti.link.message.StopMonitor;
import dev.cti.server.agent.Cause;
import dev.cti.server.events.CallPushEvent;
import dev.cti.server.events.MonitorView;
import dev.cti.server.metrics.ServerMeters;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live supervisor monitor sessions (issue 7), keyed by monitorId, at most one per call.
 *
 * <p>REST creates them ({@link #reserve}, then {@link #launch} once the audit row is durable), the
 * gateway's Monitor* events move them through {@link MonitorState}, and CallCleared or a snapshot without
 * the call ends them. The gateway's snapshot lists each call's calling or active session, so a server that
 * restarts or reconnects adopts the sessions it does not know (it can then list and stop them), follows the
 * mode and state of the ones it knows and ends the ones the gateway no longer has ({@link #reconcile(Snapshot)}). Every change is pushed through {@link CallView#publish} as a {@code monitor}
 * event whose {@code notifyAgent} says whether the monitored agent may see it (monitoring.notifyAgent). A
 * take-over hands the call to the supervisor's seat through {@link CallView#takenOver}. Runs on the call
 * center's context: the link events arrive there, REST calls hop onto it.
 */
public final class Monitors {
    private static final Logger LOG = LoggerFactory.getLogger(Monitors.class);

    private final Vertx vertx;
    private final Context context;
    private final CtiConfig config;
    private final CallView calls;
    private final Function<LinkCommand, Future<Long>> gateway;
    private final MeterRegistry meters;
    private final Supplier<String> ids;
    private final Clock clock;
    private final Map<String, MonitorSession> sessions = new LinkedHashMap<>();
    /** Live sessions for the scrape thread. */
    private final AtomicInteger live = new AtomicInteger();

    public Monitors(Vertx vertx, Context context, CtiConfig config, CallView calls,
                    Function<LinkCommand, Future<Long>> gateway, MeterRegistry meters,
                    Supplier<String> ids) {
        this(vertx, context, config, calls, gateway, meters, ids, Clock.systemUTC());
    }

    /**
     * @param clock measures {@link #RECONCILE_GRACE}: how long a launched session may be missing from the gateway's
     *              snapshots before it is taken for ended
     */
    public Monitors(Vertx vertx, Context context, CtiConfig config, CallView calls,
                    Function<LinkCommand, Future<Long>> gateway, MeterRegistry meters,
                    Supplier<String> ids, Clock clock) {
        this.vertx = vertx;
        this.context = context;
        this.config = config;
        this.calls = calls;
        this.gateway = gateway;
        this.meters = meters;
        this.ids = ids;
        this.clock = clock;
        ServerMeters.MONITOR_SESSIONS_LIVE.gauge(live, AtomicInteger::get).register(meters);
    }

    /** Parses a JSON mode name (listen, whisper, barge, takeover); empty when it is none of them. */
    public static Optional<MonitorMode> mode(Object json) {
        if (!(json instanceof String s)) {
            return Optional.empty();
        }
        for (MonitorMode m : MonitorMode.values()) {
            if (modeName(m).equals(s)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** A mode's JSON name (listen, whisper, barge, takeover), also its meter tag and its name in the logs. */
    public static String modeName(MonitorMode mode) {
        return mode.name().toLowerCase(Locale.ROOT);
    }

    // ---- REST side (any thread) -----------------------------------------------------------------------

    /**
     * Checks that {@code supervisor} working {@code seatId} can monitor {@code agentId} now and registers
     * the session (state calling) without telling anyone yet. Fails with a {@link MonitorException}:
     * 409 no_call, no_phone or already_monitored.
     */
    public Future<MonitorView> reserve(String supervisor, Optional<String> seatId, String agentId, MonitorMode mode) {
        return onContext(() -> {
            Optional<String> callId = calls.connectedCall(agentId);
            if (callId.isEmpty()) {
                throw new MonitorException(409, "no_call", "agent " + agentId + " is not on a connected call");
            }
            Optional<AgentConfig> seat = seatId.flatMap(config::agent);
            if (seat.isEmpty()) {
                throw new MonitorException(409, "no_phone", supervisor + " has no agent seat with a phone");
            }
            if (!calls.phoneRegistered(seat.get().extension())) {
                throw new MonitorException(409, "no_phone", "the phone of seat " + seat.get().id()
                        + " is not registered");
            }
            if (sessionOfCall(callId.get()).isPresent()) {
                throw new MonitorException(409, "already_monitored", "call " + callId.get() + " is already monitored");
            }
            MonitorSession s = new MonitorSession(ids.get(), callId.get(), agentId, supervisor, seat.get().id(), mode);
            sessions.put(s.monitorId, s);
            live.set(sessions.size());
            return s.view();
        });
    }

    /** Sends StartMonitor for a reserved session and pushes it; 503 gateway_unavailable when the link is down. */
    public Future<MonitorView> launch(String monitorId) {
        return onContext(() -> {
            MonitorSession s = existing(monitorId);
            AgentConfig seat = config.agent(s.seatId).orElseThrow();
            return gateway.apply(new StartMonitor(s.monitorId, s.callId, s.supervisor, s.seatId, seat.extension(), s.mode))
                    .transform(ar -> onContext(() -> {
                        if (ar.failed()) {
                            remove(s);
                            throw new MonitorException(503, "gateway_unavailable", ar.cause().getMessage());
                        }
                        s.launchedAt = clock.instant();
                        ServerMeters.MONITOR_SESSIONS_STARTED.counter(meters, modeName(s.mode))
                                .increment();
                        push(s);
                        return s.view();
                    }));
        }).compose(f -> f);
    }

    /** Forgets a reserved session that was never launched (its audit row could not be written). */
    public void discard(String monitorId) {
        context.runOnContext(v -> {
            MonitorSession s = sessions.get(monitorId);
            if (s != null) {
                remove(s);
            }
        });
    }

    /** The live session; 404 unknown_monitor. */
    public Future<MonitorView> find(String monitorId) {
        return onContext(() -> existing(monitorId).view());
    }

    /** Live sessions. */
    public Future<List<MonitorView>> list() {
        return onContext(() -> sessions.values().stream().map(MonitorSession::view).toList());
    }

    /** Asks the gateway to switch the mode; 409 not_active while calling or after a take-over. */
    public Future<MonitorView> switchMode(String monitorId, MonitorMode mode) {
        return onContext(() -> {
            MonitorSession s = existing(monitorId);
            if (s.state != MonitorState.ACTIVE || s.takenOver()) {
                throw new MonitorException(409, "not_active", "monitor " + monitorId + " is "
                        + (s.takenOver() ? "a take-over (final)" : s.state.json()));
            }
            return gateway.apply(new SetMonitorMode(s.monitorId, s.callId, mode)).transform(ar -> {
                if (ar.failed()) {
                    return Future.failedFuture(new MonitorException(503, "gateway_unavailable", ar.cause().getMessage()));
                }
                return find(monitorId);
            });
        }).compose(f -> f);
    }

    /** Asks the gateway to end the session; it ends when the gateway confirms (MonitorEnded). */
    public Future<MonitorView> stop(String monitorId) {
        return onContext(() -> {
            MonitorSession s = existing(monitorId);
            return gateway.apply(new StopMonitor(s.monitorId, s.callId)).transform(ar -> ar.failed()
                    ? Future.<MonitorView>failedFuture(new MonitorException(503, "gateway_unavailable", ar.cause().getMessage()))
                    : Future.succeededFuture(s.view()));
        }).compose(f -> f);
    }

    // ---- link side (on the call center's context) ------------------------------------------------------

    /** MonitorStarted: the supervisor's phone answered. */
    public void started(MonitorStarted e) {
        MonitorSession s = sessions.get(e.monitorId());
        if (!move(s, MonitorState.Event.STARTED, e.monitorId())) {
            return;
        }
        s.startedAt = Instant.ofEpochMilli(e.at());
        s.mode = e.mode();
        push(s);
        if (s.mode == MonitorMode.TAKEOVER) {
            calls.takenOver(s.callId, s.seatId, Cause.supervisor(s.supervisor));
        }
    }

    /** MonitorModeChanged: the mixer runs in the new mode. */
    public void modeChanged(MonitorModeChanged e) {
        MonitorSession s = sessions.get(e.monitorId());
        if (!move(s, MonitorState.Event.MODE_CHANGED, e.monitorId())) {
            return;
        }
        boolean takeOver = e.mode() == MonitorMode.TAKEOVER && s.mode != MonitorMode.TAKEOVER;
        s.mode = e.mode();
        push(s);
        if (takeOver) {
            calls.takenOver(s.callId, s.seatId, Cause.supervisor(s.supervisor));
        }
    }

    /** MonitorEnded. */
    public void ended(MonitorEnded e) {
        MonitorSession s = sessions.get(e.monitorId());
        end(s, e.monitorId(), e.reason().name().toLowerCase(Locale.ROOT));
    }

    /** The gateway refused a monitor command: a refused start ends the session; every refusal is pushed. */
    public void rejected(CommandRejected e) {
        Optional<MonitorSession> s = e.callId() == null ? Optional.empty() : sessionOfCall(e.callId());
        // the supervisor's business: telling the agent would reveal a silent listen
        calls.publish(new CallPushEvent.Rejected(calls.stamp(), e.callId(), e.commandType(), e.reason().name(),
                s.map(x -> x.agentId), s.map(x -> x.monitorId),
                s.isPresent() ? CallPushEvent.Audience.SUPERVISORS : CallPushEvent.Audience.ALL));
        if (s.isEmpty()) {
            return;
        }
        if ("StartMonitor".equals(e.commandType()) && s.get().state == MonitorState.CALLING) {
            end(s.get(), s.get().monitorId, "rejected");
        } else if ("StopMonitor".equals(e.commandType()) && e.reason() == RejectReason.UNKNOWN_CALL) {
            end(s.get(), s.get().monitorId, "call_ended");
        }
    }

    /** CallCleared: the call's session, if any, is over. */
    public void callEnded(String callId) {
        sessionOfCall(callId).ifPresent(s -> end(s, s.monitorId, "call_ended"));
    }

    /**
     * Only the calls of a gateway snapshot: sessions of calls the gateway no longer has are over. Superseded by
     * {@link #reconcile(Snapshot)}, which also adopts and follows the gateway's sessions; kept until the call
     * center passes the whole snapshot.
     */
    public void reconcile(Set<String> callsOnGateway) {
        for (MonitorSession s : new ArrayList<>(sessions.values())) {
            if (!callsOnGateway.contains(s.callId)) {
                callGone(s);
            }
        }
    }

    /**
     * How long a session may be missing from the gateway's snapshots after its StartMonitor was sent before it is
     * taken for ended: a snapshot asked for just before may have been taken before the gateway saw the command.
     */
    public static final Duration RECONCILE_GRACE = Duration.ofSeconds(5);

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
     *       and one launched within {@link #RECONCILE_GRACE}.</li>
     * </ul>
     * Every change is pushed as a {@code monitor} event.
     */
    public void reconcile(Snapshot snapshot) {
        Map<String, Snapshot.CallSnapshot> onGateway = new HashMap<>();
        snapshot.calls().forEach(c -> onGateway.put(c.callId(), c));
        Instant now = clock.instant();
        for (MonitorSession s : new ArrayList<>(sessions.values())) {
            Snapshot.CallSnapshot call = onGateway.get(s.callId);
            Snapshot.MonitorSnapshot listed = call == null ? null : call.monitor();
            if (call == null) {
                callGone(s);
            } else if (listed != null && listed.monitorId().equals(s.monitorId)) {
                follow(s, listed, snapshot.at());
            } else if (!s.takenOver() && s.launchedAt != null
                    && !now.isBefore(s.launchedAt.plus(RECONCILE_GRACE))) {
                LOG.warn("reconciliation: monitor {} ended, the gateway no longer has it on call {}", s.monitorId,
                        s.callId);
                end(s, s.monitorId, "gone");
            }
        }
        for (Snapshot.CallSnapshot call : onGateway.values()) {
            Snapshot.MonitorSnapshot listed = call.monitor();
            if (listed != null && !sessions.containsKey(listed.monitorId())) {
                adopt(call, listed, snapshot.at());
            }
        }
    }

    private void callGone(MonitorSession s) {
        LOG.warn("reconciliation: monitor {} ended, call {} is no longer on the gateway", s.monitorId, s.callId);
        end(s, s.monitorId, "call_ended");
    }

    /** A known session as the gateway lists it: its mode, and active once the supervisor's phone answered. */
    private void follow(MonitorSession s, Snapshot.MonitorSnapshot listed, long at) {
        boolean changed = false;
        if (s.state == MonitorState.CALLING && listed.state() == Snapshot.MonitorSnapshotState.ACTIVE
                && move(s, MonitorState.Event.STARTED, s.monitorId)) {
            s.startedAt = Instant.ofEpochMilli(at); // when the gateway vouched for it: the real start was lost
            changed = true;
        }
        if (s.mode != listed.mode()) {
            if (s.state == MonitorState.ACTIVE && !move(s, MonitorState.Event.MODE_CHANGED, s.monitorId)) {
                return;
            }
            s.mode = listed.mode();
            changed = true;
        }
        if (changed) {
            LOG.info("reconciliation: monitor {} on call {} is {} {}", s.monitorId, s.callId, s.state.json(),
                    modeName(s.mode));
            push(s);
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
        sessionOfCall(call.callId()).ifPresent(other -> {
            LOG.warn("reconciliation: monitor {} ended, call {} is monitored by {} on the gateway", other.monitorId,
                    call.callId(), listed.monitorId());
            end(other, other.monitorId, "gone");
        });
        MonitorSession s = new MonitorSession(listed.monitorId(), call.callId(), call.agentId(), listed.supervisor(),
                listed.seatId(), listed.mode());
        s.launchedAt = clock.instant();
        if (listed.state() == Snapshot.MonitorSnapshotState.ACTIVE) {
            s.state = MonitorState.ACTIVE;
            s.startedAt = Instant.ofEpochMilli(at);
        }
        sessions.put(s.monitorId, s);
        live.set(sessions.size());
        LOG.warn("reconciliation: adopted monitor {} of {} on call {} ({} {})", s.monitorId, s.supervisor, s.callId,
                s.state.json(), modeName(s.mode));
        push(s);
    }

    // ---- internals -------------------------------------------------------------------------------------

    private void end(MonitorSession s, String monitorId, String reason) {
        if (!move(s, MonitorState.Event.ENDED, monitorId)) {
            return;
        }
        s.endReason = reason;
        remove(s);
        push(s);
    }

    /** Applies the transition table; an event the state does not expect is logged and counted. */
    private boolean move(MonitorSession s, MonitorState.Event event, String monitorId) {
        Optional<MonitorState> next = s == null ? Optional.empty() : s.state.on(event);
        if (next.isEmpty()) {
            LOG.warn("monitor {}: unexpected {} in state {}", monitorId, event, s == null ? "unknown" : s.state);
            ServerMeters.MONITOR_EVENTS_UNEXPECTED.counter(meters, event.name()).increment();
            return false;
        }
        s.state = next.get();
        return true;
    }

    private void remove(MonitorSession s) {
        sessions.remove(s.monitorId);
        live.set(sessions.size());
    }

    private void push(MonitorSession s) {
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

    private MonitorSession existing(String monitorId) {
        MonitorSession s = sessions.get(monitorId);
        if (s == null) {
            throw new MonitorException(404, "unknown_monitor", "no live monitor with that id");
        }
        return s;
    }

    private Optional<MonitorSession> sessionOfCall(String callId) {
        return sessions.values().stream().filter(s -> s.callId.equals(callId)).findFirst();
    }

    private <T> Future<T> onContext(Callable<T> work) {
        Promise<T> p = Promise.promise();
        context.runOnContext(v -> {
            try {
                p.complete(work.call());
            } catch (Exception e) {
                p.fail(e);
            }
        });
        return p.future();
    }
}
