package dev.cti.server.call;

import dev.cti.config.CtiConfig;
import dev.cti.config.MenuConfig;
import dev.cti.link.message.CallInMenu;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.CommandRejected;
import dev.cti.link.message.HangUp;
import dev.cti.link.message.Leg;
import dev.cti.link.message.LinkCommand;
import dev.cti.link.message.PlayPrompts;
import dev.cti.link.message.PromptsPlayed;
import dev.cti.link.message.RouteToQueue;
import dev.cti.server.metrics.ServerMeters;
import dev.cti.server.store.CallRecord;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The voice menus (IVR, issue 17): the server runs them, the gateway plays. A call the gateway reports
 * {@link CallInMenu} is checked against its menu's business hours (site time zone and holidays, from the call
 * center's clock): outside them the caller hears the closed prompt, then the closed action's message or goodbye, and
 * is hung up. Inside, the caller hears the menu's prompt ({@link PlayPrompts}) while this owns the call's keys
 * ({@link CallKeys#own}): a key acts at once, interrupting the prompt; after the prompt ({@link PromptsPlayed}) the
 * menu waits timeoutSeconds. No key in time or a key no option has plays the timeout or invalid prompt and the menu
 * again, up to retries times, then the menu's fallback. A queue action sends {@link RouteToQueue} (the gateway's
 * CallOffered then queues the call as usual); a message or hangup plays the message or goodbye, then
 * {@link HangUp}; a callback action routes the call to its queue, where the callback that keeps its place is
 * offered at once ({@link QueueCallbackOffers#offerOnArrival}; after the closed prompt when it is the closed action).
 * A refused command ends the call. A queue with business hours dialled directly comes as the menu
 * {@code queue:<id>} ({@link MenuConfig#forQueueHours}): closed, as a closed menu; open, straight into the queue.
 * Timers run on the call center's context; nothing here blocks.
 */
final class CallMenus implements KeyListener {
    private static final Logger LOG = LoggerFactory.getLogger(CallMenus.class);

    private enum Stage {
        /** The menu's prompt plays, or the menu waits for a key. */
        CHOOSING,
        /** A message, goodbye or closed prompt plays; then the call is hung up. */
        ENDING,
        /** The closed prompt plays; then the call goes to the closed action's queue with the callback offer. */
        TO_CALLBACK
    }

    private static final class Session {
        final String callId;
        /** The menu the dialled number leads to (its top), for the CDR. */
        final MenuConfig top;
        final String callerNumber;
        final String dialledNumber;
        final Instant startedAt;
        /** The caller's keys in the menus, in order (the CDR's notes). */
        final StringBuilder keys = new StringBuilder();
        MenuConfig menu;
        Stage stage;
        int misses;
        String playId;
        long timer = -1;

        Session(String callId, MenuConfig menu, String callerNumber, String dialledNumber, Instant startedAt) {
            this.callId = callId;
            this.menu = menu;
            this.top = menu;
            this.callerNumber = callerNumber;
            this.dialledNumber = dialledNumber;
            this.startedAt = startedAt;
        }
    }

    private final Vertx vertx;
    private final CtiConfig config;
    private final CallCenter.CommandSink gateway;
    private final CallKeys keys;
    private final Clock clock;
    private final MeterRegistry meters;
    private final ZoneId zone;
    private final Map<String, Session> sessions = new HashMap<>();
    /** Told the call id of a call routed to a queue to be offered the callback at once (issue 17). */
    private final java.util.function.Consumer<String> callbackOnArrival;
    /** Stores a step of a call's CDR (CallLifecycle::recordCall). */
    private final java.util.function.Consumer<CallRecord> records;
    private long plays;

    CallMenus(Vertx vertx, CtiConfig config, CallCenter.CommandSink gateway, CallKeys keys, Clock clock,
              MeterRegistry meters, java.util.function.Consumer<String> callbackOnArrival,
              java.util.function.Consumer<CallRecord> records) {
        this.callbackOnArrival = callbackOnArrival;
        this.records = records;
        this.meters = meters;
        this.vertx = vertx;
        this.config = config;
        this.gateway = gateway;
        this.keys = keys;
        this.clock = clock;
        this.zone = ZoneId.of(config.site().timeZone());
    }

    /** A call answered into a menu. */
    void arrived(CallInMenu e) {
        if (sessions.containsKey(e.callId())) {
            return; // repeated after a reconnect
        }
        MenuConfig menu = config.menu(e.menuId()).orElse(null);
        if (menu == null) {
            LOG.warn("call {} is in menu {}, which is not configured here; hanging up", e.callId(), e.menuId());
            send(new HangUp(e.callId(), ClearCause.FAILED));
            return;
        }
        start(new Session(e.callId(), menu, e.callerNumber(), e.dialledNumber(), Instant.ofEpochMilli(e.at())));
    }

    /**
     * A call the last run left in a menu ({@code IN_PROGRESS}, no queue) that the gateway still has after a restart
     * ({@link RestartRecovery#settle}): it is taken back into the menu its dialled number leads to, from the top (what
     * the caller had chosen in sub-menus is not known). A number that leads to no menu now ends the call.
     */
    void resume(CallRecord r) {
        if (sessions.containsKey(r.id())) {
            return; // its CallInMenu came again meanwhile
        }
        MenuConfig menu = r.dialledNumber().flatMap(config::menuForNumber).orElse(null);
        if (menu == null) {
            LOG.warn("call {} was in a menu before the restart, but its number leads to none now; hanging up", r.id());
            send(new HangUp(r.id(), ClearCause.FAILED));
            records.accept(new CallRecord(r.id(), CallRecord.Direction.INBOUND, Optional.empty(), r.callerNumber(),
                    r.dialledNumber(), Optional.empty(), CallRecord.Outcome.ENDED_IN_MENU, java.time.Duration.ZERO,
                    java.time.Duration.ZERO, java.time.Duration.ZERO, java.time.Duration.ZERO, java.time.Duration.ZERO,
                    Optional.empty(), Optional.of("menu gone after a restart"), r.startedAt(), Optional.empty(),
                    Optional.of(clock.instant())));
            return;
        }
        LOG.info("call {} was in a menu before the restart: back in menu {} from its top", r.id(), menu.id());
        count(menu, "resumed");
        start(new Session(r.id(), menu, r.callerNumber().orElse(""), r.dialledNumber().orElse(""), r.startedAt()));
    }

    private void start(Session s) {
        sessions.put(s.callId, s);
        keys.own(s.callId, this);
        record(s, Optional.empty()); // IN_PROGRESS, no queue: a restarted server takes it back (resume)
        enter(s, s.menu, List.of());
    }

    /** The prompts of a PlayPrompts were played. */
    void played(PromptsPlayed e) {
        Session s = sessions.get(e.callId());
        if (s == null || !e.playId().equals(s.playId)) {
            return; // replaced meanwhile
        }
        if (s.stage == Stage.ENDING) {
            end(s);
            record(s, Optional.of(clock.instant()));
            send(new HangUp(s.callId, ClearCause.SERVER_HANGUP));
        } else if (s.stage == Stage.TO_CALLBACK) {
            act(s, s.menu.hours().orElseThrow().closedAction(), List.of());
        } else {
            s.timer = vertx.setTimer(s.menu.timeoutSeconds() * 1000L, id -> timedOut(s, id));
        }
    }

    @Override
    public void keyPressed(String callId, Leg leg, char digit, Instant at) {
        Session s = sessions.get(callId);
        if (s == null || leg != Leg.CALLER || s.stage != Stage.CHOOSING) {
            return;
        }
        cancelTimer(s);
        if (s.keys.length() < 64) {
            s.keys.append(digit);
        }
        MenuConfig.Option option = s.menu.option(digit).orElse(null);
        if (option == null) {
            count(s.menu, "invalid");
            missed(s, s.menu.invalidPrompt());
        } else {
            s.misses = 0;
            if (option.action().kind() != MenuConfig.Kind.MENU) {
                count(s.menu, option.action().kind().name().toLowerCase(java.util.Locale.ROOT));
            }
            act(s, option.action(), List.of());
        }
    }

    /** The call ended (CallCleared): its menu is over; when it was still in one, the CDR says it ended there. */
    void cleared(String callId, Instant at) {
        Session s = sessions.remove(callId);
        if (s != null) {
            cancelTimer(s);
            record(s, Optional.of(at));
        }
    }

    /** A refusal of a menu command: the call cannot go on in its menu, so it is ended. True when it was one. */
    boolean rejected(CommandRejected e) {
        Session s = e.callId() == null ? null : sessions.get(e.callId());
        if (s == null || !List.of("PlayPrompts", "RouteToQueue").contains(e.commandType())) {
            return false;
        }
        LOG.warn("call {}: the gateway refused {} ({}) in menu {}; hanging up", s.callId, e.commandType(), e.reason(),
                s.menu.id());
        end(s);
        record(s, Optional.of(clock.instant()));
        send(new HangUp(s.callId, ClearCause.FAILED));
        return true;
    }

    private void timedOut(Session s, long id) {
        if (s.timer == id && sessions.get(s.callId) == s) {
            s.timer = -1;
            count(s.menu, "timeout");
            missed(s, s.menu.timeoutPrompt());
        }
    }

    /** No key in time, or a key no option has: the menu again, or after the last retry its fallback. */
    private void missed(Session s, String prompt) {
        s.misses++;
        if (s.misses > s.menu.retries()) {
            LOG.info("call {}: no choice in menu {} after {} tries, fallback {}", s.callId, s.menu.id(), s.misses,
                    s.menu.fallback().kind());
            count(s.menu, "fallback");
            s.misses = 0;
            act(s, s.menu.fallback(), List.of(prompt));
        } else {
            play(s, Stage.CHOOSING, List.of(prompt, s.menu.prompt()));
        }
    }

    private void act(Session s, MenuConfig.Action action, List<String> lead) {
        switch (action.kind()) {
            case QUEUE -> {
                LOG.info("call {}: menu {} routes it to queue {}", s.callId, s.menu.id(), action.target());
                end(s);
                send(new RouteToQueue(s.callId, action.target()));
            }
            case MENU -> enter(s, config.menu(action.target()).orElseThrow(), lead);
            case CALLBACK -> {
                LOG.info("call {}: menu {} offers the callback of queue {}", s.callId, s.menu.id(), action.target());
                end(s);
                callbackOnArrival.accept(s.callId);
                send(new RouteToQueue(s.callId, action.target()));
            }
            case MESSAGE -> play(s, Stage.ENDING, concat(lead, action.target()));
            case HANGUP -> play(s, Stage.ENDING, concat(lead, s.menu.goodbyePrompt()));
        }
    }

    /** Into {@code menu}: its prompt when it is open, else the closed prompt and the closed action. */
    private void enter(Session s, MenuConfig menu, List<String> lead) {
        s.menu = menu;
        s.misses = 0;
        var hours = menu.hours().orElse(null);
        if (hours != null && !hours.isOpen(clock.instant().atZone(zone), config.holidayDates())) {
            LOG.info("call {}: menu {} is closed now", s.callId, menu.id());
            count(menu, "closed");
            MenuConfig.Action closed = hours.closedAction();
            List<String> prompts = concat(lead, hours.closedPrompt());
            if (closed.kind() == MenuConfig.Kind.CALLBACK) {
                play(s, Stage.TO_CALLBACK, prompts);
                return;
            }
            play(s, Stage.ENDING, concat(prompts, closed.promptFile().orElse(menu.goodbyePrompt())));
            return;
        }
        if (menu.queueHours()) {
            act(s, menu.fallback(), lead); // a queue dialled directly, open: straight into it
            return;
        }
        play(s, Stage.CHOOSING, concat(lead, menu.prompt()));
    }

    private void play(Session s, Stage stage, List<String> prompts) {
        cancelTimer(s);
        s.stage = stage;
        s.playId = "p-" + (++plays);
        send(new PlayPrompts(s.callId, s.playId, prompts));
    }

    /** The menu is done with the call (routed, or about to be hung up): its keys go to nobody again. */
    private void end(Session s) {
        cancelTimer(s);
        sessions.remove(s.callId);
        keys.release(s.callId);
    }

    private void cancelTimer(Session s) {
        if (s.timer >= 0) {
            vertx.cancelTimer(s.timer);
            s.timer = -1;
        }
    }

    /**
     * The CDR of a call in a menu: {@code IN_PROGRESS} while it is there, {@code ENDED_IN_MENU} when it ends there
     * ({@code ended}), no queue and no agent (so no queue figure counts it: docs/METRICS.md); the notes name the menu
     * the number leads to and the keys pressed. A call the menu routes to a queue gets its CDR from the queue on.
     */
    private void record(Session s, Optional<Instant> ended) {
        java.time.Duration zero = java.time.Duration.ZERO;
        String notes = "menu " + s.top.id() + ", keys " + (s.keys.isEmpty() ? "none" : s.keys);
        records.accept(new CallRecord(s.callId, CallRecord.Direction.INBOUND, Optional.empty(),
                Optional.of(s.callerNumber), Optional.of(s.dialledNumber), Optional.empty(),
                ended.isPresent() ? CallRecord.Outcome.ENDED_IN_MENU : CallRecord.Outcome.IN_PROGRESS, zero, zero, zero,
                zero, zero, Optional.empty(), Optional.of(notes), s.startedAt, Optional.empty(), ended));
    }

    private void count(MenuConfig menu, String result) {
        ServerMeters.MENU_RESULTS.counter(meters, menu.id(), result).increment();
    }

    private void send(LinkCommand command) {
        gateway.send(command).onFailure(err -> LOG.warn("menu command {} not sent: {}",
                command.getClass().getSimpleName(), err.getMessage()));
    }

    private static List<String> concat(List<String> lead, String last) {
        List<String> out = new ArrayList<>(lead);
        out.add(last);
        return out;
    }
}
