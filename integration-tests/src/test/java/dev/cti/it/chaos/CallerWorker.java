package dev.cti.it.chaos;

import dev.cti.it.stack.Caller;
import dev.cti.it.stack.Parties;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

/**
 * One customer line on its own thread, calling again and again: dials a queue (service and sales in turn), talks for
 * 6 to 10 s once the gateway has taken the call (greeting, music, then an agent), hangs up, waits a moment, calls
 * again. While {@code quiet} it does not hang up (a call being sampled through a fault stays up). A call ended from
 * the far side before the customer hung up is a dropped call. The phone is replaced every {@link #CALLS_PER_PHONE}
 * calls so that what it heard stays bounded.
 */
final class CallerWorker implements Runnable {
    static final int CALLS_PER_PHONE = 10;
    private static final String[] QUEUES = {"4008001000", "4008002000"};
    private final Parties parties;
    private final String number;
    private final double toneHz;
    private final Tally tally;
    private final BooleanSupplier quiet;
    private volatile boolean stop;
    private volatile Caller caller;
    private volatile boolean inCall;
    private int calls;
    private boolean callerUsed;

    CallerWorker(Parties parties, String number, double toneHz, Tally tally, BooleanSupplier quiet) {
        this.parties = parties;
        this.number = number;
        this.toneHz = toneHz;
        this.tally = tally;
        this.quiet = quiet;
    }

    String number() {
        return number;
    }

    double toneHz() {
        return toneHz;
    }

    /** The phone while a call is up (what it hears can be sampled), else null. */
    Caller inCall() {
        return inCall ? caller : null;
    }

    /** Finishes the call in progress (as usual) and stops calling. */
    void stop() {
        stop = true;
    }

    @Override
    public void run() {
        try {
            while (!stop) {
                if (caller == null || callerUsed && calls % CALLS_PER_PHONE == 0) {
                    replacePhone();
                }
                oneCall();
                Thread.sleep(ThreadLocalRandom.current().nextLong(500, 2000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            tally.failed.incrementAndGet();
            tally.refusedCommand("caller", new JsonObject().put("message", e.toString()));
        } finally {
            if (caller != null) {
                try {
                    parties.release(caller);
                } catch (Exception ignored) {
                    // closing
                }
            }
        }
    }

    private void replacePhone() throws Exception {
        if (caller != null) {
            parties.release(caller);
        }
        caller = parties.caller(number, toneHz);
        callerUsed = false;
    }

    private void oneCall() throws Exception {
        Caller c = caller;
        int mark = c.events().all().size();
        callerUsed = true;
        try {
            c.dial(QUEUES[calls % QUEUES.length]);
        } catch (Exception e) {
            // the outcome is in the events
        }
        calls++;
        JsonObject first = await(c, mark, 20_000, "answered", "dial-failed", "hangup");
        if (first == null || !"answered".equals(first.getString("event"))) {
            if (first != null && "dial-failed".equals(first.getString("event"))
                    && first.getInteger("status", 0) == 503) {
                tally.refused.incrementAndGet();
                Thread.sleep(2000); // Retry-After: the trunk tries again (here: this line, later)
            } else {
                tally.failed.incrementAndGet();
                tally.refusedCommand("dial", new JsonObject().put("message",
                        first == null ? "no answer in 20 s" : first.getString("event") + " " + first.getValue("status")));
                hangUpQuietly(c);
            }
            return;
        }
        tally.placed(number);
        inCall = true;
        try {
            long until = System.currentTimeMillis() + ThreadLocalRandom.current().nextLong(6000, 10_000);
            while (System.currentTimeMillis() < until || quiet.getAsBoolean()) {
                if (after(c, mark, "hangup") != null) {
                    tally.dropped.incrementAndGet();
                    return;
                }
                Thread.sleep(100);
            }
        } finally {
            inCall = false;
        }
        c.hangup();
    }

    private static void hangUpQuietly(Caller c) {
        try {
            c.hangup();
        } catch (Exception ignored) {
            // nothing to hang up
        }
    }

    private static JsonObject await(Caller c, int mark, long millis, String... names) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            for (String n : names) {
                JsonObject e = after(c, mark, n);
                if (e != null) {
                    return e;
                }
            }
            Thread.sleep(50);
        }
        return null;
    }

    private static JsonObject after(Caller c, int mark, String name) {
        List<JsonObject> all = c.events().all();
        for (int i = mark; i < all.size(); i++) {
            if (name.equals(all.get(i).getString("event"))) {
                return all.get(i);
            }
        }
        return null;
    }
}
