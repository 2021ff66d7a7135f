package dev.cti.bench.server;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Changes agent states through the REST API at a fixed rate (READY ↔ NOT_READY(break), agents in turn): the
 * event load of T5 and T6. Every accepted change is one agent event on the server's push channel.
 */
public final class StateChangeDriver implements AutoCloseable {

    private final ServerSut server;
    private final int agents;
    private final boolean[] notReady;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-state-driver");
        t.setDaemon(true);
        return t;
    });
    private int next;

    public StateChangeDriver(ServerSut server, int agents) {
        this.server = server;
        this.agents = agents;
        this.notReady = new boolean[agents];
    }

    /** Starts sending {@code perSecond} changes a second. */
    public void start(int perSecond) {
        long periodMicros = 1_000_000L / Math.max(1, perSecond);
        timer.scheduleAtFixedRate(this::one, 0, periodMicros, TimeUnit.MICROSECONDS);
    }

    private void one() {
        int i = next;
        next = (next + 1) % agents;
        boolean toNotReady = !notReady[i];
        notReady[i] = toNotReady;
        sent.incrementAndGet();
        server.setState(ConfigGenerator.agentId(i), toNotReady ? "NOT_READY" : "READY", toNotReady ? "break" : null)
                .whenComplete((status, e) -> (e == null && status == 200 ? accepted : failed).incrementAndGet());
    }

    public long sent() {
        return sent.get();
    }

    public long accepted() {
        return accepted.get();
    }

    public long failed() {
        return failed.get();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
