package dev.cti.agent.demo;

import dev.cti.agent.AgentSeat;
import dev.cti.config.CtiConfig;
import dev.cti.config.WrapUpCode;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Plays one agent on a headless {@link AgentSeat}, the way a person at the desk would, so the wallboard has something
 * to show: goes READY, answers a ringing call after one to three rings, sometimes puts the caller on hold for a few
 * seconds, and after the call picks a wrap-up code of the call's queue. Back to READY after a RONA.
 *
 * <p>It only reacts to the seat's events and types commands into it; every decision is scheduled on the demo's one
 * scheduler thread, with the randomness passed in.
 */
final class DemoAgent implements Consumer<JsonObject> {
    private static final double HOLD_PROBABILITY = 0.3;

    private final String agentId;
    private final CtiConfig config;
    private final ScheduledExecutorService scheduler;
    private final Random random;
    private final Consumer<String> say;
    private volatile AgentSeat seat;
    private volatile String queueId;

    DemoAgent(String agentId, CtiConfig config, ScheduledExecutorService scheduler, Random random, Consumer<String> say) {
        this.agentId = agentId;
        this.config = config;
        this.scheduler = scheduler;
        this.random = random;
        this.say = say;
    }

    void attach(AgentSeat seat) {
        this.seat = seat;
    }

    @Override
    public void accept(JsonObject e) {
        String event = e.getString("event", "");
        switch (event) {
            case "incoming" -> {
                if (e.getBoolean("autoAnswer", false)) {
                    return; // a supervisor's monitor call: the phone has answered it already
                }
                double cadence = config.compliance().ringCadenceSeconds();
                int rings = 1 + random.nextInt(Math.max(1, config.compliance().ringTargetRings()));
                long delayMs = (long) (((rings - 1) * cadence + 0.5 + random.nextDouble()) * 1000);
                later(delayMs, "answer", "answers on ring " + rings);
            }
            case "answered" -> {
                if (random.nextDouble() < HOLD_PROBABILITY) {
                    long holdAt = 2000 + random.nextInt(3000);
                    long holdFor = 3000 + random.nextInt(6000);
                    later(holdAt, "hold", "puts the caller on hold");
                    later(holdAt + holdFor, "resume", "takes the caller back");
                }
            }
            case "state" -> onState(e);
            case "error" -> say.accept(agentId + ": " + e.getString("message"));
            default -> { }
        }
    }

    private void onState(JsonObject e) {
        String state = e.getString("state", "");
        if (e.getString("queueId") != null) queueId = e.getString("queueId");
        switch (state) {
            case "NOT_READY" -> {
                String reason = e.getString("reason", "");
                if (reason.equals("system.login")) {
                    later(500, "ready", null);
                } else if (reason.startsWith("system.")) {
                    say.accept(agentId + " is NOT_READY (" + reason + ")");
                    later(3000 + random.nextInt(3000), "ready", "is back READY");
                }
            }
            case "WRAP_UP" -> {
                List<WrapUpCode> codes = queueId == null ? List.of() : config.wrapUpCodesFor(queueId);
                if (codes.isEmpty()) {
                    later(2000 + random.nextInt(3000), "ready", "is READY");
                } else {
                    String code = codes.get(random.nextInt(codes.size())).code();
                    later(2000 + random.nextInt(3000), "wrapup " + code, "wraps up: " + code);
                }
            }
            default -> { }
        }
    }

    private void later(long delayMs, String command, String what) {
        scheduler.schedule(() -> {
            AgentSeat s = seat;
            if (s == null) return;
            s.execute(command).thenAccept(r -> {
                if ("ok".equals(r.getString("event"))) {
                    if (what != null) say.accept(agentId + " " + what);
                } else if (!command.equals("answer") && !command.equals("resume")) {
                    // an answer or resume that came too late (the caller hung up) is normal in a demo
                    say.accept(agentId + ": " + command + " refused: " + r.getString("message"));
                }
            });
        }, delayMs, TimeUnit.MILLISECONDS);
    }
}
