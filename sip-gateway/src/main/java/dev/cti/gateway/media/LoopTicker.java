package dev.cti.gateway.media;

import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One periodic task per event loop that ticks every leg on that loop ({@link RtpLeg#tick}: the inactivity check and
 * the tap's sweep, e.g. a recording handing over its settled audio when no packet comes), every
 * {@value #TICK_MILLIS} ms.
 *
 * <p>Why not a timer per leg and per recording, as before: each such timer woke its loop on its own schedule, between
 * the packets. Benchmark T3 counted the voluntary context switches of the {@code rtp} threads: with 150 recorded
 * calls they tripled against the same calls unrecorded (900 timer firings a second: a 1 s inactivity check per leg
 * and a 250 ms sweep per recording), and the relay's CPU per call-second rose by 43-51 %. With one tick per loop
 * the wake-ups no longer grow with the number of legs.
 *
 * <p>Threading: the list of a loop is touched on that loop only; a leg is added from its bind listener (on its loop)
 * and removed by its channel's close listener (on its loop).
 */
final class LoopTicker {
    private static final Logger LOG = LoggerFactory.getLogger(LoopTicker.class);
    static final long TICK_MILLIS = 250;
    private static final RtpLeg[] NONE = new RtpLeg[0];

    private final Map<EventLoop, List<RtpLeg>> legsByLoop = new ConcurrentHashMap<>();

    /** Ticks {@code leg} from now until its channel closes. On the leg's event loop. */
    void add(RtpLeg leg) {
        EventLoop loop = leg.eventLoop();
        assert loop.inEventLoop() : "a leg is added on its own loop";
        List<RtpLeg> legs = legsByLoop.computeIfAbsent(loop, this::start);
        legs.add(leg);
        leg.channel().closeFuture().addListener(f -> legs.remove(leg));
    }

    private List<RtpLeg> start(EventLoop loop) {
        List<RtpLeg> legs = new ArrayList<>();
        try {
            loop.scheduleAtFixedRate(() -> tick(legs), TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("event loop is stopping: no tick for it");
        }
        return legs;
    }

    private static void tick(List<RtpLeg> legs) {
        for (RtpLeg leg : legs.toArray(NONE)) { // a copy: a tick may close a leg, whose listener removes it
            try {
                leg.tick();
            } catch (RuntimeException e) {
                LOG.warn("tick of {} failed", leg, e);
            }
        }
    }
}
