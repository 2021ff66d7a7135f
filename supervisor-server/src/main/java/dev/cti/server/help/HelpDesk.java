package dev.cti.server.help;

import dev.cti.server.agent.AgentRegistry;
import dev.cti.server.agent.AgentSnapshot;
import dev.cti.server.agent.AgentState;
import dev.cti.server.events.AgentUpdate;
import dev.cti.server.events.CallPushEvent;
import dev.cti.server.events.HelpHand;
import dev.cti.server.events.MonitorView;
import dev.cti.server.events.ServerEvents;
import dev.cti.server.events.Topic;
import dev.cti.server.monitor.MonitorState;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * "Ask for help" (issue 18): an agent on a call raises a hand; the supervisors of its team see it on the wallboard
 * (a {@code help} push and {@link #hands()}), one of them joins the call in whisper through the monitor API. The hand
 * is lowered when a supervisor's monitor of the agent becomes active ({@code joined}), the agent cancels it
 * ({@code cancelled}) or the agent's call ends or changes ({@code call-ended}). One hand per agent; raising it again
 * keeps the first one's time. The hands live on one context (the HTTP verticle's), where the agent and monitor events
 * are taken too; they are not stored: a restart lowers them all, as it ends the calls' monitors.
 */
public final class HelpDesk {
    /** Why a hand cannot be raised: the API maps {@code error} to 409. */
    public static final class Refused extends RuntimeException {
        private final String error;

        Refused(String error, String message) {
            super(message, null, false, false);
            this.error = error;
        }

        public String error() {
            return error;
        }
    }

    private final Context context;
    private final AgentRegistry agents;
    private final ServerEvents events;
    private final Clock clock;
    private final Map<String, HelpHand> hands = new LinkedHashMap<>();
    private final List<Topic.Subscription<?>> subscriptions = new ArrayList<>();

    /** Takes the agent and monitor events on {@code context} from now on; {@link #close()} stops that. */
    public HelpDesk(Context context, AgentRegistry agents, ServerEvents events, Clock clock) {
        this.context = context;
        this.agents = agents;
        this.events = events;
        this.clock = clock;
        subscriptions.add(events.agents().subscribe(context, this::agentChanged));
        subscriptions.add(events.calls().subscribe(context, this::pushed));
    }

    /** Raises {@code agentId}'s hand; fails {@link Refused} {@code not_on_call} unless the agent is on a call. */
    public Future<HelpHand> raise(String agentId) {
        return onContext(() -> {
            HelpHand up = hands.get(agentId);
            if (up != null) {
                return up;
            }
            AgentSnapshot s = agents.snapshot(agentId).orElse(null);
            if (s == null || s.state() != AgentState.ON_CALL || s.callId().isEmpty()) {
                throw new Refused("not_on_call", "help is asked for during a call");
            }
            HelpHand hand = new HelpHand(agentId, s.callId().get(), s.queueId(), clock.instant());
            hands.put(agentId, hand);
            events.calls().publish(new CallPushEvent.Help(hand.raisedAt(), hand, "raised", Optional.empty()));
            return hand;
        });
    }

    /** The agent lowers its hand; false when none was raised. */
    public Future<Boolean> cancel(String agentId) {
        return onContext(() -> lower(agentId, "cancelled"));
    }

    /** The raised hands, longest waiting first. */
    public Future<List<HelpHand>> hands() {
        return onContext(() -> List.copyOf(hands.values()));
    }

    /** Stops taking the server's events (the verticle stops). */
    public void close() {
        subscriptions.forEach(Topic.Subscription::cancel);
        subscriptions.clear();
    }

    private void agentChanged(AgentUpdate update) {
        HelpHand hand = hands.get(update.agentId());
        if (hand != null && update instanceof AgentUpdate.Changed c && (c.snapshot().state() != AgentState.ON_CALL
                || !c.snapshot().callId().equals(Optional.of(hand.callId())))) {
            lower(hand.agentId(), "call-ended");
        }
    }

    private void pushed(CallPushEvent event) {
        if (event instanceof CallPushEvent.Monitor m && m.monitor() instanceof MonitorView.Session s
                && s.state() == MonitorState.ACTIVE) {
            lower(s.agentId(), "joined");
        }
    }

    private boolean lower(String agentId, String why) {
        HelpHand hand = hands.remove(agentId);
        if (hand == null) {
            return false;
        }
        events.calls().publish(new CallPushEvent.Help(clock.instant(), hand, "lowered", Optional.of(why)));
        return true;
    }

    private <T> Future<T> onContext(Supplier<T> work) {
        Promise<T> p = Promise.promise();
        context.runOnContext(v -> {
            try {
                p.complete(work.get());
            } catch (RuntimeException e) {
                p.fail(e);
            }
        });
        return p.future();
    }
}
