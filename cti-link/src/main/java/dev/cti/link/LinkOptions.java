package dev.cti.link;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of the link, the same on both sides.
 *
 * @param heartbeatInterval how often each side sends a Ping and checks the peer's liveness
 * @param deadAfter         a peer that sent no line at all for this long is declared dead and the connection closed
 * @param maxLineBytes      longest line accepted (a Snapshot is one line, so this bounds the snapshot size too)
 * @param reconnectMin      first reconnect delay of the client; doubled on each failure ...
 * @param reconnectMax      ... up to this cap
 * @param replayBufferEvents events the client keeps until the server acknowledges them (while the link is down,
 *                          and while a snapshot is being produced); beyond it new events are not kept (counted)
 * @param writeQueueMaxBytes bytes queued on the socket before the peer counts as too slow and is disconnected
 * @param clock             source of the {@code at}/{@code startedAt} stamps and of liveness checks
 */
public record LinkOptions(
        Duration heartbeatInterval,
        Duration deadAfter,
        int maxLineBytes,
        Duration reconnectMin,
        Duration reconnectMax,
        int replayBufferEvents,
        int writeQueueMaxBytes,
        Clock clock) {

    public LinkOptions {
        Objects.requireNonNull(clock, "clock");
        if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
            throw new IllegalArgumentException("heartbeatInterval must be positive");
        }
        if (deadAfter.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("deadAfter must be at least twice heartbeatInterval");
        }
        if (reconnectMin.isNegative() || reconnectMin.isZero() || reconnectMax.compareTo(reconnectMin) < 0) {
            throw new IllegalArgumentException("need 0 < reconnectMin <= reconnectMax");
        }
        if (maxLineBytes < 1024 || replayBufferEvents < 1 || writeQueueMaxBytes < maxLineBytes) {
            throw new IllegalArgumentException("maxLineBytes >= 1024, replayBufferEvents >= 1, writeQueueMaxBytes >= maxLineBytes");
        }
    }

    /** Default of {@link #replayBufferEvents} (and of {@code network.ctiLink.replayBufferEvents}). */
    public static final int DEFAULT_REPLAY_BUFFER_EVENTS = dev.cti.config.NetworkConfig.CtiLink.DEFAULT_REPLAY_BUFFER_EVENTS;

    /**
     * Production defaults: 1 s heartbeat, dead after 3.5 s, 4 MiB lines, reconnect 100 ms .. 5 s, 20 000 events kept
     * for replay.
     */
    public static LinkOptions defaults() {
        return new LinkOptions(Duration.ofSeconds(1), Duration.ofMillis(3500), 4 * 1024 * 1024,
                Duration.ofMillis(100), Duration.ofSeconds(5), DEFAULT_REPLAY_BUFFER_EVENTS, 16 * 1024 * 1024,
                Clock.systemUTC());
    }

    public LinkOptions withReplayBuffer(int events) {
        return new LinkOptions(heartbeatInterval, deadAfter, maxLineBytes, reconnectMin, reconnectMax, events,
                writeQueueMaxBytes, clock);
    }

    public LinkOptions withHeartbeat(Duration interval, Duration deadAfter) {
        return new LinkOptions(interval, deadAfter, maxLineBytes, reconnectMin, reconnectMax, replayBufferEvents,
                writeQueueMaxBytes, clock);
    }

    public LinkOptions withReconnect(Duration min, Duration max) {
        return new LinkOptions(heartbeatInterval, deadAfter, maxLineBytes, min, max, replayBufferEvents,
                writeQueueMaxBytes, clock);
    }

    public LinkOptions withMaxLineBytes(int bytes) {
        return new LinkOptions(heartbeatInterval, deadAfter, bytes, reconnectMin, reconnectMax, replayBufferEvents,
                Math.max(writeQueueMaxBytes, bytes), clock);
    }

    public LinkOptions withClock(Clock clock) {
        return new LinkOptions(heartbeatInterval, deadAfter, maxLineBytes, reconnectMin, reconnectMax,
                replayBufferEvents, writeQueueMaxBytes, clock);
    }
}
