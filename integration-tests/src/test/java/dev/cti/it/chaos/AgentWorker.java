package dev.cti.it.chaos;

import dev.cti.it.stack.Seat;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * One headless agent at work, on its own thread: its seat answers by itself (auto-answer) and sends its tone; this
 * worker follows the state the server pushes and does what an agent does: puts every other call on hold for 1.5 s,
 * sends a wrap-up code after each call, takes a 2 s break every third time it is READY again. Every change it asks for and the server
 * confirms goes into the {@link Tally}; a command that fails (the server is away) is tried again while it still
 * applies.
 */
final class AgentWorker implements Runnable {
    private static final long TICK_MS = 100;
    private final Seat seat;
    private final Tally tally;
    private final BooleanSupplier holdsAllowed;
    private volatile boolean stop;
    private int seen;
    private String state = "";
    private String callId;
    private int calls;
    private int readies;
    private long holdAt = Long.MAX_VALUE;
    private long wrapUpAt = Long.MAX_VALUE;
    private String wrapUpCall;
    private long readyAt = Long.MAX_VALUE;
    private long breakAt = Long.MAX_VALUE;

    AgentWorker(Seat seat, Tally tally, BooleanSupplier holdsAllowed) {
        this.seat = seat;
        this.tally = tally;
        this.holdsAllowed = holdsAllowed;
    }

    String agentId() {
        return seat.agentId();
    }

    Seat seat() {
        return seat;
    }

    /** The call the server last showed this agent ON_CALL on, while it is. */
    synchronized String talkingOn() {
        return "ON_CALL".equals(state) ? callId : null;
    }

    void stop() {
        stop = true;
    }

    @Override
    public void run() {
        while (!stop) {
            try {
                follow();
                act(System.currentTimeMillis());
                Thread.sleep(TICK_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                tally.refusedCommand("worker", new JsonObject().put("message", e.toString()));
            }
        }
    }

    private void follow() {
        List<JsonObject> events = seat.events().all();
        long now = System.currentTimeMillis();
        for (int i = seen; i < events.size(); i++) {
            JsonObject e = events.get(i);
            if (!"state".equals(e.getString("event"))) {
                continue;
            }
            String next = e.getString("state");
            String call = e.getString("callId");
            synchronized (this) {
                boolean changed = !next.equals(state);
                state = next;
                callId = call;
                if (!changed) {
                    continue;
                }
            }
            switch (next) {
                case "ON_CALL" -> {
                    if (call != null && tally.answeredBy.putIfAbsent(call, seat.agentId()) == null) {
                        calls++;
                        holdAt = calls % 2 == 1 ? now + 1000 : Long.MAX_VALUE;
                    }
                }
                case "WRAP_UP" -> {
                    wrapUpAt = now + 400;
                    wrapUpCall = call;
                }
                case "READY" -> {
                    readies++;
                    breakAt = readies % 3 == 0 ? now + 300 : Long.MAX_VALUE;
                }
                case "NOT_READY" -> {
                    if (readyAt == Long.MAX_VALUE) {
                        readyAt = now + 2000; // put there by the system (e.g. a ring no answer): back to work
                    }
                }
                case "LOGGED_OUT" -> {
                    tally.foundLoggedOut.incrementAndGet();
                    readyAt = now + 500;
                }
                default -> { }
            }
        }
        seen = events.size();
    }

    private void act(long now) throws Exception {
        String s;
        synchronized (this) {
            s = state;
        }
        if (now >= holdAt && "ON_CALL".equals(s)) {
            holdAt = Long.MAX_VALUE;
            if (holdsAllowed.getAsBoolean() && ok("hold", seat.run("hold"))) {
                tally.holds.incrementAndGet();
                Thread.sleep(1500);
                ok("resume", seat.run("resume"));
            }
        } else if (now >= wrapUpAt && "WRAP_UP".equals(s)) {
            if (ok("wrapup", seat.run("wrapup resolved"))) {
                wrapUpAt = Long.MAX_VALUE;
                if (wrapUpCall != null) tally.wrappedUp.add(wrapUpCall);
                tally.agentChange("wrapup");
            } else {
                wrapUpAt = now + 1000;
            }
        } else if (now >= breakAt && "READY".equals(s)) {
            breakAt = Long.MAX_VALUE;
            if (ok("not-ready", seat.run("not-ready break"))) {
                tally.agentChange("not-ready");
                readyAt = now + 2000;
            }
        } else if (now >= readyAt && ("NOT_READY".equals(s) || "LOGGED_OUT".equals(s))) {
            if (ok("ready", seat.run("ready"))) {
                readyAt = Long.MAX_VALUE;
                tally.agentChange("ready");
            } else {
                readyAt = now + 5000;
            }
        }
    }

    private boolean ok(String command, JsonObject answer) {
        if ("ok".equals(answer.getString("event"))) {
            return true;
        }
        tally.refusedCommand(command, answer);
        return false;
    }
}
