package dev.cti.bench.core;

import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Prints a progress line every second while a phase runs, so someone watching a long benchmark sees it move
 * (and sees at once when a generator stalls). Close it to stop.
 */
public final class Progress implements AutoCloseable {

    private final ScheduledExecutorService timer;

    private Progress(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    public static Progress every(PrintStream out, String phase, Supplier<String> status) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-progress");
            t.setDaemon(true);
            return t;
        });
        long start = System.nanoTime();
        timer.scheduleAtFixedRate(() -> {
            try {
                long s = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
                out.printf("bench: %s %3ds %s%n", phase, s, status.get());
            } catch (RuntimeException e) {
                out.println("bench: " + phase + " progress: " + e);
            }
        }, 1, 1, TimeUnit.SECONDS);
        return new Progress(timer);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
