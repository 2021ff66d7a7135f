package dev.cti.gateway.recording;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Free space of the recording directory against its floor, checked every {@value #PERIOD_SECONDS} s on the
 * gateway's timer thread (never an event loop) and cached, so deciding whether to record a new call costs a
 * volatile read. A change of side is logged and reported to the listener (the link event, the wallboard alert).
 */
final class DiskGuard {
    private static final Logger LOG = LoggerFactory.getLogger(DiskGuard.class);
    static final long PERIOD_SECONDS = 5;

    private final Path directory;
    private final long floorBytes;
    private final BiConsumer<Boolean, Long> onChange;
    private volatile long freeBytes = -1;
    private volatile boolean below;
    private ScheduledFuture<?> task;

    /** @param onChange told (below floor?, free bytes) when the side changes, and once after the first check */
    DiskGuard(Path directory, long floorBytes, BiConsumer<Boolean, Long> onChange) {
        this.directory = directory;
        this.floorBytes = floorBytes;
        this.onChange = onChange;
    }

    void start(ScheduledExecutorService timers) {
        check(true);
        task = timers.scheduleWithFixedDelay(() -> check(false), PERIOD_SECONDS, PERIOD_SECONDS, TimeUnit.SECONDS);
    }

    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    /** Reads the free space now. */
    void check(boolean first) {
        long free;
        try {
            free = Files.getFileStore(directory).getUsableSpace();
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot read the free space of the recording directory {}: {}", directory, e.toString());
            free = 0;
        }
        freeBytes = free;
        boolean nowBelow = free < floorBytes;
        if (first || nowBelow != below) {
            below = nowBelow;
            if (nowBelow) {
                LOG.warn("recording directory {} has {} MB free, under the floor of {} MB: new calls are NOT recorded",
                        directory, free >> 20, floorBytes >> 20);
            } else if (!first) {
                LOG.info("recording directory {} has {} MB free again: new calls are recorded", directory, free >> 20);
            }
            try {
                onChange.accept(nowBelow, free);
            } catch (RuntimeException e) {
                LOG.warn("disk status listener failed", e);
            }
        }
    }

    boolean belowFloor() {
        return below;
    }

    long freeBytes() {
        return Math.max(0, freeBytes);
    }

    long floorBytes() {
        return floorBytes;
    }
}
