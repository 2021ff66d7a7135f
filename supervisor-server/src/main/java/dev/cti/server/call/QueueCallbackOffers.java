package dev.cti.server.call;

import dev.cti.config.CtiConfig;
import dev.cti.config.QueueConfig;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.HangUp;
import dev.cti.link.message.Leg;
import dev.cti.link.message.LinkCommand;
import dev.cti.link.message.PlayPrompts;
import dev.cti.link.message.PromptsPlayed;
import dev.cti.server.acd.Acd;
import dev.cti.server.acd.Assignment;
import dev.cti.server.kpi.CallbackTally;
import dev.cti.server.metrics.ServerMeters;
import dev.cti.server.store.FollowUpStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The callback that keeps its place (issue 17). A waiting caller of a queue with {@code callback} configured hears
 * "press 1 to be called back" at the end of the position announcement ({@link #offerWith}: once waited
 * {@code afterSeconds}, or sooner when the estimated wait passes {@code aboveWaitSeconds}); from then on this owns the
 * call's keys. 1 plays the number prompt: 1 alone (then # or {@link #NUMBER_TIMEOUT} of silence) confirms the caller-ID
 * number, another number (3 to 20 digits) then # is taken instead; a bad number is counted and the prompt replayed.
 * The callback is stored ({@link CallbackQueue#requestedInQueue}), the confirmation played, and the caller hung up;
 * the call's CallCleared leaves the waiting entry in the ACD ({@link CallLifecycle#clearedForCallback}), in its place.
 * When the ACD gives that entry an agent ({@link #assigned}), the callback is dialled through that agent by the
 * scheduled callbacks' click-to-dial and retry rules; if it cannot be dialled now it goes back to the head of its
 * queue. Runs on the call center's context; nothing blocks.
 */
final class QueueCallbackOffers implements KeyListener {
    private static final Logger LOG = LoggerFactory.getLogger(QueueCallbackOffers.class);
    static final Duration NUMBER_TIMEOUT = Duration.ofSeconds(4);

    private enum Stage { OFFERED, NUMBER, CONFIRMED }

    private static final class Offer {
        final LiveCall call;
        Stage stage = Stage.OFFERED;
        final StringBuilder digits = new StringBuilder();
        String playId;
        long timer = -1;

        Offer(LiveCall call) {
            this.call = call;
        }
    }

    private final Vertx vertx;
    private final CtiConfig config;
    private final CallCenter.CommandSink gateway;
    private final CallKeys keys;
    private final Clock clock;
    private final Acd acd;
    private final MeterRegistry meters;
    private final CallbackTally tally;
    private final Map<String, Offer> offers = new HashMap<>();
    /** Callbacks keeping their place in the ACD, by the caller's call id: their stored id (null until stored). */
    private final Map<String, Long> waiting = new HashMap<>();
    private Optional<CallbackQueue> callbacks = Optional.empty();
    /** Calls a menu routes to a queue to be offered the callback as soon as they are queued. */
    private final java.util.Set<String> onArrival = new java.util.HashSet<>();
    private CallDispatcher dispatcher;
    private long plays;

    QueueCallbackOffers(Vertx vertx, CtiConfig config, CallCenter.CommandSink gateway, CallKeys keys, Clock clock,
                        Acd acd, MeterRegistry meters) {
        this.vertx = vertx;
        this.config = config;
        this.gateway = gateway;
        this.keys = keys;
        this.clock = clock;
        this.acd = acd;
        this.meters = meters;
        this.tally = new CallbackTally(clock, ZoneId.of(config.site().timeZone()));
    }

    /**
     * Where callbacks are stored and dialled; none (the default) offers none. Today's figures are read back from it
     * and counted from then on.
     */
    void use(CallbackQueue queue, CallDispatcher dispatcher) {
        this.callbacks = Optional.of(queue);
        this.dispatcher = dispatcher;
        queue.onFinished(tally::finished);
        ZoneId site = ZoneId.of(config.site().timeZone()); // the site's day, not the clock's zone
        Instant today = LocalDate.ofInstant(clock.instant(), site).atStartOfDay(site).toInstant();
        queue.queuedCounts(today, today.plus(Duration.ofDays(2))).onSuccess(tally::start)
                .onFailure(err -> LOG.warn("today's queue callbacks not read: {}", err.getMessage()));
    }

    /** Today's figures of the queue's callbacks; empty when the queue offers none. */
    Optional<FollowUpStore.QueuedCounts> figures(QueueConfig queue) {
        return queue.callback().isPresent() ? Optional.of(tally.counts(queue.id())) : Optional.empty();
    }

    /**
     * After a restart, the callbacks stored QUEUED go back into the ACD at their place: among the waiting entries by
     * their caller's arrival time, keeping their place from then on, as before the restart. One whose queue is gone or
     * no longer offers callbacks is made due instead (offered like a scheduled callback). The number put back.
     */
    int restore() {
        if (callbacks.isEmpty()) {
            return 0;
        }
        int placed = 0;
        for (FollowUpStore.Callback c : callbacks.get().queuedNow()) {
            Optional<QueueConfig> queue = c.queueId().flatMap(config::queue);
            if (queue.isEmpty() || queue.get().callback().isEmpty() || waiting.containsKey(c.callId())) {
                LOG.warn("callback {} of queue {} has no place any more: offered like a due callback", c.id(),
                        c.queueId().orElse("?"));
                callbacks.get().unplaced(c.id()).onFailure(err -> LOG.warn("callback {} not made due: {}", c.id(),
                        err.getMessage()));
                continue;
            }
            acd.restore(c.callId(), queue.get().id(), c.dueAt());
            acd.keepPlace(c.callId());
            waiting.put(c.callId(), c.id());
            placed++;
        }
        if (placed > 0) {
            LOG.info("{} callback(s) that keep their place put back in their queues", placed);
            dispatcher.dispatch();
        }
        return placed;
    }

    /**
     * Whether this announcement to {@code call} offers the callback; when it does, the call's keys are this one's.
     * A caller already answering the offer is not offered again.
     */
    boolean offerWith(LiveCall call, QueueConfig queue, long estimatedWaitSeconds) {
        QueueConfig.CallbackOffer rule = queue.callback().orElse(null);
        if (rule == null || callbacks.isEmpty() || call.callerNumber == null || call.callerNumber.isEmpty()) {
            return false;
        }
        Offer o = offers.get(call.callId);
        if (o != null) {
            return o.stage == Stage.OFFERED;
        }
        long waited = Duration.between(call.arrivedAt, clock.instant()).getSeconds();
        boolean due = waited >= rule.afterSeconds()
                || (rule.aboveWaitSeconds() > 0 && estimatedWaitSeconds >= rule.aboveWaitSeconds());
        if (due) {
            offers.put(call.callId, new Offer(call));
            keys.own(call.callId, this);
        }
        return due;
    }

    /** A voice menu's callback option (or closed action) routes the call to a queue: offered as soon as queued. */
    void offerOnArrival(String callId) {
        onArrival.add(callId);
    }

    /** The call was queued (CallOffered): when a menu asked for it, the offer is played to it now. */
    void queued(LiveCall call) {
        if (call == null || !onArrival.remove(call.callId) || offers.containsKey(call.callId)) {
            return;
        }
        QueueConfig queue = config.queue(call.queueId).orElse(null);
        if (queue == null || queue.callback().isEmpty() || callbacks.isEmpty()) {
            return;
        }
        Offer o = new Offer(call);
        offers.put(call.callId, o);
        keys.own(call.callId, this);
        play(o, queue.callbackPrompt("offer"));
    }

    /** Whether the caller took the offer and is keying the number or hearing the confirmation. */
    boolean answering(String callId) {
        Offer o = offers.get(callId);
        return o != null && o.stage != Stage.OFFERED;
    }

    @Override
    public void keyPressed(String callId, Leg leg, char digit, Instant at) {
        Offer o = offers.get(callId);
        if (o == null || leg != Leg.CALLER || o.call.phase != LiveCall.Phase.QUEUED) {
            return;
        }
        QueueConfig queue = config.queue(o.call.queueId).orElseThrow();
        switch (o.stage) {
            case OFFERED -> {
                if (digit == '1') {
                    o.stage = Stage.NUMBER;
                    play(o, queue.callbackPrompt("number"));
                }
            }
            case NUMBER -> {
                cancelTimer(o);
                if (digit == '#') {
                    numberKeyed(o, queue);
                } else if (Character.isDigit(digit)) {
                    o.digits.append(digit);
                    long timer = vertx.setTimer(NUMBER_TIMEOUT.toMillis(), id -> {
                        if (o.timer == id && offers.get(callId) == o && o.stage == Stage.NUMBER) {
                            o.timer = -1;
                            numberKeyed(o, queue);
                        }
                    });
                    o.timer = timer;
                } else {
                    invalid(o, queue);
                }
            }
            case CONFIRMED -> { }
        }
    }

    /** # or the pause after the keys: 1 alone (or nothing) is the caller-ID number, else the keyed number. */
    private void numberKeyed(Offer o, QueueConfig queue) {
        String keyed = o.digits.toString();
        if (!keyed.isEmpty() && !keyed.equals("1") && (keyed.length() < 3 || keyed.length() > 20)) {
            invalid(o, queue);
            return;
        }
        String number = keyed.isEmpty() || keyed.equals("1") ? o.call.callerNumber : keyed;
        o.stage = Stage.CONFIRMED;
        LiveCall call = o.call;
        waiting.put(call.callId, null);
        acd.keepPlace(call.callId); // no overflow, no time-out from now on
        callbacks.orElseThrow().requestedInQueue(call.callId, call.queueId, number, call.arrivedAt,
                        new FollowUpStore.Place(queue.priority(), queue.requiredSkills()))
                .onComplete(ar -> {
                    if (ar.failed()) {
                        LOG.warn("call {}: the callback could not be stored ({}); the caller keeps waiting",
                                call.callId, ar.cause().toString());
                        waiting.remove(call.callId);
                        offers.remove(call.callId);
                        keys.release(call.callId);
                        return;
                    }
                    if (waiting.containsKey(call.callId)) {
                        waiting.put(call.callId, ar.result());
                    }
                    tally.requested(call.queueId);
                    LOG.info("call {}: callback {} requested in queue {}, keeping its place", call.callId,
                            ar.result(), call.queueId);
                    play(o, queue.callbackPrompt("confirmed"));
                });
    }

    private void invalid(Offer o, QueueConfig queue) {
        ServerMeters.QUEUE_CALLBACKS.counter(meters, queue.id(), "invalid_number").increment();
        o.digits.setLength(0);
        play(o, queue.callbackPrompt("number"));
    }

    /** The confirmation was played: the caller is hung up, the callback keeps the place. */
    boolean played(PromptsPlayed e) {
        Offer o = offers.get(e.callId());
        if (o == null || !e.playId().equals(o.playId)) {
            return false;
        }
        if (o.stage == Stage.CONFIRMED) {
            send(new HangUp(e.callId(), ClearCause.SERVER_HANGUP));
        }
        return true;
    }

    /** Whether the call, now cleared, left a callback that keeps its place (its entry stays in the ACD). */
    boolean keepsPlace(String callId) {
        Offer o = offers.remove(callId);
        if (o != null) {
            cancelTimer(o);
        }
        return waiting.containsKey(callId);
    }

    /** The call ended without a callback (or as a callback's caller): forgets its offer. */
    void cleared(String callId, boolean keptPlace) {
        onArrival.remove(callId);
        if (!keptPlace) {
            waiting.remove(callId);
        }
    }

    /**
     * The ACD gave {@code a}'s waiting entry an agent: true when it is a callback, which is then dialled through that
     * agent (or, when that fails, put back at the head of its queue and the agent made available again).
     */
    boolean assigned(Assignment a) {
        String callId = a.call().callId();
        if (!waiting.containsKey(callId)) {
            return false;
        }
        Long id = waiting.get(callId);
        if (id == null) { // not stored yet: its turn comes again
            backToHead(a);
            return true;
        }
        waiting.remove(callId);
        LOG.info("callback {} of queue {} reached the head: dialled through agent {}", id, a.call().queueId(),
                a.agentId());
        callbacks.orElseThrow().offerQueued(id, a.agentId()).onComplete(ar -> {
            if (ar.failed() || !ar.result()) {
                waiting.put(callId, id);
                backToHead(a);
            }
        });
        return true;
    }

    private void backToHead(Assignment a) {
        acd.requeueAtHead(a.call(), true);
        dispatcher.agentChanged(a.agentId());
        vertx.setTimer(1000, t -> dispatcher.dispatch());
    }

    private void play(Offer o, String prompt) {
        o.playId = "cb-" + (++plays);
        send(new PlayPrompts(o.call.callId, o.playId, List.of(prompt)));
    }

    private void cancelTimer(Offer o) {
        if (o.timer >= 0) {
            vertx.cancelTimer(o.timer);
            o.timer = -1;
        }
    }

    private void send(LinkCommand command) {
        gateway.send(command).onFailure(err -> LOG.warn("callback command {} not sent: {}",
                command.getClass().getSimpleName(), err.getMessage()));
    }
}
