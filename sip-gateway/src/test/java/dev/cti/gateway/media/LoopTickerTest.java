package dev.cti.gateway.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.protocol.audio.G711;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The engine's one tick per loop reaches every tapped leg, on the leg's loop, and stops with the leg. */
class LoopTickerTest {

    /** Counts ticks and remembers the threads they came on. */
    private static final class CountingTap implements LegTap {
        final AtomicInteger ticks = new AtomicInteger();
        final Set<String> threads = ConcurrentHashMap.newKeySet();

        @Override
        public void received(G711 law, ByteBuf buf, int index, int length) {}

        @Override
        public void sent(G711 law, ByteBuf buf, int index, int length) {}

        @Override
        public void tick() {
            ticks.incrementAndGet();
            threads.add(Thread.currentThread().getName());
        }
    }

    @Test
    void everyTappedLegIsTickedOnItsLoopUntilItIsReleased() throws Exception {
        try (MediaEngine engine = MediaEngineFixture.start(new SimpleMeterRegistry(), MediaListener.NONE, 30)) {
            MediaLeg first = engine.allocateLeg().get(5, TimeUnit.SECONDS);
            List<MediaLeg> legs = new ArrayList<>(List.of(first));
            for (int i = 0; i < 5; i++) {
                legs.add(engine.allocateLeg(i % 2 == 0 ? first : null).get(5, TimeUnit.SECONDS));
            }
            List<CountingTap> taps = new ArrayList<>();
            for (MediaLeg leg : legs) {
                CountingTap tap = new CountingTap();
                engine.tap(leg, tap);
                taps.add(tap);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> taps.stream().allMatch(t -> t.ticks.get() >= 3));
            for (int i = 0; i < legs.size(); i++) {
                String loopThread = legs.get(i).eventLoop().submit(() -> Thread.currentThread().getName()).get();
                assertThat(taps.get(i).threads).as("leg %d is ticked on its own loop only", i)
                        .containsExactly(loopThread);
            }

            MediaLeg released = legs.get(1);
            engine.release(released);
            released.eventLoop().submit(() -> { }).get(); // the close listener has run on the loop
            int atRelease = taps.get(1).ticks.get();
            int othersBefore = taps.get(2).ticks.get();
            await().atMost(Duration.ofSeconds(5)).until(() -> taps.get(2).ticks.get() >= othersBefore + 3);
            assertThat(taps.get(1).ticks.get()).as("a released leg is no longer ticked").isLessThanOrEqualTo(atRelease + 1);
        }
    }
}
