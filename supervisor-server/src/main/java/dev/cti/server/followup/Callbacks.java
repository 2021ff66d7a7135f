package dev.cti.server.followup;

import dev.cti.config.FollowUpConfig;
import dev.cti.server.metrics.ServerMeters;
import dev.cti.server.store.FollowUpStore;
import dev.cti.server.store.FollowUpStore.Callback;
import dev.cti.server.store.FollowUpStore.Status;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scheduled callbacks (issue 17): booked by a wrap-up of category callback, offered at their time ({@link #tick()})
 * to the agent who booked it when that agent is READY, else to any READY agent of the call's queue, through
 * click-to-dial (the gateway rings the agent, then the customer). The dial's end decides the outcome: answered is
 * DONE; unanswered is retried {@code followUps.callbackRetries} times, {@code callbackRetryMinutes} apart, then
 * FAILED. A callback still open {@code callbackOverdueMinutes} after it was due is overdue (the wallboard flags it).
 * Nothing waits on a real clock: the time is the injected {@link Clock}'s, and the server calls {@link #tick()}
 * periodically. The open callbacks are kept in memory (read back at {@link #start()}), every change is stored first.
 *
 * <p>A caller waiting in a queue may ask for a callback that keeps their place (issue 17): it is stored QUEUED
 * ({@link #requestedInQueue}), with no booking agent ({@link #QUEUE_CALLER}) and due at the caller's arrival; the
 * queue keeps its place and, at the head with an agent free, has it dialled ({@link #offerQueued}); from there on
 * it is an ordinary callback (retries, outcome). After a restart a QUEUED callback stays QUEUED ({@link #queuedNow()}):
 * the call center puts it back in the ACD at its place, or, when its queue no longer offers callbacks, makes it due
 * ({@link #unplaced}). Its own figures: {@code cti_queue_callbacks_total} and {@code cti_queue_callback_time}, and the
 * wallboard's ({@link #onFinished}, {@link #queuedCounts}).
 */
public final class Callbacks implements dev.cti.server.call.CallbackQueue {
    /** The booking agent of a callback a caller asked for in a queue: none. */
    public static final String QUEUE_CALLER = "";
    private static final Logger LOG = LoggerFactory.getLogger(Callbacks.class);

    private final FollowUpConfig config;
    private final FollowUpStore store;
    private final Seats seats;
    private final Clock clock;
    private final MeterRegistry meters;
    /** Open callbacks by id, in booking order. Guarded by {@code this}. */
    private final Map<Long, Callback> open = new LinkedHashMap<>();
    private Consumer<Callback> offered = c -> { };
    private Runnable changed = () -> { };
    private Finished finished = (queue, completed, time) -> { };

    public Callbacks(FollowUpConfig config, FollowUpStore store, Seats seats, Clock clock, MeterRegistry meters) {
        this.config = config;
        this.store = store;
        this.seats = seats;
        this.clock = clock;
        this.meters = meters;
        ServerMeters.FOLLOW_UP_CALLBACKS_OVERDUE.gauge(this, c -> c.overdue().size()).register(meters);
        ServerMeters.FOLLOW_UP_CALLBACKS_OPEN.gauge(this, c -> c.openNow().size()).register(meters);
    }

    /** Told each callback dialled (to show it on the agent's desktop). */
    public void onOffered(Consumer<Callback> listener) {
        this.offered = listener;
    }

    /** Told after any callback changed (booked, dialled, finished), to push the supervisors' list. */
    public void onChanged(Runnable listener) {
        this.changed = listener;
    }

    /**
     * Reads the open callbacks back (after a restart a callback that was being dialled is offered again; a QUEUED one
     * waits for the call center to put it back at its place).
     */
    public Future<Void> start() {
        return store.openCallbacks().map(list -> {
            synchronized (this) {
                list.forEach(c -> open.put(c.id(), c.status() == Status.DIALING ? c.retryAt(c.nextAt()) : c));
            }
            return null;
        });
    }

    /** Books a callback of {@code callId}, due at {@code dueAt}; stored before the future completes. */
    public Future<Callback> book(String agentId, String callId, Optional<String> queueId, String number, Instant dueAt) {
        Instant now = clock.instant();
        return store.insert(new Callback(0, callId, agentId, queueId, number, dueAt, Status.PENDING, 0, dueAt,
                Optional.empty(), Optional.empty(), now, Optional.empty())).map(c -> {
                    synchronized (this) {
                        open.put(c.id(), c);
                    }
                    ServerMeters.FOLLOW_UP_CALLBACKS.counter(meters, "scheduled").increment();
                    changed.run();
                    return c;
                });
    }

    /** As {@link #requestedInQueue(String, String, String, Instant, FollowUpStore.Place)}, without a stored place. */
    public Future<Long> requestedInQueue(String callId, String queueId, String number, Instant arrivedAt) {
        return requestedInQueue(callId, queueId, number, arrivedAt, Optional.empty());
    }

    @Override
    public Future<Long> requestedInQueue(String callId, String queueId, String number, Instant arrivedAt,
                                        FollowUpStore.Place place) {
        return requestedInQueue(callId, queueId, number, arrivedAt, Optional.of(place));
    }

    private Future<Long> requestedInQueue(String callId, String queueId, String number, Instant arrivedAt,
                                          Optional<FollowUpStore.Place> place) {
        Instant now = clock.instant();
        return store.insert(new Callback(0, callId, QUEUE_CALLER, Optional.of(queueId), number, arrivedAt,
                Status.QUEUED, 0, arrivedAt, Optional.empty(), Optional.empty(), now, Optional.empty()), place).map(c -> {
                    synchronized (this) {
                        open.put(c.id(), c);
                    }
                    ServerMeters.QUEUE_CALLBACKS.counter(meters, queueId, "requested").increment();
                    changed.run();
                    return c.id();
                });
    }

    @Override
    public Future<Boolean> offerQueued(long id, String agentId) {
        Callback c;
        synchronized (this) {
            c = open.get(id);
        }
        if (c == null || c.status() != Status.QUEUED) {
            return Future.succeededFuture(false);
        }
        return offer(c, agentId);
    }

    @Override
    public synchronized List<Callback> queuedNow() {
        return open.values().stream().filter(c -> c.status() == Status.QUEUED).toList();
    }

    @Override
    public Future<Void> unplaced(long id) {
        Callback c;
        synchronized (this) {
            c = open.get(id);
        }
        if (c == null || c.status() != Status.QUEUED) {
            return Future.succeededFuture();
        }
        Callback due = c.retryAt(c.nextAt());
        return store.update(due).map(v -> {
            synchronized (this) {
                open.put(id, due);
            }
            changed.run();
            return null;
        });
    }

    @Override
    public Future<Map<String, FollowUpStore.QueuedCounts>> queuedCounts(Instant from, Instant to) {
        return store.queuedCounts(from, to);
    }

    @Override
    public void onFinished(Finished listener) {
        this.finished = listener;
    }

    /**
     * Offers every pending callback whose time has come to an agent: the booking agent if READY, else the longest
     * idle READY agent of its queue; one without a free agent waits for the next tick. Completes when each offer was
     * commanded (or refused) and stored.
     */
    public Future<Void> tick() {
        Instant now = clock.instant();
        List<Callback> due;
        synchronized (this) {
            due = open.values().stream().filter(c -> c.status() == Status.PENDING && !c.nextAt().isAfter(now))
                    .sorted(Comparator.comparing(Callback::nextAt)).toList();
        }
        List<String> taken = new ArrayList<>();
        Future<Void> chain = Future.succeededFuture();
        for (Callback c : due) {
            Optional<String> agent = agentFor(c, taken);
            if (agent.isEmpty()) {
                continue;
            }
            taken.add(agent.get());
            chain = chain.compose(v -> offer(c, agent.get()).<Void>mapEmpty());
        }
        return chain;
    }

    private Optional<String> agentFor(Callback c, List<String> taken) {
        if (seats.ready(c.agentId()) && !taken.contains(c.agentId())) {
            return Optional.of(c.agentId());
        }
        return c.queueId().flatMap(q -> seats.readyAgentsOf(q).stream().filter(a -> !taken.contains(a)).findFirst());
    }

    /** Dials {@code c} through {@code agent}; false when the dial was refused (the agent is not free after all). */
    private Future<Boolean> offer(Callback c, String agent) {
        return seats.dial(agent, c.number()).compose(requestId -> {
            Callback dialling = c.dialling(agent, requestId);
            return store.update(dialling).map(v -> {
                synchronized (this) {
                    open.put(c.id(), dialling);
                }
                offered.accept(dialling);
                changed.run();
                return true;
            });
        }, err -> {
            LOG.info("callback {} not offered to {} now: {}", c.id(), agent, err.getMessage());
            return Future.succeededFuture(false);
        });
    }

    /**
     * A click-to-dial call ended: when it was a callback's, the customer {@code answered} makes it DONE; else it is
     * retried after the spacing, or FAILED when its attempts are used up. False when it was no callback's dial.
     */
    public Future<Boolean> dialEnded(String requestId, boolean answered) {
        Callback c;
        synchronized (this) {
            c = open.values().stream().filter(o -> o.status() == Status.DIALING
                    && o.requestId().equals(Optional.of(requestId))).findFirst().orElse(null);
        }
        if (c == null) {
            return Future.succeededFuture(false);
        }
        Instant now = clock.instant();
        Callback next = answered ? c.finished(Status.DONE, now)
                : c.attempts() > config.callbackRetries() ? c.finished(Status.FAILED, now)
                : c.retryAt(now.plus(Duration.ofMinutes(config.callbackRetryMinutes())));
        return store.update(next).map(v -> {
            synchronized (this) {
                if (next.open()) {
                    open.put(next.id(), next);
                } else {
                    open.remove(next.id());
                }
            }
            if (!next.open()) {
                counted(next);
            }
            changed.run();
            return true;
        });
    }

    /** A callback's end in its figures: the scheduled callbacks', or the queue's for one a caller asked for there. */
    private void counted(Callback c) {
        boolean done = c.status() == Status.DONE;
        if (!QUEUE_CALLER.equals(c.agentId())) {
            ServerMeters.FOLLOW_UP_CALLBACKS.counter(meters, done ? "done" : "failed").increment();
            return;
        }
        String queue = c.queueId().orElse("");
        ServerMeters.QUEUE_CALLBACKS.counter(meters, queue, done ? "completed" : "failed").increment();
        // the time to callback: from the caller's arrival (dueAt) to the customer answering
        Duration time = Duration.between(c.dueAt(), c.finishedAt().orElseThrow());
        if (done) {
            ServerMeters.QUEUE_CALLBACK_TIME.timer(queue).register(meters).record(time);
        }
        finished.finished(queue, done, time);
    }

    /** The open callbacks now, soonest first. */
    public synchronized List<Callback> openNow() {
        return open.values().stream().sorted(Comparator.comparing(Callback::nextAt)).toList();
    }

    /** Whether an open callback is overdue at {@code now}: not done {@code callbackOverdueMinutes} after it was due. */
    public boolean overdue(Callback c, Instant now) {
        return c.open() && c.status() != Status.QUEUED && now.isAfter(c.dueAt().plus(Duration.ofMinutes(config.callbackOverdueMinutes())));
    }

    /** The overdue callbacks now, longest overdue first. */
    public List<Callback> overdue() {
        Instant now = clock.instant();
        return openNow().stream().filter(c -> overdue(c, now)).sorted(Comparator.comparing(Callback::dueAt)).toList();
    }
}
