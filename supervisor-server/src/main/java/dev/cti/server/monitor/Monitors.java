package dev.cti.server.monitor;

import dev.cti.config.AgentConfig;
import dev.cti.config.CtiConfig;
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
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
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
    private final MonitorSessions sessions;
    private final MonitorReconciliation reconciliation;

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
        this.sessions = new MonitorSessions(config, calls, meters);
        this.reconciliation = new MonitorReconciliation(sessions, meters, clock);
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
            if (sessions.ofCall(callId.get()).isPresent()) {
                throw new MonitorException(409, "already_monitored", "call " + callId.get() + " is already monitored");
            }
            MonitorSession s = new MonitorSession(ids.get(), callId.get(), agentId, supervisor, seat.get().id(), mode);
            sessions.add(s);
            return s.view();
        });
    }

    /** Sends StartMonitor for a reserved session and pushes it; 503 gateway_unavailable when the link is down. */
    public Future<MonitorView> launch(String monitorId) {
        return onContext(() -> {
            MonitorSession s = sessions.existing(monitorId);
            AgentConfig seat = config.agent(s.seatId).orElseThrow();
            return gateway.apply(new StartMonitor(s.monitorId, s.callId, s.supervisor, s.seatId, seat.extension(), s.mode))
                    .transform(ar -> onContext(() -> {
                        if (ar.failed()) {
                            sessions.remove(s);
                            throw new MonitorException(503, "gateway_unavailable", ar.cause().getMessage());
                        }
                        s.launchedAt = clock.instant();
                        ServerMeters.MONITOR_SESSIONS_STARTED.counter(meters, modeName(s.mode))
                                .increment();
                        sessions.push(s);
                        return s.view();
                    }));
        }).compose(f -> f);
    }

    /** Forgets a reserved session that was never launched (its audit row could not be written). */
    public void discard(String monitorId) {
        context.runOnContext(v -> {
            MonitorSession s = sessions.get(monitorId);
            if (s != null) {
                sessions.remove(s);
            }
        });
    }

    /** The live session; 404 unknown_monitor. */
    public Future<MonitorView> find(String monitorId) {
        return onContext(() -> sessions.existing(monitorId).view());
    }

    /** Live sessions. */
    public Future<List<MonitorView>> list() {
        return onContext(() -> sessions.all().stream().map(MonitorSession::view).toList());
    }

    /** Asks the gateway to switch the mode; 409 not_active while calling or after a take-over. */
    public Future<MonitorView> switchMode(String monitorId, MonitorMode mode) {
        return onContext(() -> {
            MonitorSession s = sessions.existing(monitorId);
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
            MonitorSession s = sessions.existing(monitorId);
            return gateway.apply(new StopMonitor(s.monitorId, s.callId)).transform(ar -> ar.failed()
                    ? Future.<MonitorView>failedFuture(new MonitorException(503, "gateway_unavailable", ar.cause().getMessage()))
                    : Future.succeededFuture(s.view()));
        }).compose(f -> f);
    }

    // ---- link side (on the call center's context) ------------------------------------------------------

    /** MonitorStarted: the supervisor's phone answered. */
    public void started(MonitorStarted e) {
        MonitorSession s = sessions.get(e.monitorId());
        if (!sessions.move(s, MonitorState.Event.STARTED, e.monitorId())) {
            return;
        }
        s.startedAt = Instant.ofEpochMilli(e.at());
        s.mode = e.mode();
        sessions.push(s);
        if (s.mode == MonitorMode.TAKEOVER) {
            calls.takenOver(s.callId, s.seatId, Cause.supervisor(s.supervisor));
        }
    }

    /** MonitorModeChanged: the mixer runs in the new mode. */
    public void modeChanged(MonitorModeChanged e) {
        MonitorSession s = sessions.get(e.monitorId());
        if (!sessions.move(s, MonitorState.Event.MODE_CHANGED, e.monitorId())) {
            return;
        }
        boolean takeOver = e.mode() == MonitorMode.TAKEOVER && s.mode != MonitorMode.TAKEOVER;
        s.mode = e.mode();
        sessions.push(s);
        if (takeOver) {
            calls.takenOver(s.callId, s.seatId, Cause.supervisor(s.supervisor));
        }
    }

    /** MonitorEnded. */
    public void ended(MonitorEnded e) {
        MonitorSession s = sessions.get(e.monitorId());
        sessions.end(s, e.monitorId(), e.reason().name().toLowerCase(Locale.ROOT));
    }

    /** The gateway refused a monitor command: a refused start ends the session; every refusal is pushed. */
    public void rejected(CommandRejected e) {
        Optional<MonitorSession> s = e.callId() == null ? Optional.empty() : sessions.ofCall(e.callId());
        // the supervisor's business: telling the agent would reveal a silent listen
        calls.publish(new CallPushEvent.Rejected(calls.stamp(), e.callId(), e.commandType(), e.reason().name(),
                s.map(x -> x.agentId), s.map(x -> x.monitorId),
                s.isPresent() ? CallPushEvent.Audience.SUPERVISORS : CallPushEvent.Audience.ALL));
        if (s.isEmpty()) {
            return;
        }
        if ("StartMonitor".equals(e.commandType()) && s.get().state == MonitorState.CALLING) {
            sessions.end(s.get(), s.get().monitorId, "rejected");
        } else if ("StopMonitor".equals(e.commandType()) && e.reason() == RejectReason.UNKNOWN_CALL) {
            sessions.end(s.get(), s.get().monitorId, "call_ended");
        }
    }

    /** CallCleared: the call's session, if any, is over. */
    public void callEnded(String callId) {
        sessions.ofCall(callId).ifPresent(s -> sessions.end(s, s.monitorId, "call_ended"));
    }

    /**
     * Only the calls of a gateway snapshot: sessions of calls the gateway no longer has are over. Superseded by
     * {@link #reconcile(Snapshot)}; kept until the call center passes the whole snapshot.
     */
    public void reconcile(Set<String> callsOnGateway) {
        reconciliation.reconcile(callsOnGateway);
    }

    /**
     * How long a session may be missing from the gateway's snapshots after its StartMonitor was sent before it is
     * taken for ended: a snapshot asked for just before may have been taken before the gateway saw the command.
     */
    public static final Duration RECONCILE_GRACE = Duration.ofSeconds(5);

    /** A gateway snapshot: see {@link MonitorReconciliation#reconcile(Snapshot)}. */
    public void reconcile(Snapshot snapshot) {
        reconciliation.reconcile(snapshot);
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
