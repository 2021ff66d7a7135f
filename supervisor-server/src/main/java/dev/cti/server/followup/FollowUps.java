package dev.cti.server.followup;

import dev.cti.config.AgentConfig;
import dev.cti.config.CtiConfig;
import dev.cti.config.QueueConfig;
import dev.cti.config.WrapUpCode;
import dev.cti.privacy.PhoneMask;
import dev.cti.server.events.CallPushEvent;
import dev.cti.server.events.ServerEvents;
import dev.cti.server.script.RenderedScript;
import dev.cti.server.script.ScriptRenderer;
import dev.cti.server.store.FollowUpStore;
import dev.cti.server.store.FollowUpStore.Callback;
import dev.cti.server.store.Store;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scheduled callbacks and complaint follow-up in the server, put together (issue 17): a wrap-up of category callback
 * books a {@link Callbacks} entry, one of category complaint opens a {@link Complaints} entry ({@link #afterWrapUp}).
 * {@link #start()} reads the open ones back and ticks every {@link #TICK}: due callbacks are offered, the overdue
 * flagged. Pushes on {@link ServerEvents#calls()}: {@code callback} to the agent a callback is dialled for (with the
 * script's callback phrase and the customer's details), {@code follow-ups} to supervisors.
 */
public final class FollowUps {
    private static final Logger LOG = LoggerFactory.getLogger(FollowUps.class);
    static final Duration TICK = Duration.ofSeconds(15);
    /** The id of the script's quick phrase said when calling a customer back (conf/scripts.yaml). */
    static final String CALLBACK_PHRASE = "callback";

    private final Vertx vertx;
    private final CtiConfig config;
    private final Store store;
    private final ServerEvents events;
    private final Clock clock;
    private final FollowUpStore rows;
    private final Callbacks callbacks;
    private final Complaints complaints;
    private final ScriptRenderer scripts;
    private long timer = -1;

    public FollowUps(Vertx vertx, CtiConfig config, Store store, Seats seats, ServerEvents events, MeterRegistry meters,
                     Clock clock) {
        this.vertx = vertx;
        this.config = config;
        this.store = store;
        this.events = events;
        this.clock = clock;
        this.rows = new FollowUpStore(store);
        this.callbacks = new Callbacks(config.followUps(), rows, seats, clock, meters);
        this.complaints = new Complaints(config, rows, clock, meters);
        this.scripts = new ScriptRenderer(config);
        callbacks.onOffered(this::offered);
        callbacks.onChanged(this::publish);
        complaints.onChanged(this::publish);
    }

    public Callbacks callbacks() {
        return callbacks;
    }

    public Complaints complaints() {
        return complaints;
    }

    public FollowUpStore rows() {
        return rows;
    }

    /** A callback's booking as the wrap-up gave it. */
    public record Booking(Instant at, String number) {}

    /**
     * After an accepted wrap-up of {@code callId} with {@code code}: books the callback (category callback) or opens
     * the complaint follow-up (category complaint); nothing for other codes.
     */
    public Future<Void> afterWrapUp(String agentId, String callId, Optional<String> queueId, String code,
                                    Optional<Booking> booking, Optional<String> complaintLevel) {
        Optional<WrapUpCode.Category> category = category(code);
        if (category.equals(Optional.of(WrapUpCode.Category.CALLBACK)) && booking.isPresent()) {
            return callbacks.book(agentId, callId, queueId, booking.get().number(), booking.get().at()).mapEmpty();
        }
        if (category.equals(Optional.of(WrapUpCode.Category.COMPLAINT))) {
            return complaints.open(agentId, callId, queueId, complaintLevel).mapEmpty();
        }
        return Future.succeededFuture();
    }

    public Optional<WrapUpCode.Category> category(String code) {
        return config.wrapUpCodes().stream().filter(w -> w.code().equals(code)).map(WrapUpCode::category).findFirst();
    }

    /** Reads the open follow-ups back, then ticks every {@link #TICK}. */
    public Future<Void> start() {
        return callbacks.start().compose(v -> complaints.start()).onSuccess(v -> {
            timer = vertx.setPeriodic(TICK.toMillis(), id -> tick());
        });
    }

    /** Offers the due callbacks, then pushes the supervisors' list (the overdue flags move with the clock). */
    public Future<Void> tick() {
        return callbacks.tick().onComplete(ar -> {
            if (ar.failed()) {
                LOG.warn("callback tick failed: {}", ar.cause().toString());
            }
            publish();
        });
    }

    public void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** The callbacks with their overdue flag now. */
    public List<FollowUpViews.CallbackView> callbackViews(List<Callback> list) {
        Instant now = clock.instant();
        return list.stream().map(c -> new FollowUpViews.CallbackView(c, callbacks.overdue(c, now))).toList();
    }

    public List<FollowUpViews.ComplaintView> complaintViews(List<FollowUpStore.Complaint> list) {
        Instant now = clock.instant();
        return list.stream().map(c -> new FollowUpViews.ComplaintView(c, complaints.closeBy(c),
                complaints.overdue(c, now))).toList();
    }

    private void publish() {
        events.calls().publish(new CallPushEvent.FollowUps(clock.instant(), callbackViews(callbacks.overdue()),
                complaintViews(complaints.openNow())));
    }

    private void offered(Callback c) {
        String agentId = c.dialledBy().orElse(c.agentId());
        store.customer(c.number()).otherwise(Optional.empty()).onSuccess(customer -> {
            Optional<String> who = customer.map(k -> (k.surname() + " " + k.title().orElse("")).strip());
            String phrase = phrase(agentId, c.queueId(), customer.map(k -> new ScriptRenderer.Customer(k.surname(),
                    k.title().orElse(""))));
            events.calls().publish(new CallPushEvent.CallbackOffer(clock.instant(), agentId, c.id(),
                    c.requestId().orElse(""), PhoneMask.mask(c.number()), who, phrase, c.dueAt(), c.queueId(),
                    c.attempts()));
        });
    }

    /** The queue's script's callback phrase for the agent; empty when the queue has no script or no such phrase. */
    private String phrase(String agentId, Optional<String> queueId, Optional<ScriptRenderer.Customer> customer) {
        Optional<AgentConfig> agent = config.agent(agentId);
        Optional<QueueConfig> queue = queueId.flatMap(config::queue);
        if (agent.isEmpty() || queue.isEmpty()) {
            return "";
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneId.of(config.site().timeZone()));
        return scripts.render(queue.get(), agent.get(), customer, today).stream()
                .flatMap(s -> s.quickPhrases().stream()).filter(l -> l.id().equals(CALLBACK_PHRASE))
                .map(RenderedScript.Line::text).findFirst().orElse("");
    }
}
